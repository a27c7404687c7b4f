import type { TokenOwner } from '../../db/repositories/teams';

/**
 * Resolved tokens kept for a few seconds, so a busy console or script does not cost a database
 * round trip per request. A token revoked in the database stops working within `ttlMs`.
 */
export class TokenCache {
  private readonly entries = new Map<string, { owner: TokenOwner | null; until: number }>();

  constructor(private readonly ttlMs = 5000, private readonly maxEntries = 10_000) {}

  async resolve(token: string, load: (token: string) => Promise<TokenOwner | null>): Promise<TokenOwner | null> {
    const now = Date.now();
    const hit = this.entries.get(token);
    if (hit && hit.until > now) return hit.owner;
    const owner = await load(token);
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    // Unknown tokens are not cached: a token issued a moment ago must work at once.
    if (owner) this.entries.set(token, { owner, until: now + this.ttlMs });
    return owner;
  }
}
