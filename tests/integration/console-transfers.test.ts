/**
 * The console's Transfers page over real HTTP against a real central with the demo fleet (and
 * on PostgreSQL in the central-postgres project): search by id (whole and short), by the
 * receipt's tracking code, terminal, facility, status and period; a region-scoped user sees
 * no other region's transfers; a viewer reads without the sender's name and may not credit;
 * an operator credits (again: the same answer, as the admin route) and returns through
 * central's own step; every hand step, and a refused one, in the audit log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleTransfer } from '../../common/console-wire-transfers.ts';
import { ConsoleTransferListSchema } from '../../common/console-wire-transfers.ts';
import { createContractChecker } from '../../central/contract-check.ts';
import { trackingCodeWithKey } from '../../central/tracking.ts';
import { formatTrackingCode } from '../../common/tracking-code.ts';
import { uuidV7 } from '../support/central-harness.ts';
import {
  type ConsoleRig,
  type ConsoleSession,
  STRONG_PASSWORD,
  startConsoleRig,
} from '../support/console-fleet.ts';

const checkContract = createContractChecker();
let rig: ConsoleRig;
let admin: ConsoleSession;
let viewer: ConsoleSession;
let mskOperator: ConsoleSession;
let spbOperator: ConsoleSession;
/** A transfer from a Saint Petersburg terminal (the demo's payments are all Moscow's). */
let spbTransferId: string;

type Audit = { entries: { login: string; action: string; target: string; detail: object }[] };

async function search(session: ConsoleSession, query: string): Promise<ConsoleTransfer[]> {
  const answer = await session.get(`/v1/console/transfers${query}`);
  const body: unknown = await answer.json();
  expect(answer.status, JSON.stringify(body)).toBe(200);
  expect(checkContract('GET', '/v1/console/transfers', 200, body)).toBeNull();
  return ConsoleTransferListSchema.parse(body).transfers;
}

beforeAll(async () => {
  rig = await startConsoleRig();
  admin = await rig.login('admin');
  const user = (login: string, role: string, scope: object) =>
    rig.createUser({ login, displayName: login, role, scope, password: STRONG_PASSWORD });
  await user('viewer', 'viewer', { all: true });
  await user('msk-operator', 'operator', { regions: ['77'], terminals: [] });
  await user('spb-operator', 'operator', { regions: ['78'], terminals: [] });
  viewer = await rig.login('viewer');
  mskOperator = await rig.login('msk-operator');
  spbOperator = await rig.login('spb-operator');
  spbTransferId = uuidV7(rig.clock.nowMs());
  const created = await rig.terminals.get('SPB-SIZO1-01')!.client.createTransfer({
    transferId: spbTransferId,
    inmateRef: 'idemo000000000002',
    depositedKopecks: 50_000,
    amountKopecks: 47_000,
    commissionKopecks: 3_000,
    kioskCreatedAtMs: rig.clock.nowMs(),
    kioskSequence: 1,
  });
  if (!created.ok) throw new Error(`transfer: ${JSON.stringify(created.error)}`);
}, 120_000);

afterAll(async () => {
  await rig.stop();
});

