/**
 * The operator console's roles and scopes over real HTTP against a real central with a demo
 * fleet: a viewer reads but cannot act; a region- or terminal-scoped user sees no other
 * terminal anywhere (fleet, terminal page, alerts, collections, configuration); every action
 * lands in the audit log; sessions expire when idle; logins are throttled.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContractChecker } from '../../central/contract-check.ts';
import { type ConsoleRig, type ConsoleSession, startConsoleRig } from '../support/console-fleet.ts';
import { STRONG_PASSWORD } from '../support/console-fleet.ts';

const checkContract = createContractChecker();
let rig: ConsoleRig;
let admin: ConsoleSession;

type Fleet = {
  terminals: { terminalId: string; regionCode: string | null; attention: number }[];
};
type Alerts = {
  alerts: { alertId: string; terminalId: string; kind: string; acknowledgedAtMs: number | null }[];
};
type Audit = { entries: { login: string; action: string; target: string; detail: object }[] };

async function json<T>(answer: Response | Promise<Response>): Promise<T> {
  return (await (await answer).json()) as T;
}

async function auditActions(): Promise<Audit['entries']> {
  return (await json<Audit>(admin.get('/v1/console/audit?limit=500'))).entries;
}

beforeAll(async () => {
  rig = await startConsoleRig();
  admin = await rig.login('admin');
  const user = (login: string, role: string, scope: object) =>
    rig.createUser({ login, displayName: login, role, scope, password: STRONG_PASSWORD });
  await user('viewer', 'viewer', { all: true });
  await user('spb-operator', 'operator', { regions: ['78'], terminals: [] });
  await user('one-terminal', 'collector-manager', { regions: [], terminals: ['MSK-SIZO1-01'] });
  await user('msk-collector', 'collector-manager', { regions: ['77'], terminals: [] });
}, 120_000);

afterAll(async () => {
  await rig.stop();
});

describe('a viewer reads and cannot act', () => {
  it('sees the whole fleet, sorted by attention, in the documented shape', async () => {
    const viewer = await rig.login('viewer');
    const answer = await viewer.get('/v1/console/fleet');
    const body = (await answer.json()) as Fleet;
    expect(checkContract('GET', '/v1/console/fleet', answer.status, body)).toBeNull();
    expect(body.terminals.map((row) => row.terminalId).sort()).toEqual([
      'MSK-SIZO1-01',
      'MSK-SIZO1-02',
      'MSK-SIZO1-03',
      'MSK-SIZO2-01',
      'SPB-SIZO1-01',
      'SPB-SIZO1-02',
    ]);
    const attention = body.terminals.map((row) => row.attention);
    expect(attention).toEqual([...attention].sort((a, b) => b - a));
    expect(body.terminals[0]!.terminalId).toBe('SPB-SIZO1-01');
  });

  it('gets 403 for every action, and nothing changes', async () => {
    const viewer = await rig.login('viewer');
    const { alerts } = await json<Alerts>(viewer.get('/v1/console/alerts'));
    expect(alerts.length).toBeGreaterThan(0);
    const attempts: [string, unknown][] = [
      [`/v1/console/alerts/${alerts[0]!.alertId}/acknowledge`, { note: 'mine' }],
      ['/v1/console/terminals/MSK-SIZO1-01/config', { patch: {}, expectedVersion: 1 }],
      ['/v1/console/terminals/MSK-SIZO1-01/config/preview', { patch: {} }],
      ['/v1/console/users', { login: 'x' }],
      ['/v1/console/alert-rules', {}],
    ];
    for (const [path, body] of attempts) {
      const answer = await viewer.post(path, body);
      // A body the schema refuses is 400 before the role is asked; a valid one is 403.
      expect([400, 403], path).toContain(answer.status);
    }
    const ack = await viewer.post(`/v1/console/alerts/${alerts[0]!.alertId}/acknowledge`, {});
    expect(ack.status).toBe(403);
    for (const path of ['/v1/console/users', '/v1/console/audit', '/v1/console/collections']) {
      expect((await viewer.get(path)).status, path).toBe(403);
    }
    const after = await json<Alerts>(admin.get('/v1/console/alerts'));
    expect(after.alerts.every((alert) => alert.acknowledgedAtMs === null)).toBe(true);
  });
});

describe('a scoped user sees no other terminal', () => {
  it('region 78: fleet, alerts and terminal pages hold only its terminals', async () => {
    const spb = await rig.login('spb-operator');
    const fleet = await json<Fleet>(spb.get('/v1/console/fleet'));
    expect(fleet.terminals.map((row) => row.terminalId).sort()).toEqual([
      'SPB-SIZO1-01',
      'SPB-SIZO1-02',
    ]);
    const { alerts } = await json<Alerts>(spb.get('/v1/console/alerts?state=all'));
    expect(alerts.length).toBeGreaterThan(0);
    expect(alerts.every((alert) => alert.terminalId.startsWith('SPB-'))).toBe(true);
    for (const path of [
      '/v1/console/terminals/MSK-SIZO1-01',
      '/v1/console/terminals/MSK-SIZO1-01/config',
      '/v1/console/terminals/NO-SUCH-TERMINAL',
    ]) {
      const answer = await spb.get(path);
      expect(answer.status, path).toBe(404);
    }
    expect((await spb.get('/v1/console/terminals/SPB-SIZO1-02')).status).toBe(200);
  });

  it('may not acknowledge an alert of a terminal outside its scope', async () => {
    const { alerts } = await json<Alerts>(admin.get('/v1/console/alerts'));
    const moscow = alerts.find((alert) => alert.terminalId.startsWith('MSK-'))!;
    const spb = await rig.login('spb-operator');
    const answer = await spb.post(`/v1/console/alerts/${moscow.alertId}/acknowledge`, {});
    expect(answer.status).toBe(404);
  });

  it('one named terminal: collections of that terminal only, export too', async () => {
    const one = await rig.login('one-terminal');
    const fleet = await json<Fleet>(one.get('/v1/console/fleet'));
    expect(fleet.terminals.map((row) => row.terminalId)).toEqual(['MSK-SIZO1-01']);
    const spb = await rig.login('msk-collector');
    const moscow = await json<{ collections: { terminalId: string }[] }>(
      spb.get('/v1/console/collections'),
    );
    expect(moscow.collections.map((c) => c.terminalId)).toEqual(['MSK-SIZO1-01']);
    await rig.createUser({
      login: 'spb-collector',
      displayName: 'spb',
      role: 'collector-manager',
      scope: { regions: ['78'], terminals: [] },
      password: STRONG_PASSWORD,
    });
    const other = await rig.login('spb-collector');
    const none = await json<{ collections: unknown[] }>(other.get('/v1/console/collections'));
    expect(none.collections).toEqual([]);
    const csv = await (await other.get('/v1/console/collections/export?format=csv')).text();
    expect(csv).not.toContain('MSK-SIZO1-01');
  });
});

describe('every action lands in the audit log', () => {
  it('login, failed login, acknowledgement, configuration change, user change, export', async () => {
    const wrong = await fetch(`${rig.url}/v1/console/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'viewer', password: 'not-the-password-1' }),
    });
    expect(wrong.status).toBe(401);
    const spb = await rig.login('spb-operator');
    const { alerts } = await json<Alerts>(spb.get('/v1/console/alerts'));
    const ack = await spb.post(`/v1/console/alerts/${alerts[0]!.alertId}/acknowledge`, {
      note: 'выехал техник',
    });
    expect(ack.status).toBe(200);
    const config = await admin.post('/v1/console/terminals/SPB-SIZO1-02/config', {
      patch: { commissionRateBasisPoints: 300 },
      expectedVersion: 1,
    });
    expect(config.status).toBe(200);
    const users = await json<{ users: { userId: string; login: string }[] }>(
      admin.get('/v1/console/users'),
    );
    const viewer = users.users.find((user) => user.login === 'viewer')!;
    const changed = await admin.post(`/v1/console/users/${viewer.userId}`, { disabled: true });
    expect(changed.status).toBe(200);
    expect((await admin.get('/v1/console/collections/export?format=xlsx')).status).toBe(200);

    const entries = await auditActions();
    const has = (login: string, action: string) =>
      entries.find((entry) => entry.login === login && entry.action === action);
    expect(has('viewer', 'login-failed')?.detail).toEqual({ reason: 'bad-credentials' });
    expect(has('spb-operator', 'login')).toBeDefined();
    expect(has('spb-operator', 'alert-acknowledge')?.detail).toMatchObject({
      note: 'выехал техник',
    });
    expect(has('admin', 'config-change')?.detail).toMatchObject({
      fromVersion: 1,
      toVersion: 2,
      diff: [{ field: 'commissionRateBasisPoints', from: 250, to: 300 }],
    });
    expect(has('admin', 'user-update')).toMatchObject({ target: 'viewer' });
    expect(has('admin', 'user-create')).toBeDefined();
    expect(has('admin', 'alert-rules-change')).toBeDefined();
    expect(has('admin', 'collections-export')).toMatchObject({ target: 'xlsx' });
    expect(has('(admin token)', 'user-create')).toMatchObject({ target: 'admin' });
  });

  it('a disabled user can no longer log in, and their sessions ended', async () => {
    const answer = await fetch(`${rig.url}/v1/console/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'viewer', password: STRONG_PASSWORD }),
    });
    expect(answer.status).toBe(401);
  });
});

describe('sessions and login', () => {
  it('the cookie is HttpOnly and SameSite=Strict; a cross-site POST is refused', async () => {
    const answer = await fetch(`${rig.url}/v1/console/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'admin', password: STRONG_PASSWORD }),
    });
    const cookie = answer.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(
      /^console_session=[A-Za-z0-9_-]{40,}; Path=\/; HttpOnly; SameSite=Strict/,
    );
    const token = cookie.split(';')[0]!;
    const me = await fetch(`${rig.url}/v1/console/me`, { headers: { cookie: token } });
    expect(me.status).toBe(200);
    const forged = await fetch(`${rig.url}/v1/console/logout`, {
      method: 'POST',
      headers: {
        cookie: token,
        origin: 'https://evil.example',
        'content-type': 'application/json',
      },
      body: '{}',
    });
    expect(forged.status).toBe(403);
  });

  it('a session ends after 30 minutes without a request', async () => {
    const session = await rig.login('spb-operator');
    rig.clock.advance(29 * 60_000);
    expect((await session.get('/v1/console/me')).status).toBe(200);
    rig.clock.advance(29 * 60_000);
    expect((await session.get('/v1/console/me')).status).toBe(200);
    rig.clock.advance(31 * 60_000);
    const expired = await session.get('/v1/console/me');
    expect(expired.status).toBe(401);
    expect(await expired.json()).toEqual({
      error: { code: 'console-session-invalid', message: 'log in to the console' },
    });
    admin = await rig.login('admin');
  });

  it('wrong passwords for one login are throttled (429), the right one too meanwhile', async () => {
    const attempt = (password: string) =>
      fetch(`${rig.url}/v1/console/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login: 'msk-collector', password }),
      });
    const statuses: number[] = [];
    for (let index = 0; index < 6; index += 1)
      statuses.push((await attempt('wrong-pass-1')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    expect((await attempt(STRONG_PASSWORD)).status).toBe(429);
  });

  it('passwords follow the project policy; the bootstrap needs the admin token', async () => {
    const weak = await admin.post('/v1/console/users', {
      login: 'weakling',
      displayName: 'w',
      role: 'viewer',
      scope: { all: true },
      password: 'password1',
    });
    expect(weak.status).toBe(422);
    expect(((await weak.json()) as { error: { code: string } }).error.code).toBe(
      'weak-password:common',
    );
    const anonymous = await fetch(`${rig.url}/v1/admin/console-users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'intruder', displayName: 'i', password: STRONG_PASSWORD }),
    });
    expect(anonymous.status).toBe(401);
  });
});
