import { Type } from '@sinclair/typebox';
import { PlainText } from './common';

/**
 * The shapes of the free-form strings that become names, versions, places and addresses. Each is
 * checked at the edge (a clear 400 naming the field) before the domain checks it against the
 * catalog, the configured regions or the teams.
 */
export const VERSION_PATTERN = '^[0-9A-Za-z][0-9A-Za-z.+_-]*$';
export const VersionText = (description?: string) =>
  Type.String({ minLength: 1, maxLength: 40, pattern: VERSION_PATTERN, ...(description ? { description } : {}) });
export const RegionName = Type.String({
  minLength: 1,
  maxLength: 40,
  pattern: '^[a-z0-9][a-z0-9-]*$',
  description: 'a configured region (GET /api/regions)',
});
export const InstanceTypeName = Type.String({
  minLength: 1,
  maxLength: 60,
  pattern: '^[a-z0-9][a-z0-9.-]*$',
  description: 'a configured instance type (GET /api/instance-types)',
});
export const KernelVersion = Type.String({
  minLength: 1,
  maxLength: 60,
  pattern: '^[0-9][0-9A-Za-z.+_-]*$',
  description: "one of the kernels the cluster's regions offer (GET /api/regions)",
});
export const EMAIL_PATTERN = "^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}$";
export const Email = Type.String({ maxLength: 200, pattern: EMAIL_PATTERN });
export const ChatChannel = Type.String({
  minLength: 2,
  maxLength: 81,
  pattern: '^[#@][A-Za-z0-9._-]{1,80}$',
  description: 'a chat channel (#team) or handle (@person)',
});
/** Whom to contact about a cluster: an email address or a chat channel or handle. */
export const Contact = Type.String({
  minLength: 3,
  maxLength: 200,
  pattern: `^(${EMAIL_PATTERN.slice(1, -1)}|[#@][A-Za-z0-9._-]{1,80})$`,
  description: 'an email address, #channel or @handle',
});
export const PagingKey = Type.String({
  minLength: 1,
  maxLength: 200,
  pattern: '^[A-Za-z0-9._:-]+$',
  description: "the team's paging routing key",
});
export const TagKey = '^[a-z0-9_.-]{1,40}$';
export const TagValue = PlainText({ maxLength: 200 });
export const Tags = (maxProperties: number) => Type.Record(Type.String({ pattern: TagKey }), TagValue, { maxProperties });
export const WorkloadName = Type.String({ minLength: 1, maxLength: 60, pattern: '^[a-z0-9][a-z0-9_-]*$' });

/** Plain words for the patterns above, used by the error handler instead of the regular expression. */
export const PATTERN_WORDS: Record<string, string> = {
  [VERSION_PATTERN]: 'must be a version such as 4.1.6 (letters, digits, dots, dashes)',
  [RegionName.pattern as string]: 'must be a region name such as us-east-1 (GET /api/regions)',
  [InstanceTypeName.pattern as string]: 'must be an instance type name such as m5.large (GET /api/instance-types)',
  [KernelVersion.pattern as string]: 'must be a kernel version such as 6.1.0-25-cloud-amd64',
  [EMAIL_PATTERN]: 'must be an email address',
  [ChatChannel.pattern as string]: 'must be a chat channel (#team) or handle (@person)',
  [Contact.pattern as string]: 'must be an email address, a #channel or an @handle',
  [PagingKey.pattern as string]: 'must be a paging routing key: letters, digits, dots, dashes, colons',
  [TagKey]: 'must be 1 to 40 lowercase letters, digits, dots, dashes or underscores',
  [WorkloadName.pattern as string]: 'must be a workload name (lowercase letters, digits, dashes)',
};
