/**
 * What an operator scrapes from GET /v1/admin/metrics, over real HTTP: requests by route pattern
 * and status (unknown URLs under one label), the latency histogram, heartbeats, and the fleet
 * gauges computed at scrape time (terminals online by the console's offline rule, the outboxes
 * the last heartbeats report, open alerts by kind). Each server counts only its own requests.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCentral } from '../support/central-harness.ts';
import { type ConsoleRig, startConsoleRig } from '../support/console-fleet.ts';

const MINUTE_MS = 60_000;
let rig: ConsoleRig;

async function scrape(target: ConsoleRig['server'] = rig.server): Promise<string> {
  const answer = await target.admin('GET', '/v1/admin/metrics');
  expect(answer.status).toBe(200);
  expect(answer.headers.get('content-type')).toMatch(/^text\/plain/);
  return answer.text();
}

/** The value of one sample line, e.g. `central_heartbeats_total`, or null when absent. */
function sample(text: string, series: string): number | null {
  for (const line of text.split('\n')) {
    if (line.startsWith(`${series} `)) return Number(line.slice(series.length + 1));
  }
  return null;
}

const requests = (method: string, route: string, status: number) =>
  `central_http_requests_total{method="${method}",route="${route}",status="${status}"}`;
const HEARTBEAT_ROUTE = '/v1/admin/terminals/{terminalId}/heartbeat';

beforeAll(async () => {
  rig = await startConsoleRig({ demoFleet: false });
});

afterAll(async () => {
  await rig?.stop();
});