describe('searching transfers', () => {
  it('lists the newest first with their lifecycle, recipient masked', async () => {
    const all = await search(admin, '');
    // The demo fleet's six payments and the one from Saint Petersburg.
    expect(all).toHaveLength(7);
    const times = all.map((row) => row.acceptedAtMs);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(all[0]!.transferId).toBe(spbTransferId);
    for (const row of all) {
      expect(row.recipientMasked).toMatch(/^[А-ЯЁ][а-яё-]+ [А-ЯЁ]\./);
      expect(row.status).toBe('accepted');
      expect(row.sentAtMs).toBeNull();
    }
  });

  it('by whole id, by its last eight hex digits, and refuses a malformed one', async () => {
    const [whole] = await search(viewer, `?transferId=${spbTransferId.toUpperCase()}`);
    expect(whole?.transferId).toBe(spbTransferId);
    const short = await search(viewer, `?transferId=${spbTransferId.slice(-8)}`);
    expect(short.map((row) => row.transferId)).toEqual([spbTransferId]);
    expect((await viewer.get('/v1/console/transfers?transferId=nope')).status).toBe(400);
  });

  it("by the receipt's tracking code, with or without its dash", async () => {
    const config = await rig.terminals.get('SPB-SIZO1-01')!.client.getConfig();
    if (!config.ok) throw new Error('config');
    const code = trackingCodeWithKey(config.value.trackingKey!, spbTransferId);
    for (const typed of [code, formatTrackingCode(code), code.toLowerCase()]) {
      const found = await search(viewer, `?code=${encodeURIComponent(typed)}`);
      expect(found.map((row) => row.transferId)).toEqual([spbTransferId]);
    }
    // The same code under another terminal's key, or a made-up one, finds nothing.
    const other = await search(viewer, `?code=${code === 'ABCDEFGH' ? 'ABCDEFGJ' : 'ABCDEFGH'}`);
    expect(other).toEqual([]);
    expect((await viewer.get('/v1/console/transfers?code=0OI1')).status).toBe(400);
  });

  it('by terminal, facility, status and period', async () => {
    const byTerminal = await search(viewer, '?terminalId=MSK-SIZO1-02');
    expect(byTerminal).toHaveLength(3);
    expect(new Set(byTerminal.map((row) => row.terminalId))).toEqual(new Set(['MSK-SIZO1-02']));
    const byFacility = await search(viewer, '?facilityId=77-sizo-1');
    expect(byFacility).toHaveLength(7); // both demo inmates are in СИЗО-1 of Moscow
    expect(await search(viewer, '?facilityId=78-sizo-1')).toEqual([]);
    expect(await search(viewer, '?status=credited')).toEqual([]);
    const all = await search(viewer, '');
    const newest = all[0]!.acceptedAtMs;
    const recent = await search(viewer, `?fromMs=${newest}&toMs=${newest + 1}`);
    expect(recent.map((row) => row.transferId)).toEqual([spbTransferId]);
    const older = await search(viewer, `?toMs=${newest}`);
    expect(older).toHaveLength(6);
    const limited = await admin.get('/v1/console/transfers?limit=2');
    const body = ConsoleTransferListSchema.parse(await limited.json());
    expect(body.transfers).toHaveLength(2);
    expect(body.truncated).toBe(true);
  });
});

describe('scope', () => {
  it("a region's operator sees that region's terminals' transfers only", async () => {
    const spb = await search(spbOperator, '');
    expect(spb.map((row) => row.transferId)).toEqual([spbTransferId]);
    const msk = await search(mskOperator, '');
    expect(msk).toHaveLength(6);
    expect(msk.every((row) => row.terminalId.startsWith('MSK-'))).toBe(true);
    // Asking for the other region's transfer by id, code or terminal finds nothing…
    expect(await search(mskOperator, `?transferId=${spbTransferId}`)).toEqual([]);
    expect(await search(mskOperator, '?terminalId=SPB-SIZO1-01')).toEqual([]);
    // …and acting on it is "not found", like an unknown id.
    const credit = await mskOperator.post(`/v1/console/transfers/${spbTransferId}/credit`);
    expect(credit.status).toBe(404);
    expect((await search(viewer, `?transferId=${spbTransferId}`))[0]!.status).toBe('accepted');
  });
});

