import { assert } from '../../common/assert.ts';
import type { CashLetter } from '../../common/letter.ts';
import type { AcceptorEvent } from '../../common/ports.ts';
import { err, ok, type Result } from '../../common/result.ts';
import {
  type BillTableRow,
  type DepositEvent,
  type DepositState,
  initialState,
  type Refusal,
  step,
  type Transition,
  viewOf,
} from '../core/deposit-machine.ts';
import type { DepositView, Recipient } from '../core/deposit-types.ts';
import { uuidv7 } from '../ledger/uuidv7.ts';
import type { CompletedTransfer, DepositServiceDeps } from './deposit-deps.ts';
import {
  type CrashPoint,
  type EffectContext,
  IntentNotWrittenError,
  runEffects,
} from './deposit-effects.ts';
import { billTableRows, type RecoveryReport, runRecovery } from './deposit-recovery.ts';
import { createWorkQueue } from './work-queue.ts';

export type { CompletedTransfer, DepositServiceDeps, RecoveryReport };

export type ServiceRefusal =
  | Refusal
  | { kind: 'not-ready' }
  | { kind: 'acceptor-unavailable' }
  | { kind: 'faulted'; reason: string };

export type PayError =
  | ServiceRefusal
  /** The note in the acceptor did not come out within the wait; the session stays open. */
  | { kind: 'note-stuck' }
  /** The only note in flight came back and nothing was deposited: the session was cancelled. */
  | { kind: 'cancelled' };

export type IdleOutcome =
  | { kind: 'completed'; transfer: CompletedTransfer }
  | { kind: 'cancelled' };

export type DepositService = {
  recover(): Promise<RecoveryReport>;
  startSession(args: {
    recipient: Recipient;
    payerAccountId?: string | null;
    /** The logged-in payer's name for the receipt's «Отправитель» (a transfer to an inmate). */
    senderName?: string | null;
    /** A cash top-up of the payer's own wallet (common/wallet.ts). */
    commissionFree?: boolean;
    /** A letter this top-up pays (common/letter.ts). */
    letter?: CashLetter | null;
  }): Promise<Result<DepositView, ServiceRefusal>>;
  payNow(): Promise<Result<CompletedTransfer, PayError>>;
  cancel(): Promise<Result<void, ServiceRefusal>>;
  onIdleTimeout(): Promise<Result<IdleOutcome, PayError>>;
  /** The payer touched the screen: restarts the idle timer; returns the new deadline. */
  touch(): { idleDeadlineMs: number | null };
  view(): DepositView | null;
  onDidChange(listener: (view: DepositView | null) => void): () => void;
  onDidComplete(listener: (transfer: CompletedTransfer) => void): () => void;
  /** The notes the acceptor reported when it opened (rubles only); empty until then. */
  billTable(): readonly BillTableRow[];
  /** What startSession would answer right now, before any session rule. */
  readiness(): Readiness;
  /** Resolves true once readiness() is 'ready' (at once if it is), false after `timeoutMs`. */
  whenReady(timeoutMs: number): Promise<boolean>;
  /** Settles queued work; for shutdown and tests. */
  drained(): Promise<void>;
};

export type Readiness =
  | { kind: 'ready' }
  | { kind: 'recovering' }
  | { kind: 'acceptor-unavailable' }
  | { kind: 'faulted'; reason: string };

export type DepositServiceTestHooks = { checkpoint?: (name: CrashPoint) => void };

const queueLengthMax = 64;
const reopenDelayMsMin = 5_000;
const reopenDelayMsMax = 60_000;
const payerActivity = new Set<DepositEvent['kind']>([
  'start',
  'escrow',
  'stacked',
  'returned',
  'rejected',
]);
const outcomeWaitMsDefault = 35_000;

