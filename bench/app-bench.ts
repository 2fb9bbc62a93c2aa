import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { launchBrowser } from '../tests/e2e/browser.ts';
import { ensureAppBuilt } from '../tests/integration/payer-app-support.ts';
import { startTestCentral, type TestCentral } from '../tests/support/central-harness.ts';
import { type BenchRow, benchRow, summarize } from './table.ts';

/**
 * The payer's app on a slow mobile link: its first load through Chromium's network emulation
 * (CDP Network.emulateNetworkConditions: 1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip —
 * a weak 3G or crowded 4G cell), with an empty cache and no service worker yet, as a payer
 * opening the link for the first time. Two numbers: the time from navigation to the login page
 * being interactive (its phone field and button on screen and enabled), and the bytes that
 * crossed the wire for it (headers and compressed bodies, CDP's encodedDataLength). The
 * reference is a blank page served over loopback through the same throttle in the same
 * Chromium, measured in turn with it: what the link alone costs any page.
 */
export const THROTTLE = {
  offline: false,
  latency: 150,
  downloadThroughput: (1_600_000 / 8) | 0,
  uploadThroughput: (750_000 / 8) | 0,
};

export type AppBenchResult = {
  interactiveMs: number;
  blankLoadedMs: number;
  transferredBytes: number;
  blankTransferredBytes: number;
  /** Of transferredBytes: the web fonts (woff2, already compressed) the login page's text needs. */
  fontBytes: number;
  fontFiles: number;
  /** Requests the first page made before it was interactive. */
  requests: number;
  rounds: number;
};

const phone = { width: 390, height: 844 };

/** Bytes over the wire per request of this page, as Chromium counted them. */
async function throttledPage(browser: Browser): Promise<{
  page: Page;
  cdp: CDPSession;
  bytes: () => { total: number; requests: number; fonts: number; fontFiles: number };
  close: () => Promise<void>;
}> {
  // A new context each time: empty HTTP cache, no service worker, no storage.
  const context = await browser.newContext({ viewport: phone, locale: 'ru-RU' });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', THROTTLE);
  const finished = new Map<string, number>();
  const urls = new Map<string, string>();
  cdp.on('Network.requestWillBeSent', (event) => {
    urls.set(event.requestId, event.request.url);
  });
  cdp.on('Network.loadingFinished', (event) => {
    finished.set(event.requestId, event.encodedDataLength);
  });
  const fonts = () =>
    [...finished.entries()].filter(([id]) => urls.get(id)?.endsWith('.woff2') === true);
  return {
    page,
    cdp,
    bytes: () => ({
      total: [...finished.values()].reduce((sum, value) => sum + value, 0),
      requests: finished.size,
      fonts: fonts().reduce((sum, [, value]) => sum + value, 0),
      fontFiles: fonts().length,
    }),
    close: () => context.close(),
  };
}

/** Navigation → the login form usable: the phone field and the log-in button enabled. */
async function appFirstLoad(browser: Browser, url: string) {
  const opened = await throttledPage(browser);
  try {
    const startedAt = performance.now();
    await opened.page.goto(url, { waitUntil: 'commit' });
    await opened.page.waitForFunction(
      () => {
        const field = document.querySelector('input[name=phone]') as HTMLInputElement | null;
        const button = document.querySelector('button[type=submit]') as HTMLButtonElement | null;
        return field !== null && !field.disabled && button !== null && !button.disabled;
      },
      undefined,
      { polling: 'raf', timeout: 60_000 },
    );
    const interactiveMs = performance.now() - startedAt;
    // Fonts the visible text needs are part of the first page: wait until they are in.
    await opened.page.evaluate(() => document.fonts.ready.then(() => undefined));
    const { total, requests, fonts, fontFiles } = opened.bytes();
    return { interactiveMs, transferredBytes: total, requests, fontBytes: fonts, fontFiles };
  } finally {
    await opened.close();
  }
}

