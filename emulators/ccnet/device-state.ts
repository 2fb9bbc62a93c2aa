/**
 * The emulated validator's physical state: where the note is, what POLL answers. Pure data and
 * pure helpers; emulator.ts moves between them.
 */
import type { Kopecks } from '../../common/money.ts';
import { kopecks, rubles } from '../../common/money.ts';
import type { BillTableEntry } from '../../common/ports.ts';
import { billTypeMask, rejectCodes, State } from '../../protocol/ccnet/codes.ts';

export type NoteKind = 'genuine' | 'fake' | 'new-series';

export type Note = {
  /** Sequence number, for the panel and test logs. */
  id: number;
  kind: NoteKind;
  noteKopecks: Kopecks;
  /** Bill type from the table, or null when the firmware does not know this value. */
  billType: number | null;
};

export type CassetteNote = { billType: number; noteKopecks: Kopecks };
export type CassetteContents = { notes: readonly CassetteNote[]; totalKopecks: Kopecks };
export type NoteEventKind =
  | 'inserted'
  | 'stacked'
  | 'returned'
  | 'rejected'
  | 'removed-by-operator';

export type PowerUpVariant = 0x10 | 0x11 | 0x12;

/** `untilMs`: when the device leaves the phase on its own (motors done, timeouts). */
export type Phase =
  | { kind: 'off'; untilMs: number; variant: PowerUpVariant }
  | { kind: 'power-up'; variant: PowerUpVariant }
  | { kind: 'initializing'; untilMs: number }
  | { kind: 'disabled' }
  | { kind: 'idling' }
  | { kind: 'accepting'; note: Note; untilMs: number }
  | { kind: 'rejecting'; note: Note; reasonCode: number; untilMs: number }
  | { kind: 'escrow'; note: Note; untilMs: number }
  | { kind: 'holding'; note: Note; untilMs: number }
  | { kind: 'stacking'; note: Note; untilMs: number }
  | { kind: 'returning'; note: Note; untilMs: number }
  | { kind: 'stacked'; note: Note }
  | { kind: 'returned'; note: Note }
  | { kind: 'cassette-out' }
  | { kind: 'cassette-full' }
  | { kind: 'jam'; where: 'validator' | 'cassette' }
  | { kind: 'failure'; code: number };

export type PhaseKind = Phase['kind'];

export type EmulatorTimings = {
  initializeMs: number;
  acceptMs: number;
  stackMs: number;
  returnMs: number;
  rejectMs: number;
  /** Spec: escrow with no STACK/RETURN/HOLD for 10 s → the note is returned. */
  escrowTimeoutMs: number;
  /** Spec: HOLD keeps the note 10 s more. */
  holdMs: number;
};

/** A CashCode drop cassette holds 500–1 500 notes depending on the model. */
export const CASSETTE_CAPACITY_DEFAULT = 1_000;

export const DEFAULT_TIMINGS: EmulatorTimings = {
  initializeMs: 500,
  acceptMs: 300,
  stackMs: 400,
  returnMs: 300,
  rejectMs: 300,
  escrowTimeoutMs: 10_000,
  holdMs: 10_000,
};

/**
 * A Russian table at the indexes common CashCode firmware uses (diseks/CashCode default table):
 * 10, 50, 100, 500, 1000, 5000 at 2..7, 200 at 12, 2000 at 13. Not contiguous on purpose.
 */
export const DEFAULT_BILL_TABLE: readonly BillTableEntry[] = [
  { billType: 2, currency: 'RUS', noteKopecks: rubles(10) },
  { billType: 3, currency: 'RUS', noteKopecks: rubles(50) },
  { billType: 4, currency: 'RUS', noteKopecks: rubles(100) },
  { billType: 5, currency: 'RUS', noteKopecks: rubles(500) },
  { billType: 6, currency: 'RUS', noteKopecks: rubles(1000) },
  { billType: 7, currency: 'RUS', noteKopecks: rubles(5000) },
  { billType: 12, currency: 'RUS', noteKopecks: rubles(200) },
  { billType: 13, currency: 'RUS', noteKopecks: rubles(2000) },
];

