/**
 * A CCNET bill validator, device side, byte-exact (docs/protocols/ccnet.md §7, §9).
 * It answers the host over any ByteLink (memory pair, pty) and keeps the ground truth: the notes
 * physically in the cassette. Tests and the web panel drive it with insertNote(), jam(),
 * removeCassette(), powerCycle() and wire faults.
 *
 * Unconfirmed device behaviour is modelled on the money-safe side and is switchable:
 * `81`/`82` repeat on every POLL until the host ACKs them (`repeatUntilAck`), a pending `81`
 * survives RESET and power loss, and the 10 ms ACK deadline is off unless `ackDeadlineMs` is set.
 */
import { assert } from '../../common/assert.ts';
import type { Kopecks } from '../../common/money.ts';
import type { BillTableEntry } from '../../common/ports.ts';
import { Command, Reply } from '../../protocol/ccnet/codes.ts';
import { encodeFrame, FrameDecoder } from '../../protocol/ccnet/frame.ts';
import type { ByteLink } from '../../protocol/link.ts';
import {
  CASSETTE_CAPACITY_DEFAULT,
  type CassetteContents,
  DEFAULT_BILL_TABLE,
  DEFAULT_TIMINGS,
  type EmulatorTimings,
  type Note,
  type NoteEventKind,
  type Phase,
  pollAnswer,
} from './device-state.ts';
import { seededRandom } from '../../common/prng.ts';
import { checkFaults, type FaultSettings, NO_FAULTS, planOutgoing } from './faults.ts';
import { EmulatedValidator } from './validator.ts';
import { FaultyWire } from './wire.ts';

export type { CassetteContents, CassetteNote } from './device-state.ts';

export type CcnetEmulatorOptions = {
  billTable?: readonly BillTableEntry[];
  timings?: Partial<EmulatorTimings>;
  /** Re-report `81`/`82` on every POLL until ACKed (default true). */
  repeatUntilAck?: boolean;
  /** Notes the drop cassette holds before the unit reports `41` (cassette full). */
  cassetteCapacity?: number;
  /** Strict CCNET: an ACK later than this after our answer counts as NAK. Default off. */
  ackDeadlineMs?: number | null;
  partNumber?: string;
  serialNumber?: string;
  now?: () => number;
  /** How often the device's own clock advances motors and timeouts. */
  tickMs?: number;
};

export type NoteEvent = {
  kind: NoteEventKind;
  noteId: number;
  noteKopecks: Kopecks;
  billType: number | null;
  reason?: string;
};

export type EmulatorSnapshot = {
  phase: Phase['kind'];
  pollAnswer: number[];
  enabledBillTypesMask: number[];
  cassetteIn: boolean;
  cassette: CassetteContents;
  queuedNotes: number;
  faults: FaultSettings;
  powerCutArmed: 'escrow' | 'stacking' | null;
};

export type EmulatorChange =
  | { kind: 'state'; snapshot: EmulatorSnapshot }
  | { kind: 'note'; event: NoteEvent };

export class CcnetEmulator {
  readonly #device: EmulatedValidator;
  readonly #now: () => number;
  readonly #tickMs: number;
  readonly #listeners = new Set<(change: EmulatorChange) => void>();
  #ackDeadlineMs: number | null;
  /** The answer last put on the line: a host ACK from then on refers to it. */
  #lastAnswer: { bytes: Uint8Array; atMs: number; moneyCode: number | null } | null = null;
  #faults: FaultSettings = NO_FAULTS;
  #random = seededRandom(NO_FAULTS.seed);
  #wire: FaultyWire | null = null;
  #link: ByteLink | null = null;
  #decoder: FrameDecoder;
  #timer: NodeJS.Timeout | null = null;
  #lastPhaseKind: Phase['kind'] = 'power-up';

