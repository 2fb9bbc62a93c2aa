/**
 * Test support for the operator console: a real central with a small demo fleet built over
 * real signed HTTP (enrolment, heartbeats over a day, payments, a collection), on a clock the
 * test moves, plus console users and their HTTP sessions.
 */
import {
  type EnrolledTerminal,
  startTestCentral,
  type TestCentral,
  uuidV7,
} from './central-harness.ts';

export const STRONG_PASSWORD = 'Kassovyi-Terminal-2024!';

type DeviceHealth = 'ok' | 'warning' | 'fault';

export type HeartbeatShape = {
  acceptor?: DeviceHealth;
  printer?: DeviceHealth;
  paper?: 'ok' | 'near-end' | 'out';
  notes?: number;
  outbox?: number;
  outboxOldestMs?: number | null;
  configVersion?: number;
};

export function heartbeatBody(nowMs: number, shape: HeartbeatShape = {}) {
  const device = (health: DeviceHealth, code: string) => ({
    adapter: 'emulator',
    health,
    code: health === 'ok' ? 'ok' : code,
    detail: health === 'fault' ? 'Замятие купюры' : '',
    sinceMs: nowMs - 60_000,
  });
  return {
    sentAtMs: nowMs,
    softwareVersion: '0.1.0',
    devices: {
      billAcceptor: device(shape.acceptor ?? 'ok', 'jammed'),
      printer: device(shape.printer ?? 'ok', 'cover-open'),
    },
    outboxCount: shape.outbox ?? 0,
    outboxOldestAgeMs: shape.outboxOldestMs ?? null,
    cassetteNoteCount: shape.notes ?? 120,
    paper: shape.paper ?? 'ok',
    configVersion: shape.configVersion ?? 1,
    configFetchedAtMs: nowMs,
    rosterFetchedAtMs: null,
  };
}

export type ConsoleRig = {
  server: TestCentral;
  url: string;
  clock: { nowMs: () => number; advance: (ms: number) => void };
  terminals: Map<string, EnrolledTerminal>;
  heartbeat(terminalId: string, shape?: HeartbeatShape): Promise<void>;
  /** A console user made by an administrator session (the first one by the admin token). */
  createUser(body: Record<string, unknown>): Promise<void>;
  login(login: string, password?: string): Promise<ConsoleSession>;
  stop(): Promise<void>;
};

export type ConsoleSession = {
  token: string;
  get(path: string): Promise<Response>;
  post(path: string, body?: unknown): Promise<Response>;
};

const HOUR_MS = 60 * 60_000;

export async function startConsoleRig(options: { demoFleet?: boolean } = {}): Promise<ConsoleRig> {
  let offsetMs = -24 * HOUR_MS;
  const nowMs = () => Date.now() + offsetMs;
  // Loose login limits: the tests log in many times from one address on purpose.
  const server = await startTestCentral({
    demo: true,
    nowMs,
    console: {
      loginRateLimit: { burst: 1000, refillPerMinute: 1000 },
      evaluateEveryMs: 1_000,
    },
  });
  const url = server.central.url;
  const terminals = new Map<string, EnrolledTerminal>();
  const sessionOf = (token: string): ConsoleSession => ({
    token,
    get: (path) => fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } }),
    post: (path, body) =>
      fetch(`${url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body ?? {}),
      }),
  });
  const login = async (name: string, password = STRONG_PASSWORD) => {
    const answer = await fetch(`${url}/v1/console/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: name, password }),
    });
    if (answer.status !== 200) throw new Error(`login ${name}: ${answer.status}`);
    return sessionOf(((await answer.json()) as { sessionToken: string }).sessionToken);
  };
  const admin = await server.admin('POST', '/v1/admin/console-users', {
    login: 'admin',
    displayName: 'Анна Администратор',
    email: 'admin@operator.example',
    password: STRONG_PASSWORD,
  });
  if (admin.status !== 201) throw new Error(`bootstrap: ${admin.status} ${await admin.text()}`);
  let adminSession: ConsoleSession | null = null;
  const rig: ConsoleRig = {
    server,
    url,
    clock: { nowMs, advance: (ms) => (offsetMs += ms) },
    terminals,
    async heartbeat(terminalId, shape) {
      const terminal = terminals.get(terminalId);
      if (terminal === undefined) throw new Error(`no terminal ${terminalId}`);
      const sent = await terminal.client.sendHeartbeat(heartbeatBody(nowMs(), shape));
      if (!sent.ok) throw new Error(`heartbeat ${terminalId}: ${JSON.stringify(sent.error)}`);
    },
    async createUser(body) {
      adminSession ??= await login('admin');
      const answer = await adminSession.post('/v1/console/users', body);
      if (answer.status !== 201) throw new Error(`create user: ${await answer.text()}`);
    },
    login,
    stop: () => server.stop(),
  };
  if (options.demoFleet !== false) await buildDemoFleet(rig);
  offsetMs = 0;
  return rig;
}

