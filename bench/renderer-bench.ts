import type { Page } from 'playwright-core';
import { ensureRendererBuilt, launchBrowser, portrait } from '../tests/e2e/browser.ts';
import { startKioskProcess } from '../tests/support/kiosk-process.ts';
import { type BenchRow, summarize } from './table.ts';

/**
 * The payer's screens against the real kiosk process (issue 8): how long from a touch to the
 * first frame that shows its result, and from process start to an interactive home screen.
 */
export type RendererBenchResult = {
  coldStartMs: number;
  touchToFrameMs: { p50: number; p95: number; max: number; samples: number };
};

/**
 * Installed in the page: a pointerdown starts the clock; the first animation frame after the
 * DOM changed in answer stops it. The result lands in window.__touchLatencies.
 */
function installProbe(): void {
  const target = window as unknown as { __touchLatencies: number[] };
  target.__touchLatencies = [];
  let startedAt: number | null = null;
  const observer = new MutationObserver(() => {
    if (startedAt === null) return;
    const from = startedAt;
    startedAt = null;
    requestAnimationFrame(() => target.__touchLatencies.push(performance.now() - from));
  });
  observer.observe(document.body, {
    subtree: true,
    childList: true,
    characterData: true,
    attributes: true,
  });
  window.addEventListener(
    'pointerdown',
    () => {
      startedAt = performance.now();
    },
    { capture: true },
  );
}

async function tapAndWait(page: Page, testId: string, next: string): Promise<void> {
  await page.getByTestId(testId).first().click();
  await page.getByTestId(next).first().waitFor();
}

export async function runRendererBench(
  options: { rounds?: number } = {},
): Promise<RendererBenchResult> {
  const rounds = options.rounds ?? 15;
  ensureRendererBuilt();
  const startedAt = performance.now();
  const kiosk = await startKioskProcess();
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: portrait });
    await page.goto(kiosk.url);
    await page.getByTestId('start-payment').waitFor();
    await page.waitForFunction(() => {
      const button = document.querySelector(
        '[data-testid="start-payment"]',
      ) as HTMLButtonElement | null;
      return button !== null && !button.disabled;
    });
    const coldStartMs = performance.now() - startedAt;
    await page.evaluate(installProbe);
    for (let round = 0; round < rounds; round += 1) {
      await tapAndWait(page, 'start-payment', 'screen-region');
      await tapAndWait(page, 'nav-home', 'home');
      for (const language of ['en', 'ru']) {
        await page.locator(`button.language-button[lang="${language}"]`).click();
        await page
          .locator(`button.language-button[lang="${language}"][aria-pressed="true"]`)
          .waitFor();
      }
    }
    const samples = await page.evaluate(
      () => (window as unknown as { __touchLatencies: number[] }).__touchLatencies,
    );
    const summary = summarize(samples);
    return {
      coldStartMs,
      touchToFrameMs: {
        p50: summary.p50,
        p95: summary.p95,
        max: summary.max,
        samples: samples.length,
      },
    };
  } finally {
    await browser.close();
    await kiosk.stop();
  }
}

export function rendererBenchRows(result: RendererBenchResult): BenchRow[] {
  const touch = result.touchToFrameMs;
  return [
    {
      area: 'renderer',
      name: `touch → next frame p50 (${touch.samples} touches)`,
      value: touch.p50,
      unit: 'ms',
      target: '',
      met: null,
    },
    {
      area: 'renderer',
      name: 'touch → next frame p95',
      value: touch.p95,
      unit: 'ms',
      target: '< 50 ms',
      met: touch.p95 < 50,
    },
    {
      area: 'renderer',
      name: 'cold start → interactive home (process + page)',
      value: result.coldStartMs,
      unit: 'ms',
      target: '',
      met: null,
    },
  ];
}
