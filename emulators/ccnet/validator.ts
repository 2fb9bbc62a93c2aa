/**
 * The emulated validator's mechanics: phases, motors and timeouts, the note queue and the
 * cassette (docs/protocols/ccnet.md §7, §9). No bytes here: CcnetEmulator frames the
 * answers and owns the wire; this class decides what a real unit would answer and do.
 */
import { assert } from '../../common/assert.ts';
import type { BillTableEntry } from '../../common/ports.ts';
import { encodeBillTable, encodeIdentification } from '../../protocol/ccnet/bill-table.ts';
import { Command, Reply } from '../../protocol/ccnet/codes.ts';
import { Cassette } from './cassette.ts';
import {
  acceptsInfoCommands,
  type CassetteContents,
  type EmulatorTimings,
  findBillType,
  makeNote,
  type Note,
  type NoteEventKind,
  type NoteKind,
  noteInHead,
  type Phase,
  type PowerUpVariant,
  phaseAfterScan,
  pollAnswer,
} from './device-state.ts';

/** An answer payload; `moneyCode` is 81/82 when the host's ACK of it settles a note. */
export type Answer = { bytes: Uint8Array; moneyCode: number | null };

export type ValidatorConfig = {
  billTable: readonly BillTableEntry[];
  timings: EmulatorTimings;
  partNumber: string;
  serialNumber: string;
  repeatUntilAck: boolean;
  cassetteCapacity: number;
  now: () => number;
  onNote: (kind: NoteEventKind, note: Note, reason?: string) => void;
};

/** What STACK, RETURN and HOLD do to a note in escrow, and for how long. */
const escrowMoves: Record<
  number,
  ['stacking' | 'returning' | 'holding', 'stackMs' | 'returnMs' | 'holdMs']
> = {
  [Command.stack]: ['stacking', 'stackMs'],
  [Command.return]: ['returning', 'returnMs'],
  [Command.hold]: ['holding', 'holdMs'],
};

const QUEUED_NOTES_MAX = 100;

export class EmulatedValidator {
  readonly #config: ValidatorConfig;
  readonly #cassette: Cassette;
  readonly #queue: Note[] = [];
  #repeatUntilAck: boolean;
  #phase: Phase = { kind: 'power-up', variant: 0x10 };
  #enabledMask = new Uint8Array(3);
  #escrowMask = new Uint8Array(3);
  #securityMask = new Uint8Array(3);
  #cassetteIn = true;
  /** A `81`/`82` owed to the host once initialisation ends (credit recovery). */
  #pendingReport: Phase | null = null;
  #powerCutArmed: 'escrow' | 'stacking' | null = null;
  #noteSequence = 0;
  /** The note that was in the head when power went: given back on RESET (`11`). */
  #headAtPowerCut: Note | null = null;

  constructor(config: ValidatorConfig) {
    this.#config = config;
    this.#cassette = new Cassette(config.cassetteCapacity);
    this.#repeatUntilAck = config.repeatUntilAck;
    const types = new Set(config.billTable.map((entry) => entry.billType));
    assert(types.size === config.billTable.length, 'emulator: duplicate bill types');
  }

