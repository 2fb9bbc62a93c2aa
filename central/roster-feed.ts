/**
 * The roster fed by the facilities (docs/domain.md §12): records from a registry's signed
 * batch (roster-feed-routes.ts) or a staff CSV file (roster-feed-csv.ts) are checked one by
 * one (zod), decided by the rules of roster-feed-step.ts and applied in chunks, each chunk one
 * short transaction. A full national load is a long series of short transactions, so
 * transfers and searches are served between them (SQLite's single writer takes them in turn;
 * on PostgreSQL they run beside it): nothing waits for more than one chunk.
 *
 * A chunk reads what it needs with a few set queries (the stored versions of its record ids,
 * the people it names), decides every record in memory, then writes with multi-row INSERTs
 * and one UPDATE per person already known: a load of new arrivals costs a handful of
 * statements per chunk, not several per record.
 */
import {
  type RosterPerson,
  type RosterRecord,
  type RosterRecordResult,
  RosterRecordSchema,
} from '../common/central-wire-roster.ts';
import { nameKey } from '../common/names.ts';
import { type CentralDb, type SqlValue, statement } from './db.ts';
import type { RegistryScope } from './roster-feed-registries.ts';
import {
  type ChunkState,
  type KeptRecord,
  type MoveRow,
  type PersonState,
  stepRecord,
} from './roster-feed-step.ts';
import { createRouting } from './routing.ts';

/** Records per transaction: ~10 ms of writer time on SQLite, a few round trips on PostgreSQL. */
export const CHUNK_RECORDS_DEFAULT = 250;

export type RosterFeed = {
  /** Checks and applies raw records in order; one answer per record, in the same order. */
  apply(
    registryId: string,
    scope: RegistryScope,
    raw: readonly unknown[],
    nowMs: number,
  ): Promise<RosterRecordResult[]>;
};

/** The answer for a record that is not one: its id and version if it has them, and why. */
export function invalidResult(raw: unknown, message: string): RosterRecordResult {
  const fields = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const version = fields.version;
  return {
    recordId: typeof fields.recordId === 'string' ? fields.recordId.slice(0, 80) : '',
    version:
      typeof version === 'number' && Number.isSafeInteger(version) && version >= 0
        ? Math.min(version, 2_147_483_647)
        : 0,
    outcome: 'rejected',
    error: { code: 'invalid-record', message: message.slice(0, 300) },
  };
}