describe('credit and return', () => {
  it('a viewer may not credit or return (403), and nothing changes', async () => {
    const [target] = await search(viewer, '?terminalId=MSK-SIZO1-01');
    const credit = await viewer.post(`/v1/console/transfers/${target!.transferId}/credit`);
    expect(credit.status).toBe(403);
    const path = '/v1/console/transfers/{transferId}/credit';
    expect(checkContract('POST', path, 403, await credit.json())).toBeNull();
    const back = await viewer.post(`/v1/console/transfers/${target!.transferId}/return`, {
      reason: 'x',
    });
    expect(back.status).toBe(403);
    expect((await search(viewer, `?transferId=${target!.transferId}`))[0]!.status).toBe('accepted');
  });

  it("shows the sender's name to those who credit only", async () => {
    // A logged-in payer's transfer carries the name locked on their account (copied at
    // creation, payer-sender-notify.test.ts); here it is written straight into the row.
    const [named] = await search(viewer, '?terminalId=MSK-SIZO1-02');
    await rig.server.central.db.run(
      'UPDATE transfers SET sender_name = ? WHERE id = ?',
      'Орлов Илья',
      named!.transferId,
    );
    const byId = `?transferId=${named!.transferId}`;
    expect((await search(admin, byId))[0]!.senderName).toBe('Орлов Илья');
    expect((await search(mskOperator, byId))[0]!.senderName).toBe('Орлов Илья');
    expect((await search(viewer, byId))[0]!.senderName).toBeNull();
    const collector = 'msk-collector';
    await rig.createUser({
      login: collector,
      displayName: collector,
      role: 'collector-manager',
      scope: { regions: ['77'], terminals: [] },
      password: STRONG_PASSWORD,
    });
    const rows = await search(await rig.login(collector), '');
    expect(rows).toHaveLength(6);
    expect(rows.every((row) => row.senderName === null)).toBe(true);
    expect((await search(admin, '')).filter((row) => row.senderName !== null)).toHaveLength(1);
  });

  it('an operator credits once; again answers it as it is; a return after is refused', async () => {
    const [target] = await search(mskOperator, '?terminalId=MSK-SIZO1-01');
    const path = `/v1/console/transfers/${target!.transferId}/credit`;
    const first = await mskOperator.post(path);
    const credited = (await first.json()) as ConsoleTransfer;
    expect(first.status).toBe(200);
    expect(
      checkContract('POST', '/v1/console/transfers/{transferId}/credit', 200, credited),
    ).toBeNull();
    expect(credited.status).toBe('credited');
    expect(credited.creditedAtMs).not.toBeNull();
    expect(credited.sentAtMs).not.toBeNull();
    const again = await mskOperator.post(path);
    expect(again.status).toBe(200);
    expect(((await again.json()) as ConsoleTransfer).creditedAtMs).toBe(credited.creditedAtMs);
    // The admin token's route sees the same transfer, credited by the same step.
    const adminAgain = await rig.server.admin(
      'POST',
      `/v1/admin/transfers/${target!.transferId}/credit`,
    );
    expect(((await adminAgain.json()) as { creditedAtMs: number }).creditedAtMs).toBe(
      credited.creditedAtMs,
    );
    const refused = await mskOperator.post(`/v1/console/transfers/${target!.transferId}/return`, {
      reason: 'поздно',
    });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe(
      'transfer-state',
    );
    expect(await search(viewer, '?status=credited')).toHaveLength(1);
  });

  it('an operator returns one with the reason; a credit after is refused', async () => {
    const spbCredit = await spbOperator.post(`/v1/console/transfers/${spbTransferId}/return`, {
      reason: 'Получатель освобождён',
    });
    const returned = (await spbCredit.json()) as ConsoleTransfer;
    expect(spbCredit.status).toBe(200);
    expect(returned.status).toBe('returned');
    expect(returned.returnReason).toBe('Получатель освобождён');
    expect(returned.returnedAtMs).not.toBeNull();
    const empty = await spbOperator.post(`/v1/console/transfers/${spbTransferId}/return`, {
      reason: '',
    });
    expect(empty.status).toBe(400);
    const credit = await spbOperator.post(`/v1/console/transfers/${spbTransferId}/credit`);
    expect(credit.status).toBe(409);
    const [row] = await search(viewer, `?transferId=${spbTransferId}`);
    expect(row!.status).toBe('returned');
  });

  it('every hand step and every refusal is in the audit log, once', async () => {
    const { entries } = (await (await admin.get('/v1/console/audit?limit=500')).json()) as Audit;
    const ours = entries.filter((entry) => entry.action.startsWith('transfer-'));
    const actions = ours.map((entry) => `${entry.login} ${entry.action}`).sort();
    expect(actions).toEqual([
      'msk-operator transfer-credited',
      'msk-operator transfer-return-refused',
      'spb-operator transfer-credit-refused',
      'spb-operator transfer-returned',
    ]);
    const returned = ours.find((entry) => entry.action === 'transfer-returned')!;
    expect(returned.target).toBe(spbTransferId);
    expect(returned.detail).toMatchObject({
      from: 'accepted',
      terminalId: 'SPB-SIZO1-01',
      amountKopecks: 47_000,
      note: 'Получатель освобождён',
    });
  });
});
