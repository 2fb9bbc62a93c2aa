/**
 * The payer's session on this kiosk: the token lives in this object's memory and nowhere else
 * (no disk, no renderer). It ends on Exit, after idle time, at the end of a payment, or when
 * central refuses it; ending forgets the token first and then tells central, best effort.
 */
import type { z } from 'zod';
import type { SessionEndReasonSchema } from '../../common/contract/account.ts';

export type SessionEndReason = z.infer<typeof SessionEndReasonSchema>;

export type Timers = {
  set(callback: () => void, delayMs: number): unknown;
  clear(handle: unknown): void;
};

const realTimers: Timers = {
  set(callback, delayMs) {
    const handle = setTimeout(callback, delayMs);
    handle.unref();
    return handle;
  },
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export type AccountSessionDeps = {
  /** No touch for this long ends the session (the payer walked away); read at each touch. */
  idleMs: number | (() => number);
  /** Tells central the token is dead; failures are the caller's to log. */
  revoke(token: string): Promise<void>;
  onEnded(reason: SessionEndReason): void;
  timers?: Timers;
};

export type AccountSession = {
  start(token: string, accountId: string, phone: string, senderName?: string | null): void;
  token(): string | null;
  /** For deposit:start: cash paid while logged in shows in the account's history. */
  accountId(): string | null;
  phone(): string | null;
  /** The name central holds for this payer, printed as the sender of their cash transfers. */
  senderName(): string | null;
  /** Central's answer about the account came in: it may have set the name since the login. */
  learnSenderName(name: string | null): void;
  /** The payer did something: the idle countdown starts again. */
  touch(): void;
  end(reason: SessionEndReason): void;
};

export function createAccountSession(deps: AccountSessionDeps): AccountSession {
  const timers = deps.timers ?? realTimers;
  let current: {
    token: string;
    accountId: string;
    phone: string;
    senderName: string | null;
  } | null = null;
  let idle: unknown = null;

  const stopIdle = () => {
    if (idle !== null) timers.clear(idle);
    idle = null;
  };
  const end = (reason: SessionEndReason) => {
    if (current === null) return;
    const { token } = current;
    current = null;
    stopIdle();
    void deps.revoke(token).catch(() => undefined);
    deps.onEnded(reason);
  };
  const touch = () => {
    if (current === null) return;
    stopIdle();
    const idleMs = typeof deps.idleMs === 'number' ? deps.idleMs : deps.idleMs();
    idle = timers.set(() => end('idle'), idleMs);
  };

  return {
    start(token, accountId, phone, senderName = null) {
      // A new login replaces whatever was there: one payer at a time at a kiosk.
      if (current !== null) end('exit');
      current = { token, accountId, phone, senderName };
      touch();
    },
    token: () => current?.token ?? null,
    accountId: () => current?.accountId ?? null,
    phone: () => current?.phone ?? null,
    senderName: () => current?.senderName ?? null,
    learnSenderName(name) {
      if (current !== null) current = { ...current, senderName: name };
    },
    touch,
    end,
  };
}