  #now(): number {
    return this.#config.now();
  }

  get phase(): Phase {
    return this.#phase;
  }

  get enabledMask(): Uint8Array {
    return Uint8Array.from(this.#enabledMask);
  }

  get cassetteIn(): boolean {
    return this.#cassetteIn;
  }

  get queuedNoteCount(): number {
    return this.#queue.length;
  }

  get powerCutArmed(): 'escrow' | 'stacking' | null {
    return this.#powerCutArmed;
  }

  setRepeatUntilAck(repeat: boolean): void {
    this.#repeatUntilAck = repeat;
  }

  cassette(): CassetteContents {
    return this.#cassette.contents();
  }

  /**
   * Cash collection: the operator empties the cassette. Returns what was in it; a unit that
   * stood at `41` (cassette full) goes back to work.
   */
  collectCassette(): CassetteContents {
    const contents = this.#cassette.collect();
    if (this.#phase.kind === 'cassette-full') this.#phase = this.#resting();
    return contents;
  }

  /** The host ACKed a `81`/`82` answer: the note is settled, the device moves on. */
  hostAcked(): void {
    const kind = this.#phase.kind;
    if (kind === 'stacked' || kind === 'returned') this.#phase = this.#resting();
  }

  jam(where: 'validator' | 'cassette'): void {
    this.advance();
    const phase = this.#phase;
    if (phase.kind === 'off' || phase.kind === 'power-up') return;
    const head = noteInHead(phase);
    if (head) this.#toOperatorTray(head);
    if (phase.kind === 'stacking') {
      // Past the point of return: it lands in the cassette and is reported after clearJam.
      if (where === 'cassette') this.#intoCassette(phase.note, true);
      else this.#toOperatorTray(phase.note);
    }
    if (phase.kind === 'stacked' || phase.kind === 'returned') this.#pendingReport = phase;
    this.#phase = { kind: 'jam', where };
  }

  clearJam(): void {
    if (this.#phase.kind !== 'jam') return;
    this.#resetMasks();
    this.#phase = this.#initializing();
  }

  removeCassette(): void {
    this.advance();
    this.#cassetteIn = false;
    const phase = this.#phase;
    const head = noteInHead(phase);
    if (head && phase.kind !== 'returning' && phase.kind !== 'rejecting') {
      // The head gives the note back; the host hears `82` like after RETURN.
      this.#phase = {
        kind: 'returning',
        note: head,
        untilMs: this.#now() + this.#config.timings.returnMs,
      };
    } else if (phase.kind === 'idling' || phase.kind === 'disabled') {
      this.#phase = { kind: 'cassette-out' };
    }
  }

  insertCassette(): void {
    if (this.#cassetteIn) return;
    this.#cassetteIn = true;
    if (this.#phase.kind === 'cassette-out') {
      // Spec 7.13: 42 → 13 → 19, and the host must enable again.
      this.#resetMasks();
      this.#phase = this.#initializing();
    }
  }

  /**
   * Cuts power now, or the moment the next note reaches escrow / starts stacking. The device
   * comes back in power-up: `11` if a note was in the head (returned on RESET), `12` if it was
   * stacking or its `81` was not yet ACKed (in the cassette; `81` follows RESET).
   */
  powerCycle(at: 'now' | 'escrow' | 'stacking' = 'now', offMs = 0): void {
    if (at !== 'now') {
      this.#powerCutArmed = at;
      return;
    }
    this.advance();
    this.#cutPower(offMs);
  }

  /** Runs one host command (not ACK/NAK) and returns the answer payload. */
  execute(command: number, data: Uint8Array): Answer {
    const ack = { bytes: Uint8Array.of(Reply.ack), moneyCode: null };
    const illegal = { bytes: Uint8Array.of(Reply.illegal), moneyCode: null };
    const phase = this.#phase;
    const inEscrow = phase.kind === 'escrow' || phase.kind === 'holding';
    switch (command) {
      case Command.poll:
        return this.#poll();
      case Command.reset:
        this.#reset();
        return ack;
      case Command.getStatus:
        return {
          bytes: Uint8Array.of(...this.#enabledMask, ...this.#securityMask),
          moneyCode: null,
        };
      case Command.setSecurity:
        if (data.length !== 3) return illegal;
        this.#securityMask = Uint8Array.from(data);
        return ack;
      case Command.enableBillTypes:
        if (data.length !== 6 || phase.kind === 'power-up') return illegal;
        this.#enable(data);
        return ack;
      case Command.stack:
      case Command.return:
      case Command.hold: {
        if (!inEscrow) return illegal;
        const [kind, ms] = escrowMoves[command]!;
        this.#phase = { kind, note: phase.note, untilMs: this.#now() + this.#config.timings[ms] };
        return ack;
      }
      case Command.identification:
        if (!acceptsInfoCommands(phase)) return illegal;
        return {
          bytes: encodeIdentification(this.#config.partNumber, this.#config.serialNumber),
          moneyCode: null,
        };
      case Command.getBillTable:
        if (!acceptsInfoCommands(phase)) return illegal;
        return { bytes: encodeBillTable(this.#config.billTable), moneyCode: null };
      default:
        return illegal;
    }
  }

  #poll(): Answer {
    const phase = this.#phase;
    const bytes = pollAnswer(phase);
    if (phase.kind !== 'stacked' && phase.kind !== 'returned') return { bytes, moneyCode: null };
    // Without repeat the event is told once, ACKed or not (the other reading of the spec).
    if (!this.#repeatUntilAck) this.#phase = this.#resting();
    return { bytes, moneyCode: bytes[0]! };
  }

  #enable(data: Uint8Array): void {
    this.#enabledMask = Uint8Array.from(data.subarray(0, 3));
    this.#escrowMask = Uint8Array.from(data.subarray(3, 6));
    const phase = this.#phase;
    if (phase.kind === 'disabled' || phase.kind === 'idling') this.#phase = this.#resting();
  }

  #reset(): void {
    const phase = this.#phase;
    const head = noteInHead(phase);
    if (head) this.#config.onNote('returned', head, 'reset');
    if (phase.kind === 'stacking') this.#intoCassette(phase.note, true);
    if (phase.kind === 'stacked') this.#pendingReport = phase;
    if (phase.kind === 'power-up' && phase.variant === 0x11 && this.#headAtPowerCut) {
      this.#config.onNote('returned', this.#headAtPowerCut, 'power-up with bill in validator');
    }
    this.#headAtPowerCut = null;
    this.#resetMasks();
    this.#phase = this.#initializing();
  }

  #cutPower(offMs: number): void {
    const phase = this.#phase;
    let variant: PowerUpVariant =
      phase.kind === 'off' || phase.kind === 'power-up' ? phase.variant : 0x10;
    const head = noteInHead(phase);
    if (head) {
      variant = 0x11;
      this.#headAtPowerCut = head;
    }
    if (phase.kind === 'stacking') {
      variant = 0x12;
      this.#intoCassette(phase.note, true);
    }
    if (phase.kind === 'stacked') {
      variant = 0x12;
      this.#pendingReport = phase;
    }
    if (this.#pendingReport?.kind === 'stacked') variant = 0x12;
    this.#powerCutArmed = null;
    this.#resetMasks();
    this.#phase =
      offMs > 0
        ? { kind: 'off', untilMs: this.#now() + offMs, variant }
        : { kind: 'power-up', variant };
  }

  // ------------------------------------------------------------------ the device's own clock

  /** Moves motors and timeouts forward; bounded: each round leaves a timed phase or stops. */
  advance(): void {
    const nowMs = this.#now();
    for (let round = 0; round < 16; round++) {
      const phase = this.#phase;
      if (this.#powerCutArmed !== null && phase.kind === this.#powerCutArmed) {
        this.#cutPower(0);
        continue;
      }
      if (phase.kind === 'idling' && this.#queue.length > 0) {
        const note = this.#queue.shift()!;
        this.#phase = { kind: 'accepting', note, untilMs: nowMs + this.#config.timings.acceptMs };
        continue;
      }
      if ('untilMs' in phase && phase.untilMs <= nowMs) {
        this.#phase = this.#expire(phase, nowMs);
        continue;
      }
      break;
    }
    this.#refuseQueuedIfDisabled();
  }

  /** The phase the device moves to when `phase` runs out of time. */
  #expire(phase: Phase, nowMs: number): Phase {
    switch (phase.kind) {
      case 'off':
        return { kind: 'power-up', variant: phase.variant };
      case 'initializing': {
        const report = this.#pendingReport;
        this.#pendingReport = null;
        return report ?? this.#resting();
      }
      case 'accepting':
        return phaseAfterScan(phase.note, {
          enabledMask: this.#enabledMask,
          escrowMask: this.#escrowMask,
          timings: this.#config.timings,
          nowMs,
        });
      case 'rejecting':
        this.#config.onNote('rejected', phase.note, `reject 0x${phase.reasonCode.toString(16)}`);
        return this.#resting();
      case 'escrow':
      case 'holding':
        return {
          kind: 'returning',
          note: phase.note,
          untilMs: nowMs + this.#config.timings.returnMs,
        };
      case 'stacking':
        this.#intoCassette(phase.note, false);
        return { kind: 'stacked', note: phase.note };
      case 'returning':
        this.#config.onNote('returned', phase.note, 'returned');
        return { kind: 'returned', note: phase.note };
      default:
        assert(false, `emulator: phase ${phase.kind} has no timeout`);
    }
  }

  #initializing(): Phase {
    return { kind: 'initializing', untilMs: this.#now() + this.#config.timings.initializeMs };
  }

  #resting(): Phase {
    if (!this.#cassetteIn) return { kind: 'cassette-out' };
    if (this.#cassette.full) return { kind: 'cassette-full' };
    return this.#enabledMask.some((byte) => byte !== 0) ? { kind: 'idling' } : { kind: 'disabled' };
  }

  #refuseQueuedIfDisabled(): void {
    const kind = this.#phase.kind;
    const refuses =
      kind === 'disabled' ||
      kind === 'cassette-out' ||
      kind === 'cassette-full' ||
      kind === 'jam' ||
      kind === 'failure';
    if (!refuses) return;
    for (const note of this.#queue.splice(0))
      this.#config.onNote('rejected', note, `not accepted while ${kind}`);
  }

  // ------------------------------------------------------------------ notes

  insert(kind: NoteKind, noteKopecks: number): void {
    assert(Number.isSafeInteger(noteKopecks) && noteKopecks >= 0, 'insertNote: kopecks');
    assert(this.#queue.length < QUEUED_NOTES_MAX, 'insertNote: too many queued notes');
    const billType = kind === 'fake' ? null : findBillType(this.#config.billTable, noteKopecks);
    const note = makeNote(++this.#noteSequence, kind, noteKopecks, billType);
    this.#queue.push(note);
    this.#config.onNote('inserted', note);
    this.advance();
  }

  #intoCassette(note: Note, pendingReport: boolean): void {
    assert(note.billType !== null, 'emulator: stacking a note without a bill type');
    this.#cassette.add({ billType: note.billType, noteKopecks: note.noteKopecks });
    if (pendingReport) this.#pendingReport = { kind: 'stacked', note };
    this.#config.onNote('stacked', note);
  }

  #toOperatorTray(note: Note): void {
    this.#cassette.toOperatorTray(note);
    this.#config.onNote('removed-by-operator', note, 'jam');
  }

  #resetMasks(): void {
    this.#enabledMask = new Uint8Array(3);
    this.#escrowMask = new Uint8Array(3);
  }
}