export function createDepositService(
  deps: DepositServiceDeps,
  hooks: DepositServiceTestHooks = {},
): DepositService {
  const newId = deps.newId ?? ((nowMs: number) => uuidv7(nowMs));
  const timers = deps.timers ?? { setTimeout, clearTimeout };
  const idleSetting = deps.idleTimeoutMs ?? 0;
  const idleTimeoutMsNow = () => (typeof idleSetting === 'number' ? idleSetting : idleSetting());
  const queue = createWorkQueue(queueLengthMax);
  const changeListeners = new Set<(view: DepositView | null) => void>();
  const completeListeners = new Set<(transfer: CompletedTransfer) => void>();
  const waiters = new Set<() => void>();
  let state: DepositState = initialState(deps.config);
  let ready = false;
  let acceptorOpen = false;
  let fault: string | null = null;
  let idleTimer: unknown = null;
  let idleDeadlineMs: number | null = null;
  const context: EffectContext = {
    ledger: deps.ledger,
    acceptor: deps.acceptor,
    receipts: deps.receipts,
    log: deps.log,
    printing: new Map(),
    checkpoint: hooks.checkpoint ?? (() => {}),
    fiscalTerms: deps.fiscalTerms,
  };

  function changed(): void {
    // The idle timer is an accepting session's: once the session is paid or cancelled there is
    // nothing left for it to end, and a timer left running kept a closing kiosk (a restart
    // from the console just after a payment) alive for up to the whole timeout.
    if (state.phase.kind !== 'accepting' && idleTimer !== null) {
      timers.clearTimeout(idleTimer);
      idleTimer = null;
      idleDeadlineMs = null;
    }
    const view = viewOf(state);
    for (const listener of changeListeners) listener(view);
    for (const wake of [...waiters]) wake();
  }

  /** step + effects as ONE job of the loop; the device is acknowledged after it resolves. */
  function dispatch(event: DepositEvent, stillTrue?: () => boolean): Promise<Transition> {
    return queue.run(async () => {
      if (stillTrue !== undefined && !stillTrue()) {
        deps.log.warn({ event }, 'device event no longer true when its turn came: skipped');
        return { state, effects: [] };
      }
      const transition = step(state, event);
      state = transition.state;
      try {
        await runEffects(context, transition.effects);
      } catch (error) {
        if (error instanceof IntentNotWrittenError) {
          const returned = step(state, { kind: 'intent-failed', atMs: deps.now() });
          state = returned.state;
          await runEffects(context, returned.effects);
        } else {
          await goFaulty(String(error));
          throw error;
        }
      } finally {
        changed();
      }
      // The payer's doing restarts the idle timer; the device changing its mind does not.
      if (transition.refusal === undefined && payerActivity.has(event.kind)) touchActivity();
      return transition;
    });
  }

  async function goFaulty(reason: string): Promise<void> {
    fault = reason;
    deps.log.error({ reason }, 'deposit service faulted: out of service until restart');
    const disabled = await deps.acceptor.disable();
    if (!disabled.ok) deps.log.warn({ error: disabled.error }, 'disable after fault failed');
  }

  function onDeviceEvent(event: AcceptorEvent): Promise<void> {
    const atMs = deps.now();
    switch (event.kind) {
      case 'escrow': {
        // Decided when its turn comes: if the device has meanwhile let the note go (escrow
        // timeout, power-up and RESET), an intent written now would have no device evidence.
        const inEscrow = () => {
          const condition = deps.acceptor.condition();
          return condition.kind === 'escrow' && condition.billType === event.billType;
        };
        return dispatch({ kind: 'escrow', billType: event.billType, atMs }, inEscrow).then(
          () => {},
        );
      }
      case 'stacked':
      case 'returned':
        return dispatch({ kind: event.kind, billType: event.billType, atMs }).then(() => {});
      case 'rejected':
        return dispatch({ kind: 'rejected', reason: event.reason, atMs }).then(() => {});
      case 'condition':
        return dispatch({ kind: 'condition', condition: event.condition, atMs }).then(() => {});
    }
  }

  function touchActivity(): void {
    const idleTimeoutMs = idleTimeoutMsNow();
    if (idleTimeoutMs <= 0) return;
    if (idleTimer !== null) timers.clearTimeout(idleTimer);
    idleTimer = null;
    idleDeadlineMs = null;
    const phase = state.phase.kind;
    if (phase !== 'accepting') return;
    idleDeadlineMs = deps.now() + idleTimeoutMs;
    idleTimer = timers.setTimeout(() => {
      idleTimer = null;
      service.onIdleTimeout().then(
        (result) => deps.log.info({ result: result.ok ? result.value.kind : result.error }, 'idle'),
        (error: unknown) => deps.log.error({ error: String(error) }, 'idle timeout failed'),
      );
    }, idleTimeoutMs);
  }

  type Ending = { kind: 'completed'; transferId: string } | { kind: 'cancelled' } | null;

  function endingOf(sessionId: string): Ending {
    const phase = state.phase;
    if (phase.kind === 'completed' && phase.session.sessionId === sessionId) {
      return { kind: 'completed', transferId: phase.transferId };
    }
    if (phase.kind === 'cancelled' && phase.session.sessionId === sessionId) {
      return { kind: 'cancelled' };
    }
    return null;
  }

  /**
   * Waits (bounded) until THIS session ended. Waiters run at the end of every job, before the
   * next one, so a new session started right after cannot hide how this one ended.
   */
  function ended(sessionId: string, waitMsMax: number): Promise<Ending> {
    return settles(() => endingOf(sessionId), waitMsMax);
  }

  /** `value()` once it is not null (checked after every job), or whatever it is at the timeout. */
  function settles<T>(value: () => T | null, waitMsMax: number): Promise<T | null> {
    return new Promise((resolve) => {
      const check = () => {
        const found = value();
        if (found === null) return;
        waiters.delete(check);
        timers.clearTimeout(timer);
        resolve(found);
      };
      const timer = timers.setTimeout(() => {
        waiters.delete(check);
        resolve(value());
      }, waitMsMax);
      waiters.add(check);
      check();
    });
  }

  async function finish(kind: 'pay' | 'idle-timeout'): Promise<Result<IdleOutcome, PayError>> {
    const refusal = gate();
    if (refusal !== null) return err(refusal);
    const transferId = newId(deps.now());
    const transition = await dispatch({ kind, transferId, atMs: deps.now() });
    if (transition.refusal !== undefined) return err(transition.refusal);
    const sessionId = viewOf(transition.state)?.sessionId;
    assert(sessionId !== undefined, 'finish: no session after an accepted pay');
    const ending = await ended(sessionId, deps.outcomeWaitMsMax ?? outcomeWaitMsDefault);
    if (ending === null) return err({ kind: 'note-stuck' });
    if (ending.kind === 'cancelled') return ok({ kind: 'cancelled' });
    const completed = await completedTransfer(ending.transferId);
    for (const listener of completeListeners) listener(completed);
    return ok({ kind: 'completed', transfer: completed });
  }

  async function completedTransfer(transferId: string): Promise<CompletedTransfer> {
    const receipt = (await context.printing.get(transferId)) ?? 'unprinted';
    context.printing.delete(transferId);
    const transfer = deps.ledger.transferById(transferId);
    assert(transfer !== null, `completed transfer ${transferId} not in the ledger`);
    return {
      transferId,
      recipient: transfer.recipient,
      acceptedKopecks: transfer.acceptedKopecks,
      commissionKopecks: transfer.commissionKopecks,
      creditedKopecks: transfer.creditedKopecks,
      createdAtMs: transfer.createdAtMs,
      receipt,
      recovered: transfer.recovered,
    };
  }

  function gate(): ServiceRefusal | null {
    if (fault !== null) return { kind: 'faulted', reason: fault };
    if (!ready) return { kind: 'not-ready' };
    return null;
  }

  /**
   * Opens the acceptor the recovery way (POLL before RESET, open intents resolved from what the
   * device reports). No session can exist while the acceptor is closed, so running it again
   * after a failed start is the same as running it at start.
   */
  const openAndRecover = async (): Promise<RecoveryReport> => {
    const report = await runRecovery({
      ledger: deps.ledger,
      acceptor: deps.acceptor,
      receipts: deps.receipts,
      log: deps.log,
      now: deps.now,
      newId,
      context,
    });
    if (report.acceptor.ok) {
      acceptorOpen = true;
      const billTable = billTableRows(report.acceptor.identity.billTable);
      await dispatch({ kind: 'bill-table', billTable });
    }
    deps.acceptor.setListener(onDeviceEvent);
    return report;
  };

  /** A cable plugged in later, a device that powered up late: keep trying, slower each time. */
  const scheduleReopen = (delayMs: number) => {
    const handle = timers.setTimeout(() => {
      void (async () => {
        const report = await openAndRecover();
        deps.onDidReopen?.(report);
        if (acceptorOpen) {
          deps.log.info({}, 'bill acceptor opened after a failed start');
          changed();
        } else {
          scheduleReopen(Math.min(delayMs * 2, reopenDelayMsMax));
        }
      })().catch((error: unknown) => deps.log.error({ err: error }, 'acceptor reopen failed'));
    }, delayMs);
    // Waiting for a device must not keep a process alive that is otherwise done.
    (handle as { unref?: () => void }).unref?.();
  };

  const service: DepositService = {
    async recover() {
      assert(!ready, 'recover() runs once, at start');
      const report = await openAndRecover();
      ready = true;
      changed();
      if (!acceptorOpen) scheduleReopen(deps.reopenDelayMsMin ?? reopenDelayMsMin);
      return report;
    },

    async startSession(args) {
      const refusal = gate();
      if (refusal !== null) return err(refusal);
      if (!acceptorOpen) return err({ kind: 'acceptor-unavailable' });
      const atMs = deps.now();
      const transition = await dispatch({
        kind: 'start',
        sessionId: newId(atMs),
        recipient: args.recipient,
        payerAccountId: args.payerAccountId ?? null,
        senderName: args.senderName ?? null,
        commissionFree: args.commissionFree === true,
        letter: args.letter ?? null,
        atMs,
      });
      if (transition.refusal !== undefined) return err(transition.refusal);
      const view = viewOf(state);
      assert(view !== null, 'startSession: no view after start');
      return ok(view);
    },

    async payNow() {
      const result = await finish('pay');
      if (!result.ok) return result;
      if (result.value.kind === 'cancelled') return err({ kind: 'cancelled' });
      return ok(result.value.transfer);
    },

    async cancel() {
      const refusal = gate();
      if (refusal !== null) return err(refusal);
      const transition = await dispatch({ kind: 'cancel', atMs: deps.now() });
      return transition.refusal === undefined ? ok(undefined) : err(transition.refusal);
    },

    onIdleTimeout: () => finish('idle-timeout'),

    touch() {
      touchActivity();
      return { idleDeadlineMs };
    },

    view: () => viewOf(state),

    onDidChange(listener) {
      changeListeners.add(listener);
      return () => changeListeners.delete(listener);
    },

    onDidComplete(listener) {
      completeListeners.add(listener);
      return () => completeListeners.delete(listener);
    },

    billTable: () => state.billTable,

    readiness() {
      if (fault !== null) return { kind: 'faulted', reason: fault };
      if (!ready) return { kind: 'recovering' };
      return acceptorOpen ? { kind: 'ready' } : { kind: 'acceptor-unavailable' };
    },

    whenReady: async (timeoutMs) =>
      (await settles(() => (service.readiness().kind === 'ready' ? true : null), timeoutMs)) ===
      true,

    drained: () => queue.drained(),
  };
  return service;
}
