import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Where every browser test keeps its page screenshots (gitignored): evidence of what each page looked like. */
const SCREENSHOT_DIR = join(process.cwd(), 'test-results', 'screenshots');

/**
 * A request the console makes knowing the answer may be "not there": a cluster's forecast before
 * its first daily run is a 404 (the capacity section then says "No forecast yet"), and Chromium
 * logs every such answer as an error.
 */
export const NO_FORECAST_YET = /status of 404 \(Not Found\) \(http:\/\/[^/]+\/api\/clusters\/[^/]+\/forecast\)$/;

/**
 * Likewise, the settings tab asks every cluster for its engine parameters, and an engine without
 * any (Cassandra, memcached) answers 422; the tab then leaves that section out.
 */
export const NO_PARAMETERS = /status of 422 \(Unprocessable Entity\) \(http:\/\/[^/]+\/api\/clusters\/[^/]+\/settings\)$/;

/** Keeps a screenshot of the page, then throws if it reported an error none of `expected` names. */
export type CheckPage = (name: string, ...expected: RegExp[]) => Promise<void>;

export interface WatchedPage {
  page: Page;
  /** Every error reported since the last check, as "message (url)" or "uncaught: message". */
  errors: string[];
  checkPage: CheckPage;
}

/** Opens another watched page in the same browser (its own sign-in, its own checks). */
export type OpenPage = (viewport?: WatchedBrowserOptions['viewport']) => Promise<WatchedPage>;

export interface WatchedBrowserOptions {
  viewport?: { width: number; height: number };
  /**
   * The console's own server: any request elsewhere is aborted (the console works with no network
   * beyond it), and the aborted request's console error then fails the check.
   */
  onlyOrigin?: string;
}

/**
 * A page whose console errors (a failed request among them) and uncaught exceptions are collected;
 * `checkPage(name, ...expected)` keeps a full-page screenshot under `test-results/screenshots/`
 * first (so a failure leaves its picture behind), then fails on any error none of `expected` names.
 */
async function watchedPage(browser: Browser, options: WatchedBrowserOptions): Promise<WatchedPage> {
  const page = await browser.newPage({ viewport: options.viewport ?? { width: 1300, height: 800 } });
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  if (options.onlyOrigin) {
    const origin = new URL(options.onlyOrigin).origin;
    await page.route(
      (url) => url.origin !== origin,
      (route) => route.abort(),
    );
  }
  const checkPage: CheckPage = async (name, ...expected) => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${name.replace(/[^a-z0-9._-]+/gi, '-')}.png`), fullPage: true });
    const unexpected = errors.splice(0).filter((error) => !expected.some((pattern) => pattern.test(error)));
    if (unexpected.length) throw new Error(`console errors on ${name}:\n${unexpected.join('\n')}`);
  };
  return { page, errors, checkPage };
}

/**
 * Debian's Chromium, headless, with nothing reaching for the network this machine does not have,
 * and a watched page (above); `openPage()` opens another watched page beside it.
 */
export async function launchWatchedBrowser(
  options: WatchedBrowserOptions = {},
): Promise<WatchedPage & { browser: Browser; openPage: OpenPage }> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const first = await watchedPage(browser, options);
  const openPage: OpenPage = (viewport = options.viewport) => watchedPage(browser, { ...options, viewport });
  return { browser, ...first, openPage };
}

/**
 * Opens the `#token=` link as a user does and waits until the top bar names `team`: a link opened
 * in a tab that already shows the console signs in without a reload, so only the top bar says when
 * the new identity has taken effect.
 */
export async function signInAs(page: Page, url: string, token: string, team: string): Promise<void> {
  await page.goto(`${url}/#token=${token}`);
  await page
    .getByTestId('me')
    .filter({ hasText: new RegExp(`^${team} · `) })
    .waitFor();
}
