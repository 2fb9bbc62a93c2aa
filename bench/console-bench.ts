/**
 * Benchmark: the operator console's fleet page with 10 000 terminals, in Chromium against a
 * real central (SQLite). Terminals and their last heartbeats are written straight into
 * central's tables, as an enrolment and a heartbeat leave them (a few offline, faulted, out of
 * paper, so the attention order has work to do). A console user logs in through the page.
 *
 * Measured per round, on a fresh load of #/fleet: from the moment the fleet answer's last byte
 * arrived (the resource timing's responseEnd of GET /v1/console/fleet) to the first frame
 * painted after the fleet table has its rows (a requestAnimationFrame, then a task: the frame
 * is on screen by then). The reference, in the same Chromium and rounds alternating with the
 * page: a static page that fetches the same JSON and writes it as one plain HTML table of
 * 10 000 rows (innerHTML), measured the same way. BENCH_CONSOLE_TERMINALS (10000) and
 * BENCH_CONSOLE_ROUNDS (5) change the sizes.
 *   node bench/console-bench.ts
 */
import type { Page } from 'playwright-core';
import { provisionTerminals } from '../tests/sim/fleet-setup.ts';
import { startTestCentral } from '../tests/support/central-harness.ts';
import { heartbeatBody, STRONG_PASSWORD } from '../tests/support/console-fleet.ts';
import { ensureConsoleBuilt, launchBrowser } from '../tests/e2e/browser.ts';
import { type BenchRow, benchRow, summarize } from './table.ts';

export const CONSOLE_FLEET_TARGET_MS = 1_000;

export type ConsoleBenchResult = {
  terminals: number;
  rounds: number;
  /** Data arrived → fleet table painted, median of the rounds. */
  pageMs: number;
  /** The same JSON as a static HTML table, median of the rounds. */
  staticTableMs: number;
  /** GET /v1/console/fleet, request sent → last byte (server and transfer), median. */
  fleetAnswerMs: number;
  fleetAnswerBytes: number;
};

/** Installed before the page's own scripts: marks when the fleet table has rows on screen. */
function installPaintProbe(): void {
  const target = window as unknown as { __fleetPaintedAt?: number };
  const observer = new MutationObserver(() => {
    if (document.querySelector('table tbody tr td') === null) return;
    const fleetArrived = performance
      .getEntriesByType('resource')
      .some((entry) => entry.name.includes('/v1/console/fleet'));
    if (!fleetArrived) return;
    observer.disconnect();
    requestAnimationFrame(() =>
      setTimeout(() => {
        target.__fleetPaintedAt = performance.now();
      }, 0),
    );
  });
  observer.observe(document, { subtree: true, childList: true });
}

const REFERENCE_PATH = '/bench-static-table.html';
const REFERENCE_PAGE = `<!doctype html><meta charset="utf-8"><title>static table</title>
<body><script>
fetch('/v1/console/fleet').then((answer) => answer.json()).then((fleet) => {
  const esc = (value) => String(value ?? '—').replace(/[&<>]/g, (c) => '&#' + c.charCodeAt(0) + ';');
  const rows = fleet.terminals.map((t) => '<tr><td>' + esc(t.terminalId) + '</td><td>' +
    esc(t.regionName) + '</td><td>' + esc(t.state) + '</td><td>' + esc(t.billAcceptor.health) +
    '</td><td>' + esc(t.printer.health) + '</td><td>' + esc(t.paper) + '</td><td>' +
    esc(t.cassetteNoteCount) + '</td><td>' + esc(t.outboxCount) + '</td><td>' +
    esc(t.softwareVersion) + '</td><td>' + esc(t.configVersionApplied) + '</td><td>' +
    esc(t.openAlerts) + '</td></tr>').join('');
  document.body.innerHTML = '<table><thead><tr><th>id</th></tr></thead><tbody>' + rows +
    '</tbody></table>';
  requestAnimationFrame(() => setTimeout(() => { window.__fleetPaintedAt = performance.now(); }, 0));
});
</script></body>`;

/** One load: ms from the fleet answer's last byte to the painted table, and the answer's own. */
async function measureLoad(
  page: Page,
  url: string,
): Promise<{ ms: number; answerMs: number; bytes: number }> {
  // The console is a hash router: a fresh document each time, not a hash change.
  await page.goto('about:blank');
  await page.goto(url);
  await page.waitForFunction(
    () => (window as unknown as { __fleetPaintedAt?: number }).__fleetPaintedAt !== undefined,
    null,
    { timeout: 60_000 },
  );
  return page.evaluate(() => {
    const entry = performance
      .getEntriesByType('resource')
      .find((each) => each.name.includes('/v1/console/fleet')) as PerformanceResourceTiming;
    const paintedAt = (window as unknown as { __fleetPaintedAt: number }).__fleetPaintedAt;
    return {
      ms: paintedAt - entry.responseEnd,
      answerMs: entry.responseEnd - entry.requestStart,
      bytes: entry.decodedBodySize,
    };
  });
}

