import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FleetDeps } from './fleet-deps';
import type { Team } from '../core/types';
import { newSecret } from '../core/ids';

/** The fleet's own repositories the bootstrap writes with. */
type Repositories = Pick<FleetDeps['repos'], 'teams' | 'tokens'>;

export const PLATFORM_TEAM = 'platform';

async function ensurePlatformTeam(repos: Repositories): Promise<Team> {
  const existing = await repos.teams.find(PLATFORM_TEAM);
  if (existing) return existing;
  await repos.teams.create({ name: PLATFORM_TEAM, email: 'platform@datafleet.local', isPlatform: true });
  const created = await repos.teams.find(PLATFORM_TEAM);
  if (!created) throw new Error('could not create the platform team');
  return created;
}

/**
 * Makes sure a platform-team admin token exists and returns it in clear: the configured one, or
 * the one kept in <dataDir>/admin-token (readable by this OS user only), or a new one written there.
 */
export async function ensureAdminToken(repos: Repositories, dataDir: string, configured?: string): Promise<string> {
  const team = await ensurePlatformTeam(repos);
  if (configured) {
    await repos.tokens.add(team.id, 'admin (configured)', configured);
    // A revoked admin token stays revoked: restarting with it must not bring it back.
    if (!(await repos.tokens.resolve(configured))?.team.isPlatform) {
      throw new Error('DATAFLEET_ADMIN_TOKEN is revoked, expired or belongs to another team: configure a new one');
    }
    return configured;
  }
  const file = join(dataDir, 'admin-token');
  if (existsSync(file)) {
    const saved = readFileSync(file, 'utf8').trim();
    if (saved && (await repos.tokens.resolve(saved))?.team.isPlatform) return saved;
  }
  const token = `df_${newSecret(24)}`;
  await repos.tokens.add(team.id, 'local admin', token);
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return token;
}