/** The POLL answer for a phase (docs/protocols/ccnet.md §7). */
export function pollAnswer(phase: Phase): Uint8Array {
  switch (phase.kind) {
    case 'off':
      return new Uint8Array(0);
    case 'power-up':
      return Uint8Array.of(phase.variant);
    case 'initializing':
      return Uint8Array.of(State.initialize);
    case 'disabled':
      return Uint8Array.of(State.disabled);
    case 'idling':
      return Uint8Array.of(State.idling);
    case 'accepting':
      return Uint8Array.of(State.accepting);
    case 'rejecting':
      return Uint8Array.of(State.rejecting, phase.reasonCode);
    case 'escrow':
      return Uint8Array.of(State.escrow, phase.note.billType ?? 0);
    case 'holding':
      return Uint8Array.of(State.holding);
    case 'stacking':
      return Uint8Array.of(State.stacking);
    case 'returning':
      return Uint8Array.of(State.returning);
    case 'stacked':
      return Uint8Array.of(State.stacked, phase.note.billType ?? 0);
    case 'returned':
      return Uint8Array.of(State.returned, phase.note.billType ?? 0);
    case 'cassette-out':
      return Uint8Array.of(State.cassetteOut);
    case 'cassette-full':
      return Uint8Array.of(State.cassetteFull);
    case 'jam':
      return Uint8Array.of(
        phase.where === 'validator' ? State.validatorJammed : State.cassetteJammed,
      );
    case 'failure':
      return Uint8Array.of(State.failure, phase.code);
  }
}

/** The note physically inside the validator head, if any (it can still come back). */
export function noteInHead(phase: Phase): Note | null {
  switch (phase.kind) {
    case 'accepting':
    case 'rejecting':
    case 'escrow':
    case 'holding':
    case 'returning':
      return phase.note;
    default:
      return null;
  }
}

/** IDENTIFICATION and GET BILL TABLE are legal only here (the stricter list of ccnet.md §6). */
export function acceptsInfoCommands(phase: Phase): boolean {
  return (
    phase.kind === 'power-up' ||
    phase.kind === 'initializing' ||
    phase.kind === 'disabled' ||
    phase.kind === 'cassette-out' ||
    phase.kind === 'cassette-full' ||
    phase.kind === 'jam' ||
    phase.kind === 'failure'
  );
}

export function findBillType(table: readonly BillTableEntry[], noteKopecks: number): number | null {
  const entry = table.find((row) => row.noteKopecks === noteKopecks);
  return entry ? entry.billType : null;
}

export function makeNote(id: number, kind: NoteKind, noteKopecks: number, billType: number | null) {
  return { id, kind, noteKopecks: kopecks(noteKopecks), billType } satisfies Note;
}

/** Where a scanned note goes: rejected (and why), stacked at once, or held in escrow. */
export function phaseAfterScan(
  note: Note,
  device: {
    enabledMask: Uint8Array;
    escrowMask: Uint8Array;
    timings: EmulatorTimings;
    nowMs: number;
  },
): Phase {
  const { nowMs } = device;
  const reject = (reason: keyof typeof rejectCodes): Phase => ({
    kind: 'rejecting',
    note,
    reasonCode: rejectCodes[reason],
    untilMs: nowMs + device.timings.rejectMs,
  });
  if (note.kind === 'fake') return reject('verification');
  if (note.kind === 'new-series' || note.billType === null) return reject('identification');
  const bit = billTypeMask([note.billType]);
  const enabled = bit.some((byte, index) => (byte & device.enabledMask[index]!) !== 0);
  if (!enabled) return reject('inhibit');
  const escrow = bit.some((byte, index) => (byte & device.escrowMask[index]!) !== 0);
  if (!escrow) return { kind: 'stacking', note, untilMs: nowMs + device.timings.stackMs };
  return { kind: 'escrow', note, untilMs: nowMs + device.timings.escrowTimeoutMs };
}
