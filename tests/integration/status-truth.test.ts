import { afterAll, describe, expect, it } from 'vitest';
import {
  type CcnetEmulatorProcess,
  startCcnetEmulatorProcess,
} from '../support/ccnet-emulator-process.ts';
import { type KioskProcess, startKioskProcess } from '../support/kiosk-process.ts';
import { openPtyPair, type PtyPair } from '../support/pty.ts';
import { connectClient, type TestClient, wsUrlOf } from '../support/ws-client.ts';

/**
 * `acceptingPayments` is a promise to the payer: the home screen offers a payment only when it
 * is true. Right after a restart that must finish a payment left open by a crash (recovery:
 * the acceptor is opened the careful way, the session becomes a recovered transfer and its
 * receipt prints), the status is polled from the first moment the kiosk answers, and every time
 * it says "accepting" a payment must start. The acceptor is on a pty and answers slowly after
 * the restart, as a real one on a long cable may: the device is ready some time before the
 * kiosk has read its identity and bill table, which is when a status read from the device
 * alone would claim too early that payments are on.
 */
const recipient = {
  inmateRef: 'status-truth-0001',
  maskedName: 'Иванов И. И.',
  birthYear: 1985,
  facilityId: 'status-truth',
  facilityName: 'СИЗО-1',
};

let kiosk: KioskProcess | null = null;
let pty: PtyPair | null = null;
let acceptor: CcnetEmulatorProcess | null = null;
const clients: TestClient[] = [];
afterAll(async () => {
  for (const client of clients) client.close();
  await kiosk?.stop();
  await acceptor?.stop();
  await pty?.close();
});

async function connect(process: KioskProcess) {
  const client = await connectClient(wsUrlOf(process.url), process.origin);
  clients.push(client);
  return client;
}

const accepting = async (client: TestClient) =>
  ((await client.call('kiosk:getStatus')).value as { acceptingPayments: boolean })
    .acceptingPayments;

describe('status after a restart', () => {
  it('says accepting only when deposit:start succeeds, while recovery runs and after', async () => {
    pty = await openPtyPair();
    acceptor = startCcnetEmulatorProcess(pty.b, { timings: { initializeMs: 50 } });
    await acceptor.ready;
    const env = { KIOSK_BILL_ACCEPTOR: `ccnet:${pty.a}` };
    const first = await startKioskProcess(env);
    kiosk = first;
    const before = await connect(first);
    await until(() => accepting(before));
    expect((await before.call('deposit:start', { recipient })).ok).toBe(true);
    await acceptor.request({ cmd: 'insertNote', noteKopecks: 50_000 });
    await until(async () => {
      const view = (await before.call('deposit:get')).value as { acceptedKopecks: number };
      return view.acceptedKopecks === 50_000;
    });
    // The kiosk dies with the payment open: the next start has to recover it.
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));

    await acceptor.request({ cmd: 'setFaults', faults: { delayMs: 150, delayRate: 1 } });
    kiosk = await startKioskProcess(env, { dataDir: first.dataDir });
    const client = await connect(kiosk);
    const refusedWhileAccepting: unknown[] = [];
    let sawNotAccepting = false;
    let started = false;
    const deadline = Date.now() + 30_000;
    while (!started && Date.now() < deadline) {
      if (!(await accepting(client))) {
        sawNotAccepting = true;
        continue;
      }
      const answer = await client.call('deposit:start', { recipient });
      if (answer.ok) started = true;
      else refusedWhileAccepting.push(answer.error);
    }
    expect(refusedWhileAccepting).toEqual([]);
    expect(started).toBe(true);
    // The poll began before recovery had finished: the test saw the "not yet" side too.
    expect(sawNotAccepting).toBe(true);
    expect((await client.call('deposit:cancel')).ok).toBe(true);
  }, 90_000);
});

async function until(condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('until: timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