async function blankLoad(browser: Browser, url: string) {
  const opened = await throttledPage(browser);
  try {
    const startedAt = performance.now();
    await opened.page.goto(url, { waitUntil: 'load' });
    const loadedMs = performance.now() - startedAt;
    return { loadedMs, transferredBytes: opened.bytes().total };
  } finally {
    await opened.close();
  }
}

/** A blank page on loopback, so it crosses the same emulated link (a data: URL would not). */
async function blankServer(): Promise<{ url: string; server: Server }> {
  const body = '<!doctype html><meta charset="utf-8"><title>blank</title><p>0</p>';
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, server };
}

export async function runAppBench(options: { rounds?: number } = {}): Promise<AppBenchResult> {
  const rounds = options.rounds ?? 5;
  ensureAppBuilt();
  let central: TestCentral | null = null;
  let browser: Browser | null = null;
  const blank = await blankServer();
  try {
    central = await startTestCentral({ paymentProvider: null });
    browser = await launchBrowser();
    const appUrl = `${central.central.url}/app/`;
    // One unthrottled load first: central reads and caches the files once, as on a live server.
    await appFirstLoad(browser, appUrl);
    const app: Awaited<ReturnType<typeof appFirstLoad>>[] = [];
    const blanks: Awaited<ReturnType<typeof blankLoad>>[] = [];
    for (let round = 0; round < rounds; round += 1) {
      blanks.push(await blankLoad(browser, blank.url));
      app.push(await appFirstLoad(browser, appUrl));
    }
    const median = (values: number[]) => summarize(values).p50;
    return {
      interactiveMs: median(app.map((load) => load.interactiveMs)),
      blankLoadedMs: median(blanks.map((load) => load.loadedMs)),
      transferredBytes: median(app.map((load) => load.transferredBytes)),
      blankTransferredBytes: median(blanks.map((load) => load.transferredBytes)),
      requests: median(app.map((load) => load.requests)),
      fontBytes: median(app.map((load) => load.fontBytes)),
      fontFiles: median(app.map((load) => load.fontFiles)),
      rounds,
    };
  } finally {
    await browser?.close();
    await central?.stop();
    await new Promise((resolve) => blank.server.close(resolve));
  }
}

/** Kilobytes with one decimal: a blank page is a fraction of one. */
const kb = (bytes: number) => Math.round(bytes / 102.4) / 10;

export function appBenchRows(result: AppBenchResult): BenchRow[] {
  const link = '1.6 Mbit/s, 150 ms RTT';
  const blankLoad = benchRow({
    area: 'ref',
    name: `blank page load (${link})`,
    value: result.blankLoadedMs,
    unit: 'ms',
  });
  const blankBytes = benchRow({
    area: 'ref',
    name: 'blank page transferred',
    value: kb(result.blankTransferredBytes),
    unit: 'KB',
  });
  return [
    blankLoad,
    blankBytes,
    // The bound: under 4 s on such a link is what a first visit should take (an app that needs
    // longer is left by the payer); the ratio shows the app's own share over the link's.
    benchRow({
      area: 'app',
      name: `first load → interactive login (${link}, median of ${result.rounds})`,
      value: result.interactiveMs,
      unit: 'ms',
      reference: blankLoad,
      target: { below: 4_000 },
    }),
    benchRow({
      area: 'app',
      name: `first page transferred (${result.requests} requests, compressed)`,
      value: kb(result.transferredBytes),
      unit: 'KB',
      reference: blankBytes,
      target: { below: 200 },
    }),
    // Web fonts on the first page: none since the app uses the phone's own UI font (kept, so a
    // font brought back shows here).
    benchRow({
      area: 'app',
      name: `of which web fonts (${result.fontFiles} woff2 files)`,
      value: kb(result.fontBytes),
      unit: 'KB',
    }),
  ];
}

if (import.meta.main) {
  const result = await runAppBench();
  const { formatTable } = await import('./table.ts');
  console.log(formatTable(appBenchRows(result)));
}
