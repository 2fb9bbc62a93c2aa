import { assertNever } from '../../../common/assert.ts';
import type { CommandErrorKind } from '../../../common/contract/errors.ts';
import type { MessageKey } from '../i18n/i18n.ts';

/** What the payer reads when the search could not run (its own screen says «unavailable»). */
export function searchRefusalText(kind: CommandErrorKind<'payee:search'>): MessageKey {
  switch (kind) {
    case 'disconnected':
    case 'timeout':
      return 'conn.lost';
    case 'rate-limited':
      return 'error.rate-limited';
    case 'search-unavailable':
      return 'error.unavailable';
    case 'bad-request':
    case 'unknown-channel':
    case 'internal':
    case 'busy':
    case 'forbidden':
    case 'bad-reply':
    case 'other':
      return 'error.generic';
    default:
      return assertNever(kind, 'search refusal');
  }
}

/**
 * Why the deposit did not start, before any cash. 'session-active' is handled by showing the
 * session main holds; should that fail too, the generic words.
 */
export function startRefusalText(kind: CommandErrorKind<'deposit:start'>): MessageKey {
  switch (kind) {
    case 'printer-unavailable':
      return 'printer.block.text';
    case 'acceptor-unavailable':
      return 'deposit.startFailed';
    case 'fiscal-unavailable':
      return 'fiscal.startRefused';
    case 'service-mode':
      return 'status.other';
    case 'disconnected':
    case 'timeout':
      return 'conn.lost';
    case 'not-logged-in':
      return 'acc.err.not-logged-in';
    case 'not-ready':
    case 'faulted':
    case 'session-active':
    case 'no-denominations':
    case 'letter-over-cap':
    case 'bad-request':
    case 'unknown-channel':
    case 'internal':
    case 'busy':
    case 'forbidden':
    case 'bad-reply':
    case 'other':
      return 'error.generic';
    default:
      return assertNever(kind, 'deposit start refusal');
  }
}
