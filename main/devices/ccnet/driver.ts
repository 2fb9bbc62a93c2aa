/**
 * CCNET bill-validator driver: BillAcceptorPort over a ByteLink.
 *
 * One loop we own does all bus work: queued commands first, then a RESET or re-ENABLE the device
 * needs, else a POLL every pollIntervalMs. API calls only enqueue and await their turn.
 *
 * Money rules (docs/protocols/ccnet.md §10):
 * - `81 yy` stacked / `82 yy` returned: the listener runs first; ACK goes to the device only
 *   after its promise resolves. A throwing listener gets no ACK, so the device re-reports and
 *   the event is delivered again. A repeat of an event already delivered is ACKed, not
 *   re-delivered, until a new note shows up (`15`/`80`).
 * - Every other data answer is ACKed at once. Events are edge-triggered on the POLL answer.
 * - open() POLLs before any RESET and lets whatever the device holds play out first.
 */
import { assert, AssertionError } from '../../../common/assert.ts';
import type {
  AcceptorCondition,
  AcceptorError,
  AcceptorEvent,
  AcceptorIdentity,
  BillAcceptorPort,
} from '../../../common/ports.ts';
import { err, ok, type Result } from '../../../common/result.ts';
import type { ByteLink } from '../../../protocol/link.ts';
import { readDeviceIdentity } from './device-identity.ts';
import { EventDelivery, settledWithin } from './delivery.ts';
import { LoopSignals } from './loop-signals.ts';
import {
  BILL_TYPE_COUNT,
  billTypeMask,
  Command,
  conditionFromPoll,
  pollStateHasData,
  rejectReason,
  State,
} from '../../../protocol/ccnet/codes.ts';
import {
  type CcnetDriverOptions,
  expectAck,
  expectPoll,
  NOTE_IN_FLIGHT,
  QUEUE_MAX,
  type Settings,
  STARTING,
  settingsOf,
} from './driver-options.ts';
import { CcnetTransport, type Expect } from './transport.ts';

export type { CcnetDriverOptions };

type Queued = {
  command: number;
  data: Uint8Array;
  expect: Expect;
  resolve: (result: Result<Uint8Array | null, AcceptorError>) => void;
};

type MoneyEntry = {
  code: number;
  billType: number;
  status: 'delivering' | 'delivered' | 'failed';
  done: Promise<boolean>;
};

export function createCcnetDriver(
  link: ByteLink,
  options: CcnetDriverOptions = {},
): BillAcceptorPort {
  return new CcnetDriver(link, options);
}

class CcnetDriver implements BillAcceptorPort {
  readonly #settings: Settings;
  readonly #transport: CcnetTransport;
  readonly #queue: Queued[] = [];
  readonly #signals = new LoopSignals();
  readonly #delivery: EventDelivery;
  #condition: AcceptorCondition = { kind: 'absent' };
  #lastPoll: { z1: number; z2: number | undefined } | null = null;
  #money: MoneyEntry | null = null;
  #desiredBillTypes: readonly number[] = [];
  #mode: 'idle' | 'opening' | 'running' | 'closed' = 'idle';
  #loop: Promise<void> | null = null;
  #lastPollAtMs = Number.NEGATIVE_INFINITY;
  #lastResetAtMs = Number.NEGATIVE_INFINITY;
  #needsReset = false;
  #reenableTried = false;

