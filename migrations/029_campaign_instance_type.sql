-- A campaign may move clusters to another instance type, to another version, or both at once (the
-- upgrade operation takes both): the version becomes optional and at least one target is required.
ALTER TABLE campaigns ALTER COLUMN to_version DROP NOT NULL;
ALTER TABLE campaigns ADD COLUMN to_instance_type text;
ALTER TABLE campaigns ADD CONSTRAINT campaigns_target_given CHECK (to_version IS NOT NULL OR to_instance_type IS NOT NULL);
