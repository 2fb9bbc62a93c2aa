import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KioskProcess, startKioskProcess } from '../support/kiosk-process.ts';
import { openPtyPair, type PtyPair } from '../support/pty.ts';
import {
  type ShtrihEmulatorProcess,
  startShtrihEmulatorProcess,
} from '../support/shtrih-emulator-process.ts';
import { connectClient, type TestClient, wsUrlOf } from '../support/ws-client.ts';

/**
 * Every fault of the fiscal registrar, through the whole kiosk: `npm start`'s entry with
 * KIOSK_FISCAL=shtrih:<pty>, the Shtrih-M emulator in its own process on the other end of the
 * pty (real bytes, real link layer). For each fault: the status names the refusal the payer
 * reads, `deposit:start` refuses cash, and once the fault is gone payments come back. A ФН that
 * refuses to sign after the cash is in holds the receipt and issues it when it works again; the
 * power cut while cash is inside leaves the receipt pending, issued once the power is back. At
 * the end the ФН's receipts are the ledger's issued fiscal documents, one per payment.
 */
let pty: PtyPair;
let registrar: ShtrihEmulatorProcess;
let kiosk: KioskProcess;
let client: TestClient;
let panel: TestClient;
const dayMs = 86_400_000;

type Status = { acceptingPayments: boolean; unavailableReason: string | null };
type Paid = { transferId: string; receipt: string; fiscal?: { state: string } };

beforeAll(async () => {
  pty = await openPtyPair();
  const stateFile = path.join(mkdtempSync(path.join(tmpdir(), 'shtrih-')), 'state.json');
  registrar = startShtrihEmulatorProcess(pty.b, stateFile);
  await registrar.ready;
  kiosk = await startKioskProcess({
    KIOSK_FISCAL: `shtrih:${pty.a}`,
    KIOSK_FISCAL_TICK_MS: '500',
  });
  client = await connectClient(wsUrlOf(kiosk.url), kiosk.origin);
  panel = await connectClient(wsUrlOf(kiosk.panelUrl ?? '', '/panel-ws'), kiosk.origin);
}, 90_000);

afterAll(async () => {
  client?.close();
  panel?.close();
  await kiosk?.stop();
  await registrar?.stop();
  await pty?.close();
});

const status = async () => (await client.call('kiosk:getStatus')).value as Status;

