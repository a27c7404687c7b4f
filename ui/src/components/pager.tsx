/** Previous/next over a server-paged list, with where we are in the total. */
export function Pager({
  offset,
  limit,
  total,
  totalCapped = false,
  onOffset,
  empty,
}: {
  offset: number;
  limit: number;
  total: number;
  /** The server stopped counting at `total`: there are at least that many. */
  totalCapped?: boolean;
  onOffset: (offset: number) => void;
  empty: string;
}) {
  return (
    <div class="pager" data-testid="pager">
      <button type="button" disabled={offset === 0} onClick={() => onOffset(Math.max(0, offset - limit))}>
        ‹ Previous
      </button>
      <span data-testid="total">
        {total === 0
          ? empty
          : `${offset + 1}–${Math.min(offset + limit, total)} of ${total.toLocaleString('en-US')}${totalCapped ? '+' : ''}`}
      </span>
      <button type="button" disabled={offset + limit >= total} onClick={() => onOffset(offset + limit)}>
        Next ›
      </button>
    </div>
  );
}
