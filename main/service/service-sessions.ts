import { randomBytes } from 'node:crypto';
import type { ServiceRole } from '../../common/contract.ts';

/**
 * The one open service session. A new login replaces it (one screen, one operator). The idle
 * deadline is checked on every call against the injected clock and also by a timer, which
 * tells the screen to go back to the payer home.
 */
export type ServiceSession = {
  token: string;
  role: ServiceRole;
  openedAtMs: number;
  idleTimeoutMs: number;
  idleDeadlineMs: number;
};

export type SessionCheck =
  | { kind: 'ok'; session: ServiceSession }
  | { kind: 'no-session' }
  | { kind: 'expired' };

export type SessionManager = {
  open(role: ServiceRole, idleTimeoutMs: number): ServiceSession;
  check(token: string): SessionCheck;
  touch(token: string): ServiceSession | null;
  close(reason: 'logout' | 'timeout' | 'deposit'): ServiceSession | null;
  /** True while a service session is open: the payer flow refuses deposits then. */
  isActive(): boolean;
  dispose(): void;
};

export function createSessionManager(options: {
  now(): number;
  onExpired(session: ServiceSession): void;
}): SessionManager {
  let current: ServiceSession | null = null;
  let timer: NodeJS.Timeout | null = null;

  const arm = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (current === null) return;
    const delayMs = Math.max(0, current.idleDeadlineMs - options.now());
    timer = setTimeout(expireIfDue, delayMs + 50);
    timer.unref();
  };
  function expireIfDue(): boolean {
    if (current === null || options.now() < current.idleDeadlineMs) {
      if (current !== null) arm();
      return false;
    }
    const expired = current;
    current = null;
    arm();
    options.onExpired(expired);
    return true;
  }

  return {
    open(role, idleTimeoutMs) {
      const nowMs = options.now();
      current = {
        token: randomBytes(32).toString('hex'),
        role,
        openedAtMs: nowMs,
        idleTimeoutMs,
        idleDeadlineMs: nowMs + idleTimeoutMs,
      };
      arm();
      return current;
    },
    check(token) {
      if (current === null) return { kind: 'no-session' };
      if (current.token !== token) return { kind: 'no-session' };
      if (expireIfDue()) return { kind: 'expired' };
      return { kind: 'ok', session: current };
    },
    touch(token) {
      if (current === null || current.token !== token || expireIfDue()) return null;
      current = { ...current, idleDeadlineMs: options.now() + current.idleTimeoutMs };
      arm();
      return current;
    },
    close() {
      const closed = current;
      current = null;
      arm();
      return closed;
    },
    isActive() {
      if (current === null) return false;
      return !expireIfDue();
    },
    dispose() {
      current = null;
      arm();
    },
  };
}
