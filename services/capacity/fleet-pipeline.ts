/** One page of the fleet: what the fit needs, read in one go. */
export interface PipelineStages<Page, Fitted> {
  /** The page after the one that ended with `after` (null: the first); null when the fleet is done. */
  read(after: Page | null): Promise<Page | null>;
  /** CPU only: runs while the next page is read and the previous one stored. */
  fit(page: Page): Fitted;
  store(page: Page, fitted: Fitted): Promise<void>;
}

/** Marks a promise as handled now (it is awaited later), so its failure while another is awaited is not an unhandled rejection. */
function handledLater<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/**
 * read → fit → store over the whole fleet, overlapped: while page N is fitted (this process's CPU),
 * PostgreSQL reads page N+1 and stores the pages before it. Up to `storesInFlight` pages are stored
 * at once (a page's store waits on its notices' webhooks, which the database does not), one read
 * runs ahead, so memory stays at a few pages. Pages hold different clusters, so the order their
 * stores finish in does not matter. A failure stops the pass once whatever is in flight has
 * settled, and is thrown.
 */
export async function runPipeline<Page, Fitted>(stages: PipelineStages<Page, Fitted>, storesInFlight = 2): Promise<void> {
  let reading: Promise<Page | null> = handledLater(stages.read(null));
  const storing: Array<Promise<void>> = [];
  try {
    for (let page = await reading; page; page = await reading) {
      reading = handledLater(stages.read(page));
      const fitted = stages.fit(page);
      while (storing.length >= storesInFlight) await storing.shift();
      storing.push(handledLater(stages.store(page, fitted)));
    }
    while (storing.length > 0) await storing.shift();
  } catch (error) {
    await Promise.allSettled([reading, ...storing]);
    throw error;
  }
}
