/**
 * A transfer whose recipient moved or was released is routed by rule, never lost
 * (docs/domain.md §12), over real HTTP on either engine: it follows a moved person to the new
 * facility (recorded), goes back to the payer when the person is released, and a roster
 * update racing transfer creations leaves every transfer at the person's final facility.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TransferCreate } from '../common/central-wire.ts';
import type { RosterRecord } from '../common/central-wire-roster.ts';
import {
  type EnrolledTerminal,
  startTestCentral,
  TEST_ADMIN_TOKEN,
  type TestCentral,
  uuidV7,
} from '../tests/support/central-harness.ts';
import { enrolRegistry, type RegistryClient } from '../tests/support/registry-client.ts';
import { routesOf } from './routing.ts';

let server: TestCentral;
let registry: RegistryClient;
let kiosk: EnrolledTerminal;

const transferFor = (inmateRef: string, amountKopecks = 50_000): TransferCreate => ({
  transferId: uuidV7(),
  inmateRef,
  depositedKopecks: amountKopecks + 1_500,
  amountKopecks,
  commissionKopecks: 1_500,
  kioskCreatedAtMs: Date.now(),
});

async function arrive(personId: string, facilityId: string): Promise<string> {
  const record: RosterRecord = {
    kind: 'arrival',
    recordId: `arr-${personId}`,
    version: 1,
    personId,
    effectiveAtMs: 1_000,
    facilityId,
    person: {
      surname: 'Гусев',
      name: 'Олег',
      patronymic: '',
      birthYear: 1990,
      birthDay: 0,
      birthMonth: 0,
    },
  };
  const [result] = await registry.send([record]);
  if (result?.inmateRef === undefined) throw new Error(JSON.stringify(result));
  return result.inmateRef;
}

const move = (personId: string, from: string, to: string, atMs: number): RosterRecord => ({
  kind: 'transfer',
  recordId: `mv-${personId}-${atMs}`,
  version: 1,
  personId,
  effectiveAtMs: atMs,
  fromFacilityId: from,
  toFacilityId: to,
});

async function create(input: TransferCreate) {
  const created = await kiosk.client.createTransfer(input);
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  return created.value;
}

beforeAll(async () => {
  server = await startTestCentral();
  registry = await enrolRegistry(server.central.url, TEST_ADMIN_TOKEN, 'reg-routing', ['*']);
  kiosk = await server.enrolTerminal('kiosk-routing', ['77-sizo-4']);
});

afterAll(async () => {
  await server.stop();
});

describe('transfers to people who moved or were released', () => {
  it('a pending transfer follows the person to the new facility, and the move is recorded', async () => {
    const ref = await arrive('R-1', '77-sizo-4');
    const pending = await create(transferFor(ref));
    expect(pending).toMatchObject({ status: 'accepted', facilityId: '77-sizo-4' });
    const [moved] = await registry.send([move('R-1', '77-sizo-4', '77-sizo-5', 2_000)]);
    expect(moved).toMatchObject({ outcome: 'applied', transfersFollowed: 1 });
    const after = await kiosk.client.getTransferStatus(pending.transferId);
    expect(after.ok && after.value).toMatchObject({ status: 'accepted', facilityId: '77-sizo-5' });
    expect(after.ok && after.value.facilityName).toContain('СИЗО-5');
    expect(await routesOf(server.central.db, pending.transferId)).toMatchObject([
      {
        action: 'followed',
        fromFacilityId: '77-sizo-4',
        toFacilityId: '77-sizo-5',
        cause: 'roster:reg-routing',
      },
    ]);
    // A credited transfer stays where it was credited: only pending money moves.
    const credited = await create(transferFor(ref));
    expect(
      (await server.admin('POST', `/v1/admin/transfers/${credited.transferId}/credit`)).status,
    ).toBe(200);
    await registry.send([move('R-1', '77-sizo-5', '77-sizo-6', 3_000)]);
    const kept = await kiosk.client.getTransferStatus(credited.transferId);
    expect(kept.ok && kept.value).toMatchObject({ status: 'credited', facilityId: '77-sizo-5' });
  });

  it('a release sends pending transfers back to the payer, with the reason', async () => {
    const ref = await arrive('R-2', '77-sizo-4');
    const first = await create(transferFor(ref, 10_000));
    const second = await create(transferFor(ref, 20_000));
    const release: RosterRecord = {
      kind: 'release',
      recordId: 'rel-R-2',
      version: 1,
      personId: 'R-2',
      effectiveAtMs: 5_000,
      facilityId: '77-sizo-4',
    };
    const [released] = await registry.send([release]);
    expect(released).toMatchObject({ outcome: 'applied', transfersReturned: 2 });
    for (const id of [first.transferId, second.transferId]) {
      const view = await kiosk.client.getTransferStatus(id);
      expect(view.ok && view.value).toMatchObject({
        status: 'returned',
        returnReason: 'recipient-released',
      });
      expect((await routesOf(server.central.db, id))[0]).toMatchObject({ action: 'returned' });
    }
  });

  it('a transfer created after the release (an old offline roster) is returned at once', async () => {
    const ref = await arrive('R-3', '77-sizo-4');
    await registry.send([
      {
        kind: 'release',
        recordId: 'rel-R-3',
        version: 1,
        personId: 'R-3',
        effectiveAtMs: 5_000,
        facilityId: '77-sizo-4',
      },
    ]);
    const late = await create(transferFor(ref));
    expect(late).toMatchObject({ status: 'returned', returnReason: 'recipient-released' });
    expect(await routesOf(server.central.db, late.transferId)).toMatchObject([
      { action: 'returned', cause: 'released-before-creation' },
    ]);
  });

  it('a move racing transfer creations leaves every transfer at the final facility', async () => {
    const ref = await arrive('R-4', '77-sizo-4');
    const inputs = Array.from({ length: 24 }, () => transferFor(ref, 1_000));
    const early = inputs.slice(0, 12).map((input) => create(input));
    const moved = registry.send([move('R-4', '77-sizo-4', '77-sizo-7', 9_000)]);
    const late = inputs.slice(12).map((input) => create(input));
    const views = await Promise.all([...early, ...late]);
    const [result] = await moved;
    expect(result?.outcome).toBe('applied');
    for (const view of views) {
      const now = await kiosk.client.getTransferStatus(view.transferId);
      expect(now.ok && now.value.facilityId).toBe('77-sizo-7');
      // Created before the move committed → followed it (recorded); after → created there.
      const routes = await routesOf(server.central.db, view.transferId);
      expect(routes.length).toBe(view.facilityId === '77-sizo-4' ? 1 : 0);
    }
    expect(result?.transfersFollowed ?? 0).toBe(
      views.filter((v) => v.facilityId === '77-sizo-4').length,
    );
    const sums = await server.central.db.get<{ n: number; total: number }>(
      `SELECT COUNT(*) AS n, SUM(amount_kopecks) AS total FROM transfers WHERE inmate_ref = ?`,
      ref,
    );
    expect(sums).toEqual({ n: 24, total: 24_000 });
  });
});