type Plan = { id: string; facility: string; shape: HeartbeatShape; silentHours?: number };

/** Six terminals in three regions, each with a different story, over the last 24 hours. */
export const DEMO_PLANS: Plan[] = [
  { id: 'MSK-SIZO1-01', facility: '77-sizo-1', shape: {} },
  { id: 'MSK-SIZO1-02', facility: '77-sizo-1', shape: { paper: 'near-end', notes: 960 } },
  { id: 'MSK-SIZO2-01', facility: '77-sizo-2', shape: { acceptor: 'fault' } },
  { id: 'SPB-SIZO1-01', facility: '78-sizo-1', shape: {}, silentHours: 3 },
  {
    id: 'SPB-SIZO1-02',
    facility: '78-sizo-1',
    shape: { outbox: 7, outboxOldestMs: 50 * 60_000, printer: 'warning' },
  },
];

/** The demo's heartbeats are hourly (a kiosk sends one a minute): offline after 90 min. */
export const DEMO_RULES = {
  offlineSeconds: 90 * 60,
  cassetteCapacityNotes: 1_000,
  cassetteNearFullPercent: 90,
  paperNearEnd: true,
  paperOut: true,
  deviceFault: true,
  outboxStaleMinutes: 30,
  webhookUrl: null,
  emailEnabled: true,
};

async function buildDemoFleet(rig: ConsoleRig): Promise<void> {
  const admin = await rig.login('admin');
  const rules = await admin.post('/v1/console/alert-rules', DEMO_RULES);
  if (rules.status !== 200) throw new Error(`rules: ${await rules.text()}`);
  for (const plan of DEMO_PLANS) {
    rig.terminals.set(plan.id, await rig.server.enrolTerminal(plan.id, [plan.facility]));
  }
  // Known to central (an enrolment code was issued) but never switched on.
  await rig.server.central.issueEnrolmentCode('MSK-SIZO1-03', ['77-sizo-1']);
  // Hour 0 is a day ago, hour 24 is now.
  for (let hour = 0; hour <= 24; hour += 1) {
    for (const plan of DEMO_PLANS) {
      if (hour > 24 - (plan.silentHours ?? 0)) continue;
      // The trouble begins in the last hours; before that the terminal was healthy.
      await rig.heartbeat(plan.id, hour >= 20 ? plan.shape : { notes: 100 + hour * 30 });
    }
    if (hour === 10) await payAndCollect(rig, 'MSK-SIZO1-01');
    if (hour === 18) await pay(rig, 'MSK-SIZO1-02', 3);
    if (hour < 24) rig.clock.advance(HOUR_MS);
  }
}

async function pay(rig: ConsoleRig, terminalId: string, count: number): Promise<number> {
  const terminal = rig.terminals.get(terminalId)!;
  let total = 0;
  for (let index = 0; index < count; index += 1) {
    const deposited = 100_000 * (index + 1);
    const commission = Math.max(3_000, Math.round(deposited * 0.025));
    const created = await terminal.client.createTransfer({
      transferId: uuidV7(rig.clock.nowMs()),
      inmateRef: 'idemo000000000001',
      depositedKopecks: deposited,
      amountKopecks: deposited - commission,
      commissionKopecks: commission,
      kioskCreatedAtMs: rig.clock.nowMs(),
      kioskSequence: index + 1,
    });
    if (!created.ok) throw new Error(`transfer: ${JSON.stringify(created.error)}`);
    total += deposited;
  }
  return total;
}

async function payAndCollect(rig: ConsoleRig, terminalId: string): Promise<void> {
  const openedAtMs = rig.clock.nowMs() - HOUR_MS;
  await pay(rig, terminalId, 2);
  const sent = await rig.terminals.get(terminalId)!.client.sendCollection({
    collectionId: uuidV7(rig.clock.nowMs()),
    openedAtMs,
    closedAtMs: rig.clock.nowMs(),
    notes: [
      { noteKopecks: 100_000, count: 1 },
      { noteKopecks: 200_000, count: 1 },
    ],
    noteCount: 2,
    totalKopecks: 300_000,
    transferCount: 2,
    operatorName: 'Петров И. С.',
  });
  if (!sent.ok) throw new Error(`collection: ${JSON.stringify(sent.error)}`);
  await pay(rig, terminalId, 1);
}