async function until<T>(what: string, probe: () => Promise<T | null>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const accepting = () =>
  until('payments accepted', async () => ((await status()).acceptingPayments ? true : null));
const refusedWith = (reason: string) =>
  until(`refusal ${reason}`, async () => {
    const now = await status();
    return now.unavailableReason === reason ? now : null;
  });

async function recipient() {
  const found = (await client.call('payee:search', {
    facilityId: '77-sizo-1',
    surname: 'Иванов',
    name: 'Иван',
    patronymic: 'Иванович',
    birthYear: 1985,
  })) as { value: { matches: unknown[] } };
  return found.value.matches[0];
}

/** Cash in through the acceptor emulator, then Pay. */
async function pay(noteKopecks: number, whileCashInside?: () => Promise<unknown>): Promise<Paid> {
  const started = await client.call('deposit:start', { recipient: await recipient() });
  expect(started.ok, JSON.stringify(started)).toBe(true);
  await panel.call('emulator:insertNote', { noteKopecks });
  await until('note counted', async () => {
    const view = (await client.call('deposit:get')).value as {
      acceptedKopecks: number;
      noteInProgress: boolean;
    };
    return view.acceptedKopecks === noteKopecks && !view.noteInProgress ? true : null;
  });
  await whileCashInside?.();
  const paid = await client.call('deposit:pay');
  expect(paid.ok, JSON.stringify(paid)).toBe(true);
  return paid.value as Paid;
}

async function expectNoCash(reason: string) {
  await refusedWith(reason);
  const refused = await client.call('deposit:start', { recipient: await recipient() });
  expect(refused.ok).toBe(false);
  expect(refused.error?.kind).toMatch(/fiscal-unavailable|printer-unavailable/);
}

const control = (body: Record<string, unknown>) => registrar.request(body);

describe('the fiscal registrar on a pty, through the kiosk', () => {
  it('opens a shift and issues a fiscal receipt for a payment', async () => {
    await accepting();
    const paid = await pay(50_000);
    expect(paid.receipt).toBe('printed');
    expect(paid.fiscal?.state).toBe('issued');
  }, 60_000);

  it.each([
    [
      'paper out',
      { cmd: 'setPaper', present: false },
      { cmd: 'setPaper', present: true },
      'fiscal-paper-out',
    ],
    [
      'cover open',
      { cmd: 'setCover', open: true },
      { cmd: 'setCover', open: false },
      'fiscal-cover-open',
    ],
    [
      'ФН failure',
      { cmd: 'setFnFault', fault: 'failure' },
      { cmd: 'setFnFault', fault: 'none' },
      'fiscal-fn-critical',
    ],
    ['power off', { cmd: 'powerOff' }, { cmd: 'powerOn' }, 'fiscal-offline'],
  ])(
    '%s stops cash with its reason, and payments come back',
    async (_name, fault, fix, reason) => {
      await accepting();
      await control(fault);
      await expectNoCash(reason);
      await control(fix);
      await accepting();
    },
    60_000,
  );

  it('a ФН near its end stops cash; a valid one brings payments back', async () => {
    await accepting();
    const clock = (await control({ cmd: 'status' })).status as { clock: string };
    const day = (offset: number) =>
      new Date(Date.parse(`${clock.clock.slice(0, 10)}T00:00:00Z`) + offset * dayMs)
        .toISOString()
        .slice(0, 10);
    await control({ cmd: 'setFnValidUntil', day: day(2) });
    await expectNoCash('fiscal-fn-expired');
    await control({ cmd: 'setFnValidUntil', day: day(-1) });
    await expectNoCash('fiscal-fn-expired');
    await control({ cmd: 'setFnValidUntil', day: day(400) });
    await accepting();
  }, 60_000);

  it('the OFD queue growing past the block stops cash until the OFD confirms', async () => {
    await accepting();
    await control({ cmd: 'setOfdLink', link: 'down' });
    const paid = await pay(10_000);
    expect(paid.fiscal?.state).toBe('issued');
    // The ККТ clock moves on 26 days: the unsent receipt is older than the 25-day block. The
    // shift also ran out meanwhile: the keeper closes and reopens it on its own.
    await control({ cmd: 'advanceClock', ms: 26 * dayMs });
    await expectNoCash('fiscal-ofd-too-old');
    await control({ cmd: 'setOfdLink', link: 'up' });
    await accepting();
    const documents = await registrar.documents();
    expect(documents.at(-1)?.kind).toBe('shift-open');
    expect(documents.at(-2)?.kind).toBe('shift-close');
  }, 60_000);

  it('a shift that ran out is closed and reopened by the kiosk', async () => {
    await accepting();
    const before = (await registrar.documents()).length;
    await control({ cmd: 'advanceClock', ms: dayMs });
    await until('new shift', async () => {
      const kinds = (await registrar.documents()).slice(before).map((each) => each.kind);
      return kinds.join() === 'shift-close,shift-open' ? true : null;
    });
    await accepting();
    const paid = await pay(10_000);
    expect(paid.fiscal?.state).toBe('issued');
  }, 60_000);

  it('a ФН that refuses to sign holds the receipt; it is issued once the ФН works', async () => {
    await accepting();
    const paid = await pay(20_000, () => control({ cmd: 'setFnFault', fault: 'memory-full' }));
    expect(paid.receipt).toBe('unprinted');
    expect(paid.fiscal?.state).toBe('held');
    await expectNoCash('fiscal-document-stuck');
    await control({ cmd: 'setFnFault', fault: 'none' });
    await accepting();
    await until('held receipt issued', async () =>
      fiscalRow(paid.transferId)?.state === 'issued' ? true : null,
    );
  }, 60_000);

  it('power lost with cash inside: the receipt waits and is issued when power is back', async () => {
    await accepting();
    const paid = await pay(5_000, () => control({ cmd: 'powerOff' }));
    expect(paid.fiscal?.state).toBe('pending');
    await control({ cmd: 'powerOn' });
    await until('pending receipt issued', async () =>
      fiscalRow(paid.transferId)?.state === 'issued' ? true : null,
    );
    await accepting();
  }, 90_000);

  it('the ФН holds exactly the ledger’s fiscal documents, one per payment, sums equal', async () => {
    const receipts = (await registrar.documents()).filter((each) => each.kind === 'receipt');
    const issued = fiscalRows().filter((row) => row.state === 'issued');
    expect(issued.length).toBe(fiscalRows().length);
    expect(receipts.map((each) => [each.fdNumber, each.totalKopecks])).toEqual(
      issued.map((row) => [row.fd_number, row.total_kopecks]),
    );
  });
});

type FiscalRow = {
  transfer_id: string;
  state: string;
  fd_number: number | null;
  total_kopecks: number;
};

function fiscalRows(): FiscalRow[] {
  const db = new DatabaseSync(path.join(kiosk.dataDir, 'ledger.sqlite'), { readOnly: true });
  try {
    return db
      .prepare(
        'SELECT transfer_id, state, fd_number, total_kopecks FROM fiscal_intent ORDER BY fd_number',
      )
      .all() as FiscalRow[];
  } finally {
    db.close();
  }
}

function fiscalRow(transferId: string): FiscalRow | null {
  return fiscalRows().find((row) => row.transfer_id === transferId) ?? null;
}
