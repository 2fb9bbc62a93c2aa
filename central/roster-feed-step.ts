/**
 * The rules of the roster feed for one record, as pure computation over the state a chunk
 * read (roster-feed.ts reads it and writes what these steps decided):
 * - idempotency: the same record id and version again → duplicate; an older version → stale;
 * - authority: a registry writes only for the facilities it was enrolled for (for a move,
 *   either end will do: the sending or the receiving facility may report it);
 * - order: a person's arrival, move or release applies only if it happened no earlier than
 *   the person's current state; an older one is kept as history (superseded), so records
 *   delivered out of order end in the state of the latest event;
 * - consistency: a move or release must name the facility central has the person at; when
 *   it does not, the record is rejected with where central has them, and a record the
 *   registry missed can be sent first.
 */
import { randomBytes } from 'node:crypto';
import type {
  RosterPerson,
  RosterRecord,
  RosterRecordResult,
} from '../common/central-wire-roster.ts';
import { type RegistryScope, scopeAllows } from './roster-feed-registries.ts';

export type PersonState = {
  ref: string;
  facilityId: string;
  status: 'active' | 'released' | 'transferred';
  stateAtMs: number;
  person: RosterPerson;
  isNew: boolean;
  /** The row as read, to know what changed once the chunk is done. */
  before: { facilityId: string; status: string; person: RosterPerson } | null;
};

export type MoveRow = {
  recordId: string;
  version: number;
  inmateRef: string;
  kind: 'arrival' | 'transfer' | 'release';
  fromFacilityId: string | null;
  toFacilityId: string | null;
  effectiveAtMs: number;
};

export type KeptRecord = {
  recordId: string;
  version: number;
  kind: RosterRecord['kind'];
  personId: string;
  effectiveAtMs: number;
  outcome: 'applied' | 'superseded';
};

export type ChunkState = {
  /** Stored version of each record id the chunk names (updated as records apply). */
  versions: Map<string, number>;
  people: Map<string, PersonState>;
  activeFacilities: ReadonlySet<string>;
  scope: RegistryScope;
  moves: MoveRow[];
  kept: Map<string, KeptRecord>;
};

const REF_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/** An opaque inmate reference (common/central-wire-base.ts inmateRefPattern). */
export function newInmateRef(): string {
  let out = 'i';
  for (const byte of randomBytes(16)) out += REF_ALPHABET[byte % 36];
  return out;
}

const rejected = (record: RosterRecord, code: string, message: string): RosterRecordResult => ({
  recordId: record.recordId,
  version: record.version,
  outcome: 'rejected',
  error: { code, message: message.slice(0, 300) },
});

/** The facility a record must be allowed for, and which must exist; null if none is named. */
function facilityProblem(record: RosterRecord, state: ChunkState): RosterRecordResult | null {
  const named =
    record.kind === 'transfer'
      ? [record.fromFacilityId, record.toFacilityId]
      : record.kind === 'correction'
        ? []
        : [record.facilityId];
  for (const id of named) {
    if (!state.activeFacilities.has(id)) {
      return rejected(record, 'unknown-facility', `no active facility ${id}`);
    }
  }
  if (named.length > 0 && !named.some((id) => scopeAllows(state.scope, id))) {
    return rejected(record, 'facility-not-allowed', `this registry does not write for ${named[0]}`);
  }
  return null;
}

function elsewhere(record: RosterRecord, person: PersonState, facilityId: string) {
  if (person.status === 'released') {
    return rejected(record, 'person-released', 'central has this person as released');
  }
  if (person.facilityId !== facilityId) {
    const where = `central has this person at ${person.facilityId}`;
    return rejected(record, 'person-elsewhere', `${where}; send the missing move first`);
  }
  return null;
}

function keep(state: ChunkState, record: RosterRecord, outcome: KeptRecord['outcome']): void {
  state.versions.set(record.recordId, record.version);
  state.kept.set(record.recordId, {
    recordId: record.recordId,
    version: record.version,
    kind: record.kind,
    personId: record.personId,
    effectiveAtMs: record.effectiveAtMs,
    outcome,
  });
}

function move(
  state: ChunkState,
  record: RosterRecord,
  inmateRef: string,
  kind: MoveRow['kind'],
  fromFacilityId: string | null,
  toFacilityId: string | null,
): void {
  state.moves.push({
    recordId: record.recordId,
    version: record.version,
    inmateRef,
    kind,
    fromFacilityId,
    toFacilityId,
    effectiveAtMs: record.effectiveAtMs,
  });
}

/** Decides one record against the chunk's state, and changes that state. */
export function stepRecord(state: ChunkState, record: RosterRecord): RosterRecordResult {
  const stored = state.versions.get(record.recordId);
  const base = { recordId: record.recordId, version: record.version };
  if (stored === record.version) return { ...base, outcome: 'duplicate' };
  if (stored !== undefined && stored > record.version) return { ...base, outcome: 'stale' };
  const problem = facilityProblem(record, state);
  if (problem !== null) return problem;
  let person = state.people.get(record.personId);
  if (person === undefined) {
    if (record.kind !== 'arrival') {
      return rejected(record, 'unknown-person', 'no arrival of this personId was received');
    }
    person = {
      ref: newInmateRef(),
      facilityId: record.facilityId,
      status: 'active',
      stateAtMs: record.effectiveAtMs,
      person: record.person,
      isNew: true,
      before: null,
    };
    state.people.set(record.personId, person);
    move(state, record, person.ref, 'arrival', null, record.facilityId);
    keep(state, record, 'applied');
    return { ...base, outcome: 'applied', inmateRef: person.ref };
  }
  if (record.kind === 'correction') {
    if (!scopeAllows(state.scope, person.facilityId)) {
      return rejected(record, 'facility-not-allowed', 'this registry does not hold the person');
    }
    person.person = record.person;
    keep(state, record, 'applied');
    return { ...base, outcome: 'applied', inmateRef: person.ref };
  }
  if (record.effectiveAtMs < person.stateAtMs) {
    keep(state, record, 'superseded');
    return { ...base, outcome: 'superseded', inmateRef: person.ref };
  }
  if (record.kind === 'arrival') {
    const from = person.status === 'released' ? null : person.facilityId;
    move(state, record, person.ref, 'arrival', from, record.facilityId);
    person.facilityId = record.facilityId;
    person.status = 'active';
    person.person = record.person;
  } else {
    const from = record.kind === 'transfer' ? record.fromFacilityId : record.facilityId;
    const refused = elsewhere(record, person, from);
    if (refused !== null) return refused;
    const to = record.kind === 'transfer' ? record.toFacilityId : null;
    move(state, record, person.ref, record.kind, from, to);
    if (to !== null) person.facilityId = to;
    person.status = to === null ? 'released' : 'active';
  }
  person.stateAtMs = record.effectiveAtMs;
  keep(state, record, 'applied');
  return { ...base, outcome: 'applied', inmateRef: person.ref };
}