/** zod's first complaint about a record, with where it is. */
export function parseRecord(raw: unknown): { record: RosterRecord } | { problem: string } {
  const parsed = RosterRecordSchema.safeParse(raw);
  if (parsed.success) return { record: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue === undefined ? 'record' : issue.path.join('.') || 'record';
  return { problem: `${where}: ${issue?.message ?? 'invalid'}` };
}

type PersonRow = {
  ref: string;
  person_id: string;
  facility_id: string;
  status: PersonState['status'];
  state_at_ms: number;
  surname: string;
  name: string;
  patronymic: string;
  birth_year: number;
  birth_day: number;
  birth_month: number;
};

const placeholders = (count: number, width: number) =>
  Array.from(
    { length: count },
    () => `(${Array.from({ length: width }, () => '?').join(', ')})`,
  ).join(', ');

const inList = (count: number) => Array.from({ length: count }, () => '?').join(', ');

const personOf = (row: PersonRow): RosterPerson => ({
  surname: row.surname,
  name: row.name,
  patronymic: row.patronymic,
  birthYear: row.birth_year,
  birthDay: row.birth_day,
  birthMonth: row.birth_month,
});

const samePerson = (a: RosterPerson, b: RosterPerson) =>
  a.surname === b.surname &&
  a.name === b.name &&
  a.patronymic === b.patronymic &&
  a.birthYear === b.birthYear &&
  a.birthDay === b.birthDay &&
  a.birthMonth === b.birthMonth;

export type RosterFeedOptions = { chunkRecords?: number };

export function createRosterFeed(db: CentralDb, options: RosterFeedOptions = {}): RosterFeed {
  const chunkRecords = options.chunkRecords ?? CHUNK_RECORDS_DEFAULT;
  const routing = createRouting(db);
  const activeFacilities = statement(db, 'SELECT id FROM facilities WHERE active = 1');
  const updatePerson = statement(
    db,
    `UPDATE inmates SET facility_id = ?, status = ?, state_at_ms = ?, surname = ?, name = ?,
       patronymic = ?, birth_year = ?, surname_key = ?, name_key = ?, patronymic_key = ?,
       birth_day = ?, birth_month = ? WHERE ref = ?`,
  );

  const readState = async (
    records: readonly RosterRecord[],
    base: Pick<ChunkState, 'activeFacilities' | 'scope'>,
  ): Promise<ChunkState> => {
    const recordIds = [...new Set(records.map((record) => record.recordId))];
    const personIds = [...new Set(records.map((record) => record.personId))];
    const versions = await db.all<{ record_id: string; version: number }>(
      `SELECT record_id, version FROM roster_records
         WHERE record_id IN (${inList(recordIds.length)})`,
      ...recordIds,
    );
    const rows = await db.all<PersonRow>(
      `SELECT ref, person_id, facility_id, status, state_at_ms, surname, name, patronymic,
         birth_year, birth_day, birth_month FROM inmates
         WHERE person_id IN (${inList(personIds.length)})`,
      ...personIds,
    );
    const people = new Map<string, PersonState>();
    for (const row of rows) {
      const person = personOf(row);
      people.set(row.person_id, {
        ref: row.ref,
        facilityId: row.facility_id,
        status: row.status,
        stateAtMs: row.state_at_ms,
        person,
        isNew: false,
        before: { facilityId: row.facility_id, status: row.status, person },
      });
    }
    const stored = new Map(versions.map((row) => [row.record_id, row.version]));
    return { ...base, versions: stored, people, moves: [], kept: new Map() };
  };

  const writePeople = async (people: Map<string, PersonState>, nowMs: number, cause: string) => {
    const inserts: SqlValue[][] = [];
    const counts = new Map<string, { followed: number; returned: number }>();
    for (const [personId, state] of people) {
      const p = state.person;
      const keys = [nameKey(p.surname), nameKey(p.name), nameKey(p.patronymic)];
      if (state.isNew) {
        inserts.push([
          state.ref,
          state.facilityId,
          p.surname,
          p.name,
          p.patronymic,
          p.birthYear,
          state.status,
          ...keys,
          p.birthDay,
          p.birthMonth,
          personId,
          state.stateAtMs,
        ]);
        continue;
      }
      const before = state.before!;
      const moved = before.facilityId !== state.facilityId || before.status !== state.status;
      if (!moved && samePerson(before.person, p)) continue;
      await updatePerson.run(
        state.facilityId,
        state.status,
        state.stateAtMs,
        p.surname,
        p.name,
        p.patronymic,
        p.birthYear,
        ...keys,
        p.birthDay,
        p.birthMonth,
        state.ref,
      );
      if (!moved) continue;
      // The money follows the final state of this chunk (see routing.ts).
      const count = { followed: 0, returned: 0 };
      if (state.status === 'released' && before.status !== 'released') {
        count.returned = await routing.returnPending(state.ref, cause, nowMs);
      } else if (state.status !== 'released') {
        count.followed = await routing.followPending(state.ref, state.facilityId, cause, nowMs);
      }
      counts.set(state.ref, count);
    }
    for (let at = 0; at < inserts.length; at += 200) {
      const batch = inserts.slice(at, at + 200);
      await db.run(
        `INSERT INTO inmates (ref, facility_id, surname, name, patronymic, birth_year, status,
           surname_key, name_key, patronymic_key, birth_day, birth_month, person_id, state_at_ms)
           VALUES ${placeholders(batch.length, 14)}`,
        ...batch.flat(),
      );
    }
    return counts;
  };

  const writeHistory = async (
    registryId: string,
    kept: Iterable<KeptRecord>,
    moves: readonly MoveRow[],
    nowMs: number,
  ) => {
    const records = [...kept].map((row) => [
      row.recordId,
      row.version,
      registryId,
      row.kind,
      row.personId,
      row.effectiveAtMs,
      row.outcome,
      nowMs,
    ]);
    if (records.length > 0) {
      await db.run(
        `INSERT INTO roster_records (record_id, version, registry_id, kind, person_id,
           effective_at_ms, outcome, received_at_ms) VALUES ${placeholders(records.length, 8)}
           ON CONFLICT (record_id) DO UPDATE SET version = excluded.version,
           registry_id = excluded.registry_id, kind = excluded.kind,
           person_id = excluded.person_id, effective_at_ms = excluded.effective_at_ms,
           outcome = excluded.outcome, received_at_ms = excluded.received_at_ms`,
        ...records.flat(),
      );
    }
    if (moves.length > 0) {
      const rows = moves.map((m) => [
        m.recordId,
        m.version,
        m.inmateRef,
        m.kind,
        m.fromFacilityId,
        m.toFacilityId,
        m.effectiveAtMs,
        nowMs,
      ]);
      await db.run(
        `INSERT INTO inmate_moves (record_id, version, inmate_ref, kind, from_facility_id,
           to_facility_id, effective_at_ms, recorded_at_ms) VALUES ${placeholders(rows.length, 8)}`,
        ...rows.flat(),
      );
    }
  };

  const applyChunk = (
    registryId: string,
    records: readonly RosterRecord[],
    base: Pick<ChunkState, 'activeFacilities' | 'scope'>,
    nowMs: number,
  ): Promise<RosterRecordResult[]> =>
    db.transaction(async () => {
      const state = await readState(records, base);
      const results = records.map((record) => stepRecord(state, record));
      const cause = `roster:${registryId}`;
      const counts = await writePeople(state.people, nowMs, cause);
      await writeHistory(registryId, state.kept.values(), state.moves, nowMs);
      // The routing counts go on the last applied record of each person in the chunk.
      const seen = new Set<string>();
      for (let index = results.length - 1; index >= 0; index -= 1) {
        const result = results[index]!;
        if (result.outcome !== 'applied' || result.inmateRef === undefined) continue;
        if (seen.has(result.inmateRef)) continue;
        seen.add(result.inmateRef);
        const count = counts.get(result.inmateRef);
        if (count === undefined) continue;
        if (count.followed > 0) result.transfersFollowed = count.followed;
        if (count.returned > 0) result.transfersReturned = count.returned;
      }
      return results;
    });

  return {
    async apply(registryId, scope, raw, nowMs) {
      const facilities = await activeFacilities.all<{ id: string }>();
      const base = { activeFacilities: new Set(facilities.map((row) => row.id)), scope };
      const results: RosterRecordResult[] = new Array(raw.length);
      const valid: { index: number; record: RosterRecord }[] = [];
      raw.forEach((item, index) => {
        const parsed = parseRecord(item);
        if ('problem' in parsed) results[index] = invalidResult(item, parsed.problem);
        else valid.push({ index, record: parsed.record });
      });
      for (let at = 0; at < valid.length; at += chunkRecords) {
        const chunk = valid.slice(at, at + chunkRecords);
        const answers = await applyChunk(
          registryId,
          chunk.map((item) => item.record),
          base,
          nowMs,
        );
        chunk.forEach((item, offset) => {
          results[item.index] = answers[offset]!;
        });
      }
      return results;
    },
  };
}
