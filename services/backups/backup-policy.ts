import type { BackupPolicySettings, BackupProfile } from '../core/engine-port';
import type { StoredBackupPolicy } from './sql/backup-policies';
import { InputError } from '../core/errors';

/** A cluster's policy as the API shows it: its own, or its engine's default (`isDefault`). */
export interface EffectiveBackupPolicy extends BackupPolicySettings {
  isDefault: boolean;
  updatedBy: string | null;
  updatedAt: Date | null;
}

export function effectivePolicy(profile: BackupProfile, stored: StoredBackupPolicy | null): EffectiveBackupPolicy | null {
  if (stored) {
    const { clusterId: _clusterId, ...settings } = stored;
    return { ...settings, isDefault: false };
  }
  return profile.supported ? { ...profile.defaultPolicy, isDefault: true, updatedBy: null, updatedAt: null } : null;
}

/**
 * How many full backups the repository keeps so that every instant of the retention stays
 * restorable: the fulls made within it, plus the one before it that the oldest instant needs.
 */
export function fullBackupsToKeep(policy: BackupPolicySettings): number {
  const fullEveryDays = policy.kind === 'full' || policy.kind === 'snapshot' ? policy.frequencyHours / 24 : policy.fullEveryDays;
  return Math.ceil(policy.retentionDays / Math.max(fullEveryDays, 1 / 24)) + 1;
}

/** The kind a scheduled backup takes now: a full one when the last full is older than fullEveryDays. */
export function scheduledKind(policy: BackupPolicySettings, lastFullAt: Date | null, now: Date): BackupPolicySettings['kind'] {
  if (policy.kind === 'full' || policy.kind === 'snapshot') return policy.kind;
  if (!lastFullAt || now.getTime() - lastFullAt.getTime() >= policy.fullEveryDays * 86_400_000) return 'full';
  return policy.kind;
}

/** Rejects a policy whose kind the engine cannot take. */
export function checkPolicy(profile: BackupProfile, engine: string, policy: BackupPolicySettings): void {
  if (!profile.supported) throw new InputError(`${engine}: ${profile.method}`, { engine });
  if (!profile.kinds.includes(policy.kind))
    throw new InputError(`${engine} backups are ${profile.kinds.join(', ')}; not ${policy.kind}`, {
      path: 'body/kind',
      allowed: profile.kinds,
    });
}