  constructor(link: ByteLink, options: CcnetDriverOptions) {
    this.#settings = settingsOf(options);
    const settings = this.#settings;
    this.#delivery = new EventDelivery(settings.log);
    assert(settings.pollIntervalMs >= 0 && settings.responseTimeoutMs > 0, 'ccnet: timings');
    assert(Number.isInteger(settings.retriesMax) && settings.retriesMax >= 0, 'ccnet: retries');
    this.#transport = new CcnetTransport(link, {
      responseTimeoutMs: settings.responseTimeoutMs,
      retriesMax: settings.retriesMax,
      busFreeMs: settings.busFreeMs,
      interFrameTimeoutMs: Math.max(50, Math.min(100, settings.responseTimeoutMs)),
      log: settings.log,
      now: settings.now,
    });
  }

  // ------------------------------------------------------------------ BillAcceptorPort

  async open(): Promise<Result<AcceptorIdentity, AcceptorError>> {
    if (this.#mode === 'closed') return err({ kind: 'closed' });
    assert(this.#mode === 'idle', `ccnet: open() while ${this.#mode}`);
    this.#mode = 'opening';
    this.#startLoop();
    const result = await this.#openSequence();
    if (!result.ok) {
      this.#settings.log('error', 'ccnet: open failed', { error: result.error });
      await this.#stopLoop('idle');
      return result;
    }
    this.#mode = 'running';
    // The caller judges open intents right after open(): every event must have landed.
    await this.#delivery.drained();
    return result;
  }

  enable(billTypes: readonly number[]): Promise<Result<void, AcceptorError>> {
    for (const billType of billTypes) {
      assert(Number.isInteger(billType) && billType >= 0 && billType < BILL_TYPE_COUNT, 'enable');
    }
    this.#desiredBillTypes = [...billTypes];
    return this.#sendEnable(billTypes);
  }

  disable(): Promise<Result<void, AcceptorError>> {
    this.#desiredBillTypes = [];
    return this.#sendEnable([]);
  }

  stack(): Promise<Result<void, AcceptorError>> {
    return this.#command(Command.stack);
  }

  returnNote(): Promise<Result<void, AcceptorError>> {
    return this.#command(Command.return);
  }

  hold(): Promise<Result<void, AcceptorError>> {
    return this.#command(Command.hold);
  }

  condition(): AcceptorCondition {
    return this.#condition;
  }

  setListener(listener: (event: AcceptorEvent) => Promise<void>): void {
    this.#delivery.setListener(listener);
  }

  async close(): Promise<void> {
    if (this.#mode === 'closed') return;
    await this.#stopLoop('closed');
    await this.#delivery.drained();
    await this.#transport.close();
  }

  // ------------------------------------------------------------------ open

  async #openSequence(): Promise<Result<AcceptorIdentity, AcceptorError>> {
    const settings = this.#settings;
    // 1. POLL before anything else: the device may hold the outcome of a note from before.
    if (!(await this.#waitFor(() => this.#lastPoll !== null, settings.absentAfterMs))) {
      return err({ kind: 'timeout', command: 'POLL' });
    }
    // 2. Let a note in flight finish (escrow decided by the listener, 81/82 persisted).
    const settled = await this.#waitFor(
      () => !this.#noteInFlight(),
      settings.openSettleTimeoutMsMax,
    );
    if (!settled) this.#settings.log('warn', 'ccnet: open: note still in flight, resetting anyway');
    // 3. RESET, then wait out power-up/INITIALIZE (a `12` turns into `81` here). RESET erases
    // what a power-up state says (`11`: the note goes back to the payer), so the listener
    // must have recorded it first.
    await this.#delivery.drained();
    const reset = await this.#enqueue(Command.reset, new Uint8Array(0), expectAck);
    if (!reset.ok) return reset;
    this.#afterReset();
    const ready = await this.#waitFor(() => {
      const z1 = this.#lastPoll?.z1;
      return z1 !== undefined && !STARTING.has(z1) && !this.#noteInFlight();
    }, settings.initializeTimeoutMsMax);
    if (!ready) return err({ kind: 'timeout', command: 'INITIALIZE' });
    // 4. Identity and bill table, read while disabled (older spec: illegal otherwise).
    return readDeviceIdentity((command, data, expect) => this.#enqueue(command, data, expect), {
      log: settings.log,
      highSecurityBillTypes: settings.highSecurityBillTypes,
    });
  }

  #waitFor(predicate: () => boolean, timeoutMs: number): Promise<boolean> {
    const alive = () => this.#mode === 'opening' || this.#mode === 'running';
    return this.#signals.waitFor(predicate, timeoutMs, alive);
  }

  #noteInFlight(): boolean {
    const z1 = this.#lastPoll?.z1;
    if (z1 !== undefined && NOTE_IN_FLIGHT.has(z1)) return true;
    return this.#money !== null && this.#money.status !== 'delivered';
  }

  #afterReset(): void {
    this.#lastResetAtMs = this.#settings.now();
    this.#lastPoll = null;
    this.#needsReset = false;
  }

  // ------------------------------------------------------------------ commands

  async #command(command: number): Promise<Result<void, AcceptorError>> {
    const result = await this.#enqueue(command, new Uint8Array(0), expectAck);
    return result.ok ? ok(undefined) : result;
  }

  async #sendEnable(billTypes: readonly number[]): Promise<Result<void, AcceptorError>> {
    const mask = billTypeMask(billTypes);
    // Escrow bits always equal the enable bits: the device never stacks without our STACK.
    const data = Uint8Array.of(...mask, ...mask);
    const result = await this.#enqueue(Command.enableBillTypes, data, expectAck);
    return result.ok ? ok(undefined) : result;
  }

  #enqueue(command: number, data: Uint8Array, expect: Expect) {
    return new Promise<Result<Uint8Array | null, AcceptorError>>((resolve) => {
      if (this.#mode === 'closed' || this.#mode === 'idle') return resolve(err({ kind: 'closed' }));
      if (this.#queue.length >= QUEUE_MAX) {
        return resolve(err({ kind: 'io', message: 'ccnet: command queue full' }));
      }
      this.#queue.push({ command, data, expect, resolve });
      this.#signals.wake();
    });
  }

  // ------------------------------------------------------------------ the loop

  #startLoop(): void {
    this.#loop = this.#run();
  }

  async #stopLoop(mode: 'idle' | 'closed'): Promise<void> {
    this.#mode = mode;
    this.#signals.wake();
    await this.#loop;
    this.#loop = null;
    for (const queued of this.#queue.splice(0)) queued.resolve(err({ kind: 'closed' }));
  }

  async #run(): Promise<void> {
    // Bounded by close(): every turn sends at most one command or sleeps.
    while (this.#mode === 'opening' || this.#mode === 'running') {
      try {
        await this.#turn();
      } catch (error) {
        if (error instanceof AssertionError) throw error;
        this.#settings.log('error', 'ccnet: loop error', { error: String(error) });
        await this.#signals.sleep(this.#settings.pollIntervalMs);
      }
      this.#signals.turned();
    }
  }

  async #turn(): Promise<void> {
    const queued = this.#queue.shift();
    if (queued) {
      const result = await this.#transport.transact(queued.command, queued.data, queued.expect);
      // A data answer (IDENTIFICATION, BILL TABLE) is ACKed at once, inside the loop.
      if (result.ok && result.value !== null) await this.#transport.ack();
      // The device's answer to this ENABLE is not yet polled: no second ENABLE for that `19`.
      if (queued.command === Command.enableBillTypes) this.#reenableTried = true;
      queued.resolve(result);
      return;
    }
    if (this.#shouldReset()) return this.#autoReset();
    if (this.#shouldReenable()) {
      this.#reenableTried = true;
      this.#settings.log('info', 'ccnet: device disabled itself; enabling again');
      void this.#sendEnable(this.#desiredBillTypes);
      return;
    }
    const waitMs = this.#lastPollAtMs + this.#settings.pollIntervalMs - this.#settings.now();
    if (waitMs > 0) return this.#signals.sleep(waitMs);
    await this.#poll();
  }

  #shouldReset(): boolean {
    if (this.#mode !== 'running' || this.#noteInFlight()) return false;
    const sinceResetMs = this.#settings.now() - this.#lastResetAtMs;
    if (this.#needsReset) return sinceResetMs >= this.#settings.pollIntervalMs;
    return (
      this.#condition.kind === 'absent' && sinceResetMs >= this.#settings.absentResetIntervalMs
    );
  }

  async #autoReset(): Promise<void> {
    this.#settings.log('info', 'ccnet: RESET', { condition: this.#condition.kind });
    // As in open(): a power-up state is evidence the listener must record before RESET erases
    // it. Bounded, because this is the poll loop and a listener may be waiting for a command.
    await settledWithin(
      this.#delivery.drained().then(() => true),
      this.#settings.moneyAckWaitMsMax,
    );
    this.#lastResetAtMs = this.#settings.now();
    const result = await this.#transport.transact(Command.reset, new Uint8Array(0), expectAck);
    if (result.ok) this.#afterReset();
  }

  /** After RESET, power-up, cassette re-insert or a jam the device is disabled: enable again. */
  #shouldReenable(): boolean {
    return (
      this.#mode === 'running' &&
      this.#desiredBillTypes.length > 0 &&
      this.#lastPoll?.z1 === State.disabled &&
      !this.#reenableTried
    );
  }

  async #poll(): Promise<void> {
    this.#lastPollAtMs = this.#settings.now();
    const result = await this.#transport.transact(Command.poll, new Uint8Array(0), expectPoll);
    if (!result.ok) {
      const silentMs = this.#settings.now() - this.#transport.lastAnswerAtMs;
      if (silentMs >= this.#settings.absentAfterMs) this.#setCondition({ kind: 'absent' });
      return;
    }
    const answer = result.value!;
    await this.#onPollAnswer(answer[0]!, answer[1]);
  }

  async #onPollAnswer(z1: number, z2: number | undefined): Promise<void> {
    const isMoney = z1 === State.stacked || z1 === State.returned;
    if (pollStateHasData(z1) && z2 === undefined) {
      // Truncated answer: not ACKed, so the device says it again.
      this.#settings.log('warn', 'ccnet: poll state without its data byte', { z1 });
      return;
    }
    if (!isMoney) await this.#transport.ack();
    const previous = this.#lastPoll;
    this.#lastPoll = { z1, z2 };
    this.#reenableTried = false;
    const changed = previous === null || previous.z1 !== z1 || previous.z2 !== z2;
    const condition = conditionFromPoll(z1, z2);
    if (condition.kind === 'unknown')
      this.#settings.log('warn', 'ccnet: unknown poll state', { z1, z2 });
    this.#setCondition(condition);
    if (z1 === State.accepting || z1 === State.escrow) this.#money = null;
    if (z1 === State.busy && z2 !== undefined) {
      // ccnet.md §7: "poll again after YH × 100 ms" — push the next POLL out, capped at 10 s.
      const busyMs = Math.min(z2 * 100, 10_000);
      this.#lastPollAtMs = this.#settings.now() + busyMs - this.#settings.pollIntervalMs;
    }
    if (condition.kind === 'power-up' && this.#mode === 'running') this.#needsReset = true;
    if (changed && z1 === State.escrow) {
      void this.#delivery.deliver({ kind: 'escrow', billType: z2! });
    }
    if (changed && z1 === State.rejecting) {
      void this.#delivery.deliver({
        kind: 'rejected',
        reason: rejectReason(z2 ?? -1),
        code: z2 ?? -1,
      });
    }
    if (isMoney) await this.#onMoneyAnswer(z1, z2!);
  }

  async #onMoneyAnswer(code: number, billType: number): Promise<void> {
    const known = this.#money;
    if (known && known.code === code && known.billType === billType && known.status !== 'failed') {
      // The device repeats an event we already handed over: ACK once it is persisted.
      if (await settledWithin(known.done, this.#settings.moneyAckWaitMsMax))
        await this.#transport.ack();
      return;
    }
    const event: AcceptorEvent =
      code === State.stacked ? { kind: 'stacked', billType } : { kind: 'returned', billType };
    const entry: MoneyEntry = {
      code,
      billType,
      status: 'delivering',
      done: Promise.resolve(false),
    };
    entry.done = this.#delivery.deliver(event).then((delivered) => {
      entry.status = delivered ? 'delivered' : 'failed';
      return delivered;
    });
    this.#money = entry;
    if (await settledWithin(entry.done, this.#settings.moneyAckWaitMsMax))
      await this.#transport.ack();
  }

  #setCondition(condition: AcceptorCondition): void {
    if (JSON.stringify(condition) === JSON.stringify(this.#condition)) return;
    this.#condition = condition;
    void this.#delivery.deliver({ kind: 'condition', condition });
  }
}