describe('GET /v1/admin/metrics', () => {
  it('counts requests by route pattern and status, heartbeats, and reads the fleet at scrape time', async () => {
    for (const id of ['MET-01', 'MET-02', 'MET-03']) {
      rig.terminals.set(id, await rig.server.enrolTerminal(id));
    }
    // Known to central, never switched on.
    await rig.server.central.issueEnrolmentCode('MET-04', ['77-sizo-1']);

    await rig.heartbeat('MET-01', { outbox: 3 });
    await rig.heartbeat('MET-02', { outbox: 1 });
    await rig.heartbeat('MET-03', { outbox: 9 });
    // Eleven minutes on, MET-03 is silent: offline under the default rule (10 min).
    rig.clock.advance(11 * MINUTE_MS);
    await rig.heartbeat('MET-01', { outbox: 2 });
    await rig.heartbeat('MET-02', { outbox: 5, paper: 'out' });

    // One route pattern, whatever the id in the URL; an unknown id is a 404 of the same route.
    for (const id of ['MET-01', 'MET-02', 'NOBODY-99']) {
      await rig.server.admin('GET', `/v1/admin/terminals/${id}/heartbeat`);
    }
    // A scan of unknown URLs: all under one label.
    for (const path of ['/wp-admin/setup.php', '/.env', '/v1/terminals/x/y/z', '/v1/nope?a=1']) {
      expect((await fetch(`${rig.url}${path}`)).status).toBe(404);
    }
    await fetch(`${rig.url}/v1/nope`, { method: 'POST' });

    // The offline alert opens at the console's sweep (every second in the rig), paper-out when
    // the heartbeat's arrival is handled: both after the answers above.
    await expect
      .poll(
        async () => {
          const text = await scrape();
          return ['offline', 'paper-out'].map((kind) =>
            sample(text, `central_alerts_open{kind="${kind}"}`),
          );
        },
        { timeout: 10_000 },
      )
      .toEqual([1, 1]);

    const text = await scrape();
    require('node:fs').writeFileSync('/tmp/metrics-sample.txt', text);
    expect(sample(text, 'central_heartbeats_total')).toBe(5);
    expect(sample(text, requests('POST', '/v1/terminal/heartbeat', 200))).toBe(5);
    expect(sample(text, requests('POST', '/v1/terminals/enrol', 201))).toBe(3);
    expect(sample(text, requests('GET', HEARTBEAT_ROUTE, 200))).toBe(2);
    expect(sample(text, requests('GET', HEARTBEAT_ROUTE, 404))).toBe(1);
    expect(sample(text, requests('GET', 'unmatched', 404))).toBe(4);
    expect(sample(text, requests('POST', 'unmatched', 404))).toBe(1);
    // The scrapes before this one (each counted once answered; this one not yet).
    const earlier = sample(text, requests('GET', '/v1/admin/metrics', 200));
    expect(earlier).toBeGreaterThanOrEqual(1);
    // No raw URL, terminal id or query in any label.
    expect(text).not.toMatch(/wp-admin|\.env|MET-0|NOBODY|\?a=1|\/v1\/nope/);

    // The histogram: one observation per request, cumulative buckets ending at +Inf.
    const histogram = `central_http_request_duration_seconds`;
    const labels = `method="GET",route="${HEARTBEAT_ROUTE}"`;
    expect(sample(text, `${histogram}_count{${labels}}`)).toBe(3);
    expect(sample(text, `${histogram}_bucket{le="+Inf",${labels}}`)).toBe(3);
    expect(sample(text, `${histogram}_sum{${labels}}`)).toBeGreaterThan(0);
    const buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10].map((le) =>
      sample(text, `${histogram}_bucket{le="${le}",${labels}}`),
    );
    expect(buckets.every((count) => count !== null && count <= 3)).toBe(true);
    expect(buckets).toEqual([...buckets].sort((a, b) => (a ?? 0) - (b ?? 0)));
    expect(sample(text, `${histogram}_count{method="POST",route="/v1/terminal/heartbeat"}`)).toBe(
      5,
    );

    // The fleet as stored: four known, two online, MET-03's last outbox still counted.
    expect(sample(text, 'central_terminals')).toBe(4);
    expect(sample(text, 'central_terminals_online')).toBe(2);
    expect(sample(text, 'central_terminal_outbox_items')).toBe(2 + 5 + 9);
    expect(sample(text, 'central_terminal_outbox_items_max')).toBe(9);
    expect(sample(text, 'central_alerts_open{kind="paper-out"}')).toBe(1);
    expect(sample(text, 'central_alerts_open{kind="device-fault"}')).toBe(0);
    expect(sample(text, 'central_alerts_open{kind="outbox-stale"}')).toBe(0);
    // The existing counters are still there.
    expect(text).toMatch(/^# TYPE central_sms_sent_total counter$/m);
    expect(text).toMatch(/^# TYPE central_sms_refused_total counter$/m);

    // A second scrape counts the first exactly once.
    const again = await scrape();
    expect(sample(again, requests('GET', '/v1/admin/metrics', 200))).toBe((earlier ?? 0) + 1);
    expect(sample(again, 'central_heartbeats_total')).toBe(5);
  });

  it('terminals online follow the offline rule an administrator sets', async () => {
    const admin = await rig.login('admin');
    const rules = await (await admin.get('/v1/console/alert-rules')).json();
    const longer = await admin.post('/v1/console/alert-rules', {
      ...(rules as object),
      offlineSeconds: 30 * 60,
    });
    expect(longer.status).toBe(200);
    expect(sample(await scrape(), 'central_terminals_online')).toBe(3);
    // The paper is back: that alert resolves with the next heartbeat.
    await rig.heartbeat('MET-02', { outbox: 0 });
    await expect
      .poll(async () => sample(await scrape(), 'central_alerts_open{kind="paper-out"}'), {
        timeout: 10_000,
      })
      .toBe(0);
    const text = await scrape();
    expect(sample(text, 'central_terminal_outbox_items')).toBe(2 + 0 + 9);
    expect(sample(text, 'central_heartbeats_total')).toBe(6);
  });

  it('a second server in the same process has its own counts', async () => {
    const other = await startTestCentral();
    try {
      const text = await scrape(other);
      expect(sample(text, 'central_heartbeats_total')).toBe(0);
      expect(sample(text, 'central_terminals')).toBe(0);
      expect(sample(text, 'central_terminals_online')).toBe(0);
      expect(text).not.toMatch(/route="\/v1\/terminal\/heartbeat"/);
      expect(text).not.toMatch(/route="unmatched"/);
      expect(sample(await scrape(), 'central_heartbeats_total')).toBe(6);
    } finally {
      await other.stop();
    }
  });
});
