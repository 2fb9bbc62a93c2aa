import { createPayerClient } from '../sync/payer-client.ts';
import { type AccountHandlers, createAccountHandlers } from '../accounts/account-handlers.ts';
import { type AccountSession, createAccountSession } from '../accounts/account-session.ts';
import type { Logger } from '../log.ts';
import type { EventBus } from '../event-bus.ts';
import type { SettingsView } from './settings-view.ts';
import type { Sync } from './sync.ts';
import type { Ledger } from '../ledger/ledger.ts';
import { transfersPageSizeMax } from '../ledger/transfers-query.ts';
import { transferOfCode } from '../receipts/tracking-code.ts';

/**
 * Payer accounts on this kiosk: the session token stays in main and dies on Exit, idle and the
 * end of the payment (central is told); every call is signed as the enrolled terminal.
 */
export function wireAccounts(deps: {
  sync: Pick<Sync, 'identity' | 'config'>;
  ledger: Ledger;
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
    transferOfCode: (code) => ownTransferOfCode(deps, code),
    now: deps.now,
    log: deps.log.child({ area: 'accounts' }),
  });
  return { session, handlers };
}

/** How far back a receipt's code is looked up: well past any crediting or claim period. */
const CODE_LOOKBACK_MS = 400 * 24 * 60 * 60 * 1000;

/**
 * The terminal's own transfer whose tracking code is `code`: the codes of its recent transfers
 * are recomputed with its key (a MAC each, microseconds), newest first.
 */
function ownTransferOfCode(
  deps: { sync: Pick<Sync, 'config'>; ledger: Ledger; now: () => number },
  code: string,
): string | null {
  const key = deps.sync.config()?.trackingKey;
  if (key === undefined) return null;
  const fromMs = deps.now() - CODE_LOOKBACK_MS;
  for (let offset = 0; ; offset += transfersPageSizeMax) {
    const page = deps.ledger.listTransfers({ fromMs, limit: transfersPageSizeMax, offset });
    const found = transferOfCode(
      key,
      code,
      page.transfers.map((transfer) => transfer.transferId),
    );
    if (found !== null) return found;
    if (page.transfers.length < transfersPageSizeMax) return null;
  }
}
