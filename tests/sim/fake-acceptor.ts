/**
 * A bill validator model for the simulator: one note at a time, escrow → STACK → cassette,
 * `stacked`/`returned` re-reported until the host's listener resolves (the CCNET driver's ACK
 * rule), power cuts that return a note in the head (`11`) or finish one being stacked (`12`).
 * The device outlives host crashes; each host incarnation gets its own port, dead after a crash.
 */
import { type Kopecks, rubles } from '../../common/money.ts';
import type {
  AcceptorCondition,
  AcceptorError,
  AcceptorEvent,
  AcceptorIdentity,
  BillAcceptorPort,
  BillTableEntry,
} from '../../common/ports.ts';
import { err, ok, type Result } from '../../common/result.ts';

export const simBillTable: readonly BillTableEntry[] = [
  [2, 10],
  [3, 50],
  [4, 100],
  [5, 500],
  [6, 1_000],
  [7, 5_000],
  [12, 200],
  [13, 2_000],
].map(([billType, value]) => ({
  billType: billType!,
  currency: 'RUS',
  noteKopecks: rubles(value!),
}));

type Note = { billType: number; noteKopecks: Kopecks };

type Head =
  | { kind: 'empty' }
  | { kind: 'escrow'; note: Note; reported: boolean }
  | { kind: 'stacking'; note: Note }
  | { kind: 'report'; event: 'stacked' | 'returned'; note: Note };

export class SimDevice {
  readonly cassette: Note[] = [];
  readonly returnedToPayer: Note[] = [];
  insertedKopecks = 0;
  enabledTypes = new Set<number>();
  head: Head = { kind: 'empty' };
  powerUp: 'plain' | 'bill-in-validator' | 'bill-in-stacker' | null = null;
  #port: SimPort | null = null;

  /** A new host incarnation: the old port goes dead (its calls fail, it hears nothing). */
  connect(): SimPort {
    if (this.#port) this.#port.alive = false;
    this.#port = new SimPort(this);
    return this.#port;
  }

  get port(): SimPort | null {
    return this.#port;
  }

  /** The payer offers a note; refused (given back at once) when not enabled or busy. */
  insert(billType: number, slipsThrough = false): boolean {
    const entry = simBillTable.find((row) => row.billType === billType);
    if (!entry || this.head.kind !== 'empty' || this.powerUp !== null) return false;
    // slipsThrough: a note that entered just before DISABLE landed; the host must hand it back.
    if (!this.enabledTypes.has(billType) && !slipsThrough) return false;
    this.insertedKopecks += entry.noteKopecks;
    this.head = {
      kind: 'escrow',
      note: { billType, noteKopecks: entry.noteKopecks },
      reported: false,
    };
    return true;
  }

  /** Motors move: a stacking note lands in the cassette and its report is owed. */
  advance(): void {
    if (this.head.kind === 'stacking') {
      this.cassette.push(this.head.note);
      this.head = { kind: 'report', event: 'stacked', note: this.head.note };
    }
  }

  /** Escrow timeout: the device gives the note back by itself. */
  escrowTimeout(): void {
    if (this.head.kind === 'escrow') {
      this.head = { kind: 'report', event: 'returned', note: this.head.note };
      this.returnedToPayer.push(this.head.note);
    }
  }

  powerCut(): void {
    const head = this.head;
    if (head.kind === 'escrow') this.powerUp = 'bill-in-validator';
    else if (head.kind === 'stacking') {
      this.cassette.push(head.note);
      this.head = { kind: 'report', event: 'stacked', note: head.note };
      this.powerUp = 'bill-in-stacker';
    } else if (head.kind === 'report' && head.event === 'stacked') this.powerUp = 'bill-in-stacker';
    else this.powerUp = 'plain';
    this.enabledTypes.clear();
  }

  /** RESET: a note in the head goes back to the payer (`11`); a pending `81` survives. */
  reset(): void {
    if (this.head.kind === 'escrow') {
      this.returnedToPayer.push(this.head.note);
      this.head = { kind: 'empty' };
    }
    this.powerUp = null;
    this.enabledTypes.clear();
  }

  noteInHead(): boolean {
    return this.head.kind !== 'empty';
  }
}

export class SimPort implements BillAcceptorPort {
  alive = true;
  #device: SimDevice;
  #listener: ((event: AcceptorEvent) => Promise<void>) | null = null;

