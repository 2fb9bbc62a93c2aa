import type { Channel } from '../contract.ts';

/**
 * The error kinds each command may answer, so the renderer handles them by exhaustive switch
 * rather than comparing strings. On the wire `IpcError.kind` stays a string (base.ts): a kind
 * not listed here still arrives, and `errorKindOf` turns it into 'other'.
 */

/** Any command: refused by the IPC layer (main) or lost on the way (the renderer's client). */
export const transportErrorKinds = [
  'bad-request',
  'unknown-channel',
  'internal',
  'busy',
  'forbidden',
  'disconnected',
  'timeout',
  'bad-reply',
] as const;

/** Central's answers the account screens explain, and the kiosk's own refusals around them. */
const centralKinds = [
  'central-unavailable',
  'central-refused',
  'not-found',
  'not-enrolled',
] as const;
const loggedInKinds = [...centralKinds, 'not-logged-in', 'rate-limited'] as const;
const newPasswordKinds = ['passwords-differ', 'weak-password'] as const;
const moneyKinds = ['insufficient-funds', 'outcome-unknown', 'unknown-recipient'] as const;

/** Service mode: a session must be open and allowed to do this. */
const sessionKinds = ['not-signed-in', 'session-expired', 'forbidden'] as const;
/** What a printer answers instead of printing. */
const printerKinds = ['paper-out', 'cover-open', 'offline', 'timeout', 'io'] as const;
/** What the fiscal registrar answers instead of a report (common/fiscal-port.ts FiscalError). */
const fiscalKinds = [
  ...printerKinds,
  'busy',
  'bad-password',
  'shift-expired',
  'shift-closed',
  'document-state',
  'fn-blocked',
  'device',
] as const;

export const commandErrorKinds = {
  'payee:search': ['search-unavailable', 'rate-limited'],
  'catalog:regions': ['catalog-unavailable'],
  'catalog:facilities': ['catalog-unavailable'],
  'deposit:start': [
    'service-mode',
    'printer-unavailable',
    'acceptor-unavailable',
    'not-ready',
    'faulted',
    'session-active',
    'no-denominations',
    'not-logged-in',
    'letter-over-cap',
    'fiscal-unavailable',
  ],
  'deposit:pay': ['no-session', 'nothing-deposited', 'settling', 'note-stuck', 'cancelled'],
  'deposit:cancel': ['no-session', 'money-inside', 'note-in-flight', 'settling'],
  'receipt:sms': ['not-found', 'rate-limited', 'sms-unavailable', 'sms-refused'],

  'account:requestCode': [
    ...centralKinds,
    'bad-phone',
    'sms-too-soon',
    'sms-limit',
    'rate-limited',
  ],
  'account:register': [
    ...centralKinds,
    ...newPasswordKinds,
    'bad-phone',
    'sms-code-invalid',
    'phone-registered',
    'rate-limited',
  ],
  'account:login': [...centralKinds, 'invalid-credentials', 'account-locked', 'bad-phone'],
  'account:loginWithCode': [...centralKinds, 'sms-code-invalid', 'bad-phone', 'rate-limited'],
  'account:resetPassword': [
    ...centralKinds,
    ...newPasswordKinds,
    'sms-code-invalid',
    'bad-phone',
    'rate-limited',
  ],
  'account:changePassword': [...loggedInKinds, ...newPasswordKinds, 'invalid-credentials'],
  'account:updateProfile': loggedInKinds,
  'account:notifications': loggedInKinds,
  'account:setNotification': loggedInKinds,
  'account:current': loggedInKinds,
  'account:templates': loggedInKinds,
  'account:saveTemplate': [...loggedInKinds, 'too-many-templates', 'unknown-recipient'],
  'account:history': loggedInKinds,
  'account:payFromWallet': [
    ...loggedInKinds,
    ...moneyKinds,
    'amount-too-small',
    'template-not-found',
  ],
  'account:letterQuote': loggedInKinds,
  'account:sendLetter': [...loggedInKinds, ...moneyKinds],
  'account:letterReply': loggedInKinds,
  'account:supportList': loggedInKinds,
  'account:supportSend': loggedInKinds,
  'account:guestSupport': [...centralKinds, 'bad-contact', 'bad-transfer-ref', 'rate-limited'],
  'account:track': [...centralKinds, 'transfer-not-found', 'rate-limited'],
  'wallet:topUpRecipient': loggedInKinds,

  'service:login': ['setup-required', 'pins-unreadable', 'wrong-pin', 'locked', 'deposit-active'],
  'service:setPin': [...sessionKinds, 'same-pins'],
  'diag:snapshot': sessionKinds,
  'diag:logs': sessionKinds,
  'diag:export': [
    ...sessionKinds,
    'bad-path',
    'target-missing',
    'target-not-directory',
    'target-exists',
    'write-failed',
  ],
  'collection:preview': sessionKinds,
  'collection:confirm': [...sessionKinds, ...printerKinds, 'comment-required', 'duplicate-note'],
  'settings:get': sessionKinds,
  'settings:set': [...sessionKinds, 'invalid'],
  'journal:search': sessionKinds,
  'journal:reprint': [...sessionKinds, ...printerKinds, 'not-found'],
  'outbox:parked': sessionKinds,
  'outbox:retry': [...sessionKinds, 'not-found', 'not-parked'],
  'device:testPrint': [...sessionKinds, ...printerKinds],
  'fiscal:panel': [...sessionKinds, 'not-fiscal'],
  'fiscal:xReport': [...sessionKinds, ...fiscalKinds, 'deposit-active', 'not-fiscal'],
  'fiscal:closeShift': [...sessionKinds, ...fiscalKinds, 'deposit-active', 'not-fiscal'],
  'fiscal:confirmOtherParty': [...sessionKinds, 'not-other-party', 'no-party', 'party-changed'],
  'device:testNote': [...sessionKinds, 'deposit-active', 'busy', 'acceptor', 'timeout'],
  'setup:begin': ['already-set-up', 'deposit-active'],
  'setup:saveAgent': sessionKinds,
  'setup:saveDevices': sessionKinds,
  'setup:saveFacilities': sessionKinds,
  'setup:probePorts': sessionKinds,
  'setup:enrol': [...sessionKinds, 'enrol-failed'],
  'setup:facilities': [...sessionKinds, 'unavailable', 'not-enrolled'],
  'setup:finish': [...sessionKinds, 'incomplete', 'same-pins'],
} as const satisfies Partial<Record<Channel, readonly string[]>>;

export type TransportErrorKind = (typeof transportErrorKinds)[number];
export type ListedChannel = keyof typeof commandErrorKinds;

/**
 * The kinds a command's refusal is handled by: its own, the transport's, and 'other' for a
 * kind main sent that this list does not know (a newer main, say).
 */
export type CommandErrorKind<C extends string> =
  | (C extends ListedChannel ? (typeof commandErrorKinds)[C][number] : never)
  | TransportErrorKind
  | 'other';

/** «weak-password:no-digit» → 'weak-password': a kind may carry a detail after a colon. */
export function errorKindOf<C extends string>(
  channel: C,
  error: { readonly kind: string },
): CommandErrorKind<C> {
  const base = error.kind.split(':', 1)[0] ?? '';
  const own: readonly string[] = Object.hasOwn(commandErrorKinds, channel)
    ? commandErrorKinds[channel as ListedChannel]
    : [];
  const known = own.includes(base) || (transportErrorKinds as readonly string[]).includes(base);
  return (known ? base : 'other') as CommandErrorKind<C>;
}
