import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { EngineName } from '../core/types';

/** The operation types a playbook may start. */
export const RemediationActions = ['restart_node', 'replace_node', 'scale_out'] as const;

const PlaybookSchema = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9-]+$' }),
    version: Type.Integer({ minimum: 1 }),
    description: Type.String(),
    match: Type.Object(
      {
        alerts: Type.Array(Type.String(), { minItems: 1 }),
        // Engine names as the registry has them; a name no engine has never matches.
        engines: Type.Array(Type.String({ pattern: '^[a-z][a-z0-9-]{0,39}$' })),
        needsNode: Type.Boolean(),
        /** Labels the alert must carry with exactly these values (e.g. role: primary). */
        labels: Type.Optional(Type.Record(Type.String(), Type.String())),
      },
      { additionalProperties: false },
    ),
    action: Type.Union(RemediationActions.map((a) => Type.Literal(a))),
    /** Urgent actions run at once; the others wait for the cluster's maintenance window, if it has one. */
    urgent: Type.Boolean(),
  },
  { additionalProperties: false },
);
const PlaybooksFile = Type.Object({ playbooks: Type.Array(PlaybookSchema) }, { additionalProperties: false });
export type Playbook = Static<typeof PlaybookSchema>;

export const defaultPlaybooksFile = resolve(import.meta.dirname, '../../config/playbooks.json');

/** Reads the playbooks versioned in the repository; a bad file stops the process with the reason. */
export function loadPlaybooks(path = defaultPlaybooksFile): Playbook[] {
  const raw: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (!Value.Check(PlaybooksFile, raw)) {
    const first = [...Value.Errors(PlaybooksFile, raw)][0];
    throw new Error(`playbooks file ${path} is invalid at ${first?.path ?? '/'}: ${first?.message ?? 'unknown error'}`);
  }
  return raw.playbooks;
}

/** The first playbook that knows what to do about this alert, if any. */
export function matchPlaybook(
  playbooks: Playbook[],
  alert: { name: string; engine: EngineName | null; node: string | null; labels: Record<string, string> },
): Playbook | null {
  return (
    playbooks.find(
      (p) =>
        p.match.alerts.includes(alert.name) &&
        (alert.engine === null || p.match.engines.includes(alert.engine)) &&
        (!p.match.needsNode || alert.node !== null) &&
        Object.entries(p.match.labels ?? {}).every(([k, v]) => alert.labels[k] === v),
    ) ?? null
  );
}