export async function runConsoleBench(): Promise<ConsoleBenchResult> {
  const count = Number(process.env.BENCH_CONSOLE_TERMINALS ?? 10_000);
  const rounds = Number(process.env.BENCH_CONSOLE_ROUNDS ?? 5);
  ensureConsoleBuilt();
  const central = await startTestCentral({ demo: true });
  const browser = await launchBrowser();
  try {
    const db = central.central.db;
    const facilityIds = (
      await db.all<{ id: string }>(
        'SELECT id FROM facilities WHERE active = 1 ORDER BY id LIMIT 60',
      )
    ).map((row) => String(row.id));
    const nowMs = Date.now();
    const terminals = await provisionTerminals(db, count, facilityIds, nowMs);
    // Heartbeats as the heartbeat route stores them; one terminal in 50 silent for an hour,
    // one in 40 with a jammed acceptor, one in 30 out of paper, one in 25 with a full cassette.
    const rows = terminals.map(({ terminalId }, index) => {
      const atMs = index % 50 === 0 ? nowMs - 60 * 60_000 : nowMs - (index % 60) * 1_000;
      const body = heartbeatBody(atMs, {
        ...(index % 40 === 1 ? { acceptor: 'fault' as const } : {}),
        ...(index % 30 === 2 ? { paper: 'out' as const } : {}),
        notes: index % 25 === 3 ? 950 : index % 900,
      });
      return [terminalId, atMs, JSON.stringify(body)];
    });
    for (let at = 0; at < rows.length; at += 500) {
      const batch = rows.slice(at, at + 500);
      await db.run(
        `INSERT INTO heartbeats (terminal_id, received_at_ms, body)
           VALUES ${batch.map(() => '(?, ?, ?)').join(', ')}`,
        ...batch.flat(),
      );
    }
    const admin = await central.admin('POST', '/v1/admin/console-users', {
      login: 'admin',
      displayName: 'Бенчмарк',
      password: STRONG_PASSWORD,
    });
    if (admin.status !== 201) throw new Error(`console user: ${admin.status}`);

    const base = central.central.url;
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    await context.addInitScript(installPaintProbe);
    await context.route(`${base}${REFERENCE_PATH}`, (route) =>
      route.fulfill({ contentType: 'text/html; charset=utf-8', body: REFERENCE_PAGE }),
    );
    const page = await context.newPage();
    await page.goto(`${base}/console/`);
    await page.getByLabel('Логин').fill('admin');
    await page.getByLabel('Пароль').fill(STRONG_PASSWORD);
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.getByRole('heading', { name: 'Терминалы' }).waitFor();

    const pageMs: number[] = [];
    const staticMs: number[] = [];
    const answerMs: number[] = [];
    let bytes = 0;
    // One warm-up of each (code cache, SQLite pages), then rounds alternating the two.
    await measureLoad(page, `${base}/console/#/fleet`);
    await measureLoad(page, `${base}${REFERENCE_PATH}`);
    for (let round = 0; round < rounds; round += 1) {
      const fleetLoad = await measureLoad(page, `${base}/console/#/fleet`);
      pageMs.push(fleetLoad.ms);
      answerMs.push(fleetLoad.answerMs);
      bytes = fleetLoad.bytes;
      staticMs.push((await measureLoad(page, `${base}${REFERENCE_PATH}`)).ms);
    }
    await context.close();
    return {
      terminals: count,
      rounds,
      pageMs: summarize(pageMs).p50,
      staticTableMs: summarize(staticMs).p50,
      fleetAnswerMs: summarize(answerMs).p50,
      fleetAnswerBytes: bytes,
    };
  } finally {
    await browser.close();
    await central.stop();
  }
}

export function consoleBenchRows(result: ConsoleBenchResult): BenchRow[] {
  const label = `${result.terminals.toLocaleString('en')} terminals`;
  const reference = benchRow({
    area: 'ref',
    name: `static HTML table of the same JSON (${label}, Chromium)`,
    value: result.staticTableMs,
    unit: 'ms',
  });
  const megabytes = (result.fleetAnswerBytes / 1_048_576).toFixed(1);
  return [
    reference,
    benchRow({
      area: 'console',
      name: `GET /v1/console/fleet, sent → last byte (${label}, ${megabytes} MB)`,
      value: result.fleetAnswerMs,
      unit: 'ms',
    }),
    // What an operator waits for once the data is there: the page's own share.
    benchRow({
      area: 'console',
      name: `fleet page: data arrived → table painted (${label})`,
      value: result.pageMs,
      unit: 'ms',
      reference,
      target: { below: CONSOLE_FLEET_TARGET_MS },
    }),
  ];
}

if (import.meta.main) {
  const { formatTable } = await import('./table.ts');
  console.log(formatTable(consoleBenchRows(await runConsoleBench())));
}