  constructor(device: SimDevice) {
    this.#device = device;
  }

  /** Delivers what the device owes the host; the report clears only if the listener resolves. */
  async pump(): Promise<void> {
    const device = this.#device;
    if (!this.alive || !this.#listener || device.powerUp !== null) return;
    const head = device.head;
    if (head.kind === 'escrow' && !head.reported) {
      head.reported = true;
      await this.#deliver({ kind: 'escrow', billType: head.note.billType });
    } else if (head.kind === 'report') {
      const delivered = await this.#deliver({ kind: head.event, billType: head.note.billType });
      if (delivered && this.alive && device.head === head) device.head = { kind: 'empty' };
    }
  }

  async #deliver(event: AcceptorEvent): Promise<boolean> {
    if (!this.alive || !this.#listener) return false;
    try {
      await this.#listener(event);
      return this.alive;
    } catch {
      return false;
    }
  }

  async open(): Promise<Result<AcceptorIdentity, AcceptorError>> {
    if (!this.alive) return err({ kind: 'closed' });
    const device = this.#device;
    if (device.powerUp !== null) {
      const variant = device.powerUp;
      await this.#deliver({ kind: 'condition', condition: { kind: 'power-up', variant } });
      // RESET now; a `12` becomes the pending `81`, a `11` note goes back to the payer.
      device.reset();
    }
    // POLL before RESET: what the device holds plays out first (bounded: at most 4 rounds).
    for (let round = 0; round < 4 && device.noteInHead(); round += 1) {
      if (device.head.kind === 'escrow') device.head.reported = false;
      await this.pump();
      device.advance();
    }
    await this.pump();
    device.reset();
    if (!this.alive) return err({ kind: 'closed' });
    return ok({ partNumber: 'SIM', serialNumber: '1', billTable: simBillTable });
  }

  async enable(billTypes: readonly number[]) {
    if (!this.alive) return err({ kind: 'closed' } as const);
    this.#device.enabledTypes = new Set(billTypes);
    return ok(undefined);
  }

  async disable() {
    if (!this.alive) return err({ kind: 'closed' } as const);
    this.#device.enabledTypes.clear();
    return ok(undefined);
  }

  async stack() {
    const head = this.#device.head;
    if (!this.alive) return err({ kind: 'closed' } as const);
    if (head.kind !== 'escrow') return err({ kind: 'illegal-command', command: 'STACK' } as const);
    this.#device.head = { kind: 'stacking', note: head.note };
    return ok(undefined);
  }

  async returnNote() {
    const device = this.#device;
    const head = device.head;
    if (!this.alive) return err({ kind: 'closed' } as const);
    if (head.kind !== 'escrow') return err({ kind: 'illegal-command', command: 'RETURN' } as const);
    device.returnedToPayer.push(head.note);
    device.head = { kind: 'report', event: 'returned', note: head.note };
    return ok(undefined);
  }

  async hold() {
    return this.alive ? ok(undefined) : err({ kind: 'closed' } as const);
  }

  condition(): AcceptorCondition {
    const head = this.#device.head;
    if (head.kind === 'escrow') return { kind: 'escrow', billType: head.note.billType };
    if (head.kind === 'stacking') return { kind: 'stacking' };
    return { kind: this.#device.enabledTypes.size > 0 ? 'idling' : 'disabled' };
  }

  setListener(listener: (event: AcceptorEvent) => Promise<void>): void {
    this.#listener = listener;
  }

  async close(): Promise<void> {
    this.alive = false;
  }
}
