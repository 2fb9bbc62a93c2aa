/**
 * The transfer store against a model, over random sequences of creates (new, duplicate,
 * conflicting), facility steps and sweeps on a real database (the SQLite file, or PostgreSQL
 * on the central-postgres project): one row per id, the first
 * answer replayed byte for byte, money columns consistent, and no status ever leaving
 * credited or returned.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestCentralDb } from '../tests/support/central-postgres.ts';
import type { CentralDb } from './db.ts';
import { generateInmates, seedReferenceData } from './generate.ts';
import { createTransferStore, type TransferCreate, type TransferStatus } from './transfers.ts';

let dir: string;
let db: CentralDb;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'central-transfers-'));
  db = (await openTestCentralDb(dir)).db;
  await seedReferenceData(db);
  await generateInmates(db, { count: 0 });
  await db.exec(
    `INSERT INTO terminals (id, facility_ids, created_at_ms) VALUES ('t1', '[]', 0), ('t2', '[]', 0)`,
  );
});

afterAll(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

const IDS = ['a', 'b', 'c', 'd'].map((letter) => `0190aaaa-0000-7000-8000-00000000000${letter}`);
const REFS = ['idemo000000000001', 'idemo000000000005'];

type Op =
  | { kind: 'create'; id: number; terminal: 't1' | 't2'; amount: number; ref: number }
  | { kind: 'credit' | 'return' | 'send'; id: number }
  | { kind: 'sweep'; afterMs: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('create' as const),
    id: fc.integer({ min: 0, max: 3 }),
    terminal: fc.constantFrom('t1' as const, 't2' as const),
    amount: fc.constantFrom(10_000, 20_000),
    ref: fc.integer({ min: 0, max: 1 }),
  }),
  fc.record({
    kind: fc.constantFrom('credit' as const, 'return' as const, 'send' as const),
    id: fc.integer({ min: 0, max: 3 }),
  }),
  fc.record({ kind: fc.constant('sweep' as const), afterMs: fc.integer({ min: 0, max: 10 }) }),
);

const FINAL: ReadonlySet<TransferStatus> = new Set(['credited', 'returned']);

describe('transfer store (model-based)', () => {
  it('keeps one row per id, replays first answers, and never leaves a final status', async () => {
    let round = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 40 }), async (ops) => {
        round += 1;
        await db.exec('DELETE FROM transfers');
        const store = createTransferStore(db);
        const first = new Map<string, { fingerprint: string; bodyText: string }>();
        const statuses = new Map<string, TransferStatus>();
        let nowMs = round * 1_000_000;
        for (const step of ops) {
          nowMs += 1;
          if (step.kind === 'create') {
            const id = IDS[step.id]!;
            const input: TransferCreate = {
              transferId: id,
              inmateRef: REFS[step.ref]!,
              depositedKopecks: step.amount + 300,
              amountKopecks: step.amount,
              commissionKopecks: 300,
              kioskCreatedAtMs: 1,
            };
            const fingerprint = `${step.terminal}/${step.amount}/${step.ref}`;
            const answer = await store.create(step.terminal, input, nowMs);
            const seen = first.get(id);
            if (seen === undefined) {
              expect(answer).toMatchObject({ httpStatus: 201, replayed: false });
              // The answer is built before the INSERT: it must be the row, read back, exactly.
              expect(answer.bodyText).toBe(JSON.stringify(await store.get(id)));
              first.set(id, { fingerprint, bodyText: answer.bodyText });
            } else if (seen.fingerprint === fingerprint) {
              expect(answer).toEqual({ httpStatus: 201, bodyText: seen.bodyText, replayed: true });
            } else {
              expect(answer.httpStatus).toBe(422);
            }
          } else if (step.kind === 'sweep') {
            await store.sweep(nowMs, step.afterMs);
          } else {
            const id = IDS[step.id]!;
            const result =
              step.kind === 'credit'
                ? await store.credit(id, nowMs)
                : step.kind === 'send'
                  ? await store.send(id, nowMs)
                  : await store.returnToSender(id, 'test', nowMs);
            if (!first.has(id)) expect(!result.ok && result.error.status).toBe(404);
          }
          for (const id of IDS) {
            const view = await store.get(id);
            expect(view === null).toBe(!first.has(id));
            if (view === null) continue;
            expect(view.depositedKopecks).toBe(view.amountKopecks + view.commissionKopecks);
            const before = statuses.get(id);
            if (before !== undefined && FINAL.has(before)) expect(view.status).toBe(before);
            statuses.set(id, view.status);
          }
        }
        const rows = await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM transfers');
        expect(rows?.n).toBe(first.size);
      }),
      { numRuns: 150 },
    );
  });
});

describe('transfer creation answer', () => {
  it('is the stored row byte for byte, whatever optional fields came with it', async () => {
    const store = createTransferStore(db);
    const transferId = '0190AAAA-0000-7000-8000-0000000000FF';
    const answer = await store.create(
      't2',
      {
        transferId,
        inmateRef: REFS[1]!,
        depositedKopecks: 1_234_567,
        amountKopecks: 1_200_000,
        commissionKopecks: 34_567,
        kioskCreatedAtMs: 1_765_000_000_123,
        receiptNumber: 'R-42',
        kioskSequence: 9_007_199_254_740_991,
      },
      1_765_000_000_999,
    );
    expect(answer.httpStatus).toBe(201);
    const view = await store.get(transferId.toLowerCase());
    expect(answer.bodyText).toBe(JSON.stringify(view));
    const stored = await db.get<{ response: string }>(
      'SELECT response FROM transfers WHERE id = ?',
      transferId.toLowerCase(),
    );
    expect(stored?.response).toBe(answer.bodyText);
  });
});
