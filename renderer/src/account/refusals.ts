import { assertNever } from '../../../common/assert.ts';
import type { MessageKey } from '../i18n/i18n.ts';
import type { AccountErrorKind } from './actions.ts';

/** A refused account command in the payer's words; every kind main may answer is decided here. */
export function accountRefusalText(kind: AccountErrorKind): MessageKey {
  switch (kind) {
    case 'invalid-credentials':
    case 'account-locked':
    case 'phone-registered':
    case 'bad-phone':
    case 'sms-code-invalid':
    case 'sms-too-soon':
    case 'sms-limit':
    case 'rate-limited':
    case 'passwords-differ':
    case 'weak-password':
    case 'insufficient-funds':
    case 'not-logged-in':
    case 'transfer-not-found':
    case 'bad-request':
    case 'amount-too-small':
    case 'outcome-unknown':
    case 'central-unavailable':
    case 'bad-contact':
    case 'bad-transfer-ref':
      return `acc.err.${kind}`;
    case 'not-enrolled':
      return 'acc.err.central-unavailable';
    case 'central-refused':
    case 'not-found':
    case 'unknown-recipient':
    case 'too-many-templates':
    case 'template-not-found':
    case 'unknown-channel':
    case 'internal':
    case 'busy':
    case 'forbidden':
    case 'disconnected':
    case 'timeout':
    case 'bad-reply':
    case 'other':
      return 'acc.err.other';
    default:
      return assertNever(kind, 'account refusal');
  }
}
