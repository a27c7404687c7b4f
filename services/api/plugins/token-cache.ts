import type { TokenOwner } from '../../fleet/sql/tokens';

/**
 * Resolved tokens kept for a few seconds, so a busy console or script does not cost a database
 * round trip per request. A token revoked through this process is dropped at once (`forget`); one
 * revoked through another API process stops working here within `ttlMs`. An entry never outlives
 * its token's expiry.
 */
export class TokenCache {
  private readonly entries = new Map<string, { owner: TokenOwner; until: number }>();

  constructor(
    private readonly ttlMs = 5000,
    private readonly maxEntries = 10_000,
  ) {}

  async resolve(token: string, load: (token: string) => Promise<TokenOwner | null>): Promise<TokenOwner | null> {
    const now = Date.now();
    const hit = this.entries.get(token);
    if (hit && hit.until > now) return hit.owner;
    if (hit) this.entries.delete(token);
    const owner = await load(token);
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    // Unknown tokens are not cached: a token issued a moment ago must work at once.
    if (owner) this.entries.set(token, { owner, until: Math.min(now + this.ttlMs, owner.expiresAt?.getTime() ?? Infinity) });
    return owner;
  }

  /** Drops every cached entry of the token with this id (after a revoke or a rotation). */
  forget(tokenId: string): void {
    for (const [token, entry] of this.entries) if (entry.owner.tokenId === tokenId) this.entries.delete(token);
  }
}