  constructor(options: CcnetEmulatorOptions = {}) {
    this.#now = options.now ?? (() => performance.now());
    this.#tickMs = options.tickMs ?? 10;
    this.#ackDeadlineMs = options.ackDeadlineMs ?? null;
    this.#device = new EmulatedValidator({
      billTable: options.billTable ?? DEFAULT_BILL_TABLE,
      timings: { ...DEFAULT_TIMINGS, ...options.timings },
      partNumber: options.partNumber ?? 'SM-EMULATOR-RU',
      serialNumber: options.serialNumber ?? '000000000001',
      repeatUntilAck: options.repeatUntilAck ?? true,
      cassetteCapacity: options.cassetteCapacity ?? CASSETTE_CAPACITY_DEFAULT,
      now: this.#now,
      onNote: (kind, note, reason) => this.#emitNote(kind, note, reason),
    });
    this.#decoder = this.#makeDecoder();
  }

  // ------------------------------------------------------------------ wiring

  attach(link: ByteLink): void {
    assert(this.#wire === null, 'emulator: already attached');
    this.#wire = new FaultyWire(link);
    this.#link = link;
    this.#decoder = this.#makeDecoder();
    link.setDataListener((chunk) => {
      for (const frame of this.#decoder.push(chunk, this.#now())) this.#onFrame(frame.payload);
    });
    this.#timer = setInterval(() => this.#advance(), this.#tickMs);
    this.#timer.unref();
  }

  /** Stops answering and ignores the line; the link stays open (the caller owns it). */
  detach(): void {
    this.#link?.setDataListener(() => {});
    this.#link = null;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    this.#wire?.stop();
    this.#wire = null;
  }

  onDidChange(listener: (change: EmulatorChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  // ------------------------------------------------------------------ controls

  /** Queues a note; it enters when the unit idles enabled, else it is refused/returned. */
  insertNote(noteKopecks: number): void {
    this.#control(() => this.#device.insert('genuine', noteKopecks));
  }

  /** A fake: the sensors refuse it (reject 66, verification). */
  insertUnknownNote(): void {
    this.#control(() => this.#device.insert('fake', 0));
  }

  /** A new series the firmware cannot identify (reject 65, identification). */
  insertNewSeries(noteKopecks: number): void {
    this.#control(() => this.#device.insert('new-series', noteKopecks));
  }

  /**
   * `43`/`44`. A note in the head goes to the operator (never credited); a note already
   * stacking into a jammed cassette lands there and is reported `81` after clearJam().
   */
  jam(where: 'validator' | 'cassette'): void {
    this.#control(() => this.#device.jam(where));
  }

  clearJam(): void {
    this.#control(() => this.#device.clearJam());
  }

  /** `42`. A note in escrow is given back (`82`); one already stacking finishes (`81`). */
  removeCassette(): void {
    this.#control(() => this.#device.removeCassette());
  }

  /** Spec 7.13: `42` → `13` → `19`; the host must enable again. */
  insertCassette(): void {
    this.#control(() => this.#device.insertCassette());
  }

  /**
   * Cuts power now, or the moment the next note reaches escrow / starts stacking. The device
   * comes back in power-up: `11` if a note was in the head (returned on RESET), `12` if it was
   * stacking or its `81` was not yet ACKed (in the cassette; `81` follows RESET). With offMs
   * it stays silent that long first.
   */
  powerCycle(at: 'now' | 'escrow' | 'stacking' = 'now', offMs = 0): void {
    this.#control(() => {
      this.#device.powerCycle(at, offMs);
      if (at === 'now') this.#lastAnswer = null;
    });
  }

  /** Cash collection: empties the cassette and returns what was in it. */
  collectCassette(): CassetteContents {
    const contents = this.#device.collectCassette();
    this.#emitState();
    return contents;
  }

  setFaults(faults: Partial<FaultSettings>): void {
    this.#faults = checkFaults({ ...this.#faults, ...faults });
    this.#random = seededRandom(this.#faults.seed);
    this.#emitState();
  }

  setRepeatUntilAck(repeat: boolean): void {
    this.#device.setRepeatUntilAck(repeat);
  }

  setAckDeadlineMs(deadlineMs: number | null): void {
    this.#ackDeadlineMs = deadlineMs;
  }

  cassette(): CassetteContents {
    return this.#device.cassette();
  }

  snapshot(): EmulatorSnapshot {
    const device = this.#device;
    return {
      phase: device.phase.kind,
      pollAnswer: Array.from(pollAnswer(device.phase)),
      enabledBillTypesMask: Array.from(device.enabledMask),
      cassetteIn: device.cassetteIn,
      cassette: device.cassette(),
      queuedNotes: device.queuedNoteCount,
      faults: { ...this.#faults },
      powerCutArmed: device.powerCutArmed,
    };
  }

  // ------------------------------------------------------------------ the wire

  #makeDecoder(): FrameDecoder {
    return new FrameDecoder({
      // A garbled command with a plausible header gets NAK, as the spec's peripheral does.
      onDiscard: (reason) => {
        if (reason === 'crc' && this.#device.phase.kind !== 'off') {
          this.#send(Uint8Array.of(Reply.nak), null);
        }
      },
    });
  }

  #onFrame(payload: Uint8Array): void {
    this.#advance();
    if (this.#device.phase.kind === 'off') return;
    if (this.#random() < this.#faults.dropRate) return;
    const command = payload[0]!;
    if (command === Command.ack) {
      this.#onHostAck();
    } else if (command === Command.nak) {
      if (this.#lastAnswer) this.#send(this.#lastAnswer.bytes, this.#lastAnswer.moneyCode);
    } else {
      const answer = this.#device.execute(command, payload.subarray(1));
      this.#send(answer.bytes, answer.moneyCode);
    }
    this.#emitState();
  }

  #send(bytes: Uint8Array, moneyCode: number | null): void {
    if (!this.#wire) return;
    const plan = planOutgoing(encodeFrame(bytes), this.#faults, this.#random);
    this.#wire.send(plan, () => {
      this.#lastAnswer = { bytes, atMs: this.#now(), moneyCode };
    });
  }

  #onHostAck(): void {
    const last = this.#lastAnswer;
    if (!last || last.moneyCode === null) return;
    if (this.#ackDeadlineMs !== null && this.#now() - last.atMs > this.#ackDeadlineMs) return;
    this.#device.hostAcked();
    last.moneyCode = null;
  }

  // ------------------------------------------------------------------ time and news

  #control(action: () => void): void {
    action();
    this.#emitState();
  }

  #advance(): void {
    this.#device.advance();
    if (this.#device.phase.kind !== this.#lastPhaseKind) this.#emitState();
  }

  #emitNote(kind: NoteEventKind, note: Note, reason?: string): void {
    const event: NoteEvent = {
      kind,
      noteId: note.id,
      noteKopecks: note.noteKopecks,
      billType: note.billType,
    };
    if (reason !== undefined) event.reason = reason;
    for (const listener of this.#listeners) listener({ kind: 'note', event });
  }

  #emitState(): void {
    this.#lastPhaseKind = this.#device.phase.kind;
    if (this.#listeners.size === 0) return;
    const snapshot = this.snapshot();
    for (const listener of this.#listeners) listener({ kind: 'state', snapshot });
  }
}
