import { createPayerClient } from '../sync/payer-client.ts';
import { type AccountHandlers, createAccountHandlers } from '../accounts/account-handlers.ts';
import { type AccountSession, createAccountSession } from '../accounts/account-session.ts';
import type { Logger } from '../log.ts';
import type { EventBus } from '../event-bus.ts';
import type { SettingsView } from './settings-view.ts';
import type { Sync } from './sync.ts';

/**
 * Payer accounts on this kiosk: the session token stays in main and dies on Exit, idle and the
 * end of the payment (central is told); every call is signed as the enrolled terminal.
 */
export function wireAccounts(deps: {
  sync: Pick<Sync, 'identity'>;
  /** The payer idle timeout is read at every touch (the operator may change it). */
  settings: SettingsView;
  events: EventBus;
  now: () => number;
  log: Logger;
}): { session: AccountSession; handlers: AccountHandlers } {
  const terminal = () => {
    const identity = deps.sync.identity();
    if (identity === null) return null;
    const { terminalId, centralUrl, privateKeyPem } = identity;
    return { terminalId, centralUrl, privateKeyPem };
  };
  const session = createAccountSession({
    idleMs: () => deps.settings.payer().idleTimeoutMs,
    async revoke(token) {
      const current = terminal();
      if (current === null) return;
      await createPayerClient({
        baseUrl: current.centralUrl,
        ...current,
        timeoutMs: 5_000,
        nowMs: deps.now,
      }).logout(token);
    },
    onEnded: (reason) => deps.events.emit('account:ended', { reason }),
  });
  const handlers = createAccountHandlers({
    terminal,
    session,
    commission: () => deps.settings.current(),
    now: deps.now,
    log: deps.log.child({ area: 'accounts' }),
  });
  return { session, handlers };
}
