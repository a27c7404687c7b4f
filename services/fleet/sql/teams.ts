import type { Pool } from '../../infra/db/pool';
import type { Team } from '../../core/types';
import { newId } from '../../core/ids';

export interface TeamRow {
  id: string;
  name: string;
  email: string;
  chat_channel: string | null;
  paging_key: string | null;
  is_platform: boolean;
  created_at: Date;
}

export const toTeam = (r: TeamRow): Team => ({
  id: r.id,
  name: r.name,
  email: r.email,
  chatChannel: r.chat_channel,
  pagingKey: r.paging_key,
  isPlatform: r.is_platform,
  createdAt: r.created_at,
});

export interface NewTeam {
  name: string;
  email: string;
  chatChannel?: string | null;
  pagingKey?: string | null;
  isPlatform?: boolean;
}

export class TeamRepository {
  constructor(private readonly pool: Pool) {}

  async list(): Promise<Team[]> {
    const { rows } = await this.pool.query<TeamRow>('SELECT * FROM teams ORDER BY name');
    return rows.map(toTeam);
  }

  /** By id, name or email (owners may be named either way). */
  async find(ref: string): Promise<Team | null> {
    const { rows } = await this.pool.query<TeamRow>(
      `SELECT * FROM teams WHERE id::text = $1 OR name = $1 OR lower(email) = lower($1) LIMIT 1`,
      [ref],
    );
    return rows[0] ? toTeam(rows[0]) : null;
  }

  /** Inserts; returns null when the name or email is taken. */
  async create(team: NewTeam): Promise<Team | null> {
    const { rows } = await this.pool.query<TeamRow>(
      `INSERT INTO teams (id, name, email, chat_channel, paging_key, is_platform)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING *`,
      [newId(), team.name, team.email, team.chatChannel ?? null, team.pagingKey ?? null, team.isPlatform ?? false],
    );
    return rows[0] ? toTeam(rows[0]) : null;
  }

  async update(id: string, patch: { email?: string; chatChannel?: string | null; pagingKey?: string | null }): Promise<Team> {
    const { rows } = await this.pool.query<TeamRow>(
      `UPDATE teams SET email = COALESCE($2, email),
              chat_channel = CASE WHEN $3::boolean THEN $4 ELSE chat_channel END,
              paging_key = CASE WHEN $5::boolean THEN $6 ELSE paging_key END
        WHERE id = $1 RETURNING *`,
      [id, patch.email ?? null, 'chatChannel' in patch, patch.chatChannel ?? null, 'pagingKey' in patch, patch.pagingKey ?? null],
    );
    return toTeam(rows[0]!);
  }
}
