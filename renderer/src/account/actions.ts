import type { CommandArgs, InmateRecipient } from '../../../common/contract.ts';
import type { CommandErrorKind } from '../../../common/contract/errors.ts';
import { call, type Outcome } from '../bridge/call.ts';
import type { Bridge } from '../bridge/kiosk-bridge.ts';
import { useKiosk } from '../store/kiosk-store.ts';
import { useAccount } from './account-store.ts';

/**
 * The account area's calls to main: the only place its pages reach the bridge. Each answers
 * an `Outcome` whose refusal kind is typed per command (common/contract/errors.ts).
 */
export type AccountChannel =
  | 'account:requestCode'
  | 'account:register'
  | 'account:login'
  | 'account:loginWithCode'
  | 'account:resetPassword'
  | 'account:logout'
  | 'account:current'
  | 'account:touch'
  | 'account:updateProfile'
  | 'account:notifications'
  | 'account:setNotification'
  | 'account:changePassword'
  | 'account:templates'
  | 'account:saveTemplate'
  | 'account:history'
  | 'account:track'
  | 'account:letterQuote'
  | 'account:sendLetter'
  | 'account:letterReply'
  | 'account:payFromWallet'
  | 'account:supportSend'
  | 'account:supportList'
  | 'account:guestSupport'
  | 'wallet:topUpRecipient';

export type AccountErrorKind = CommandErrorKind<AccountChannel>;

const on =
  <C extends AccountChannel>(channel: C) =>
  (bridge: Bridge, args: CommandArgs<C>): Promise<Outcome<C>> =>
    call(bridge, channel, args);

export const requestCode = on('account:requestCode');
export const register = on('account:register');
export const login = on('account:login');
export const loginWithCode = on('account:loginWithCode');
export const resetPassword = on('account:resetPassword');
export const updateProfile = on('account:updateProfile');
export const notifications = on('account:notifications');
export const setNotification = on('account:setNotification');
export const changePassword = on('account:changePassword');
export const saveTemplate = on('account:saveTemplate');
export const history = on('account:history');
export const track = on('account:track');
export const letterQuote = on('account:letterQuote');
export const sendLetter = on('account:sendLetter');
export const letterReply = on('account:letterReply');
export const payFromWallet = on('account:payFromWallet');
export const supportSend = on('account:supportSend');
/** Support without an account: the answer goes to the contact the payer leaves. */
export const guestSupport = on('account:guestSupport');

export function templates(bridge: Bridge): Promise<Outcome<'account:templates'>> {
  return call(bridge, 'account:templates', {});
}

export function supportList(bridge: Bridge): Promise<Outcome<'account:supportList'>> {
  return call(bridge, 'account:supportList', {});
}

/** The payer's own wallet as a recipient: cash into it takes the payment screens' road. */
export function topUpRecipient(bridge: Bridge): Promise<Outcome<'wallet:topUpRecipient'>> {
  return call(bridge, 'wallet:topUpRecipient', {});
}

/** Re-reads the account (the wallet after a payment) into the store. */
export async function refreshAccount(bridge: Bridge): Promise<void> {
  const current = await call(bridge, 'account:current', {});
  if (current.ok) useAccount.getState().setAccount(current.value);
}

/** Nothing of the account stays on screen or in the store, then main ends the session. */
export async function logout(bridge: Bridge): Promise<void> {
  const { setAccount, close } = useAccount.getState();
  setAccount(null);
  close();
  useKiosk.setState({ letterDraft: null });
  await call(bridge, 'account:logout', {});
}

/** Main's session: a walked-away payer is logged out without closing the page. */
export async function endSessionQuietly(bridge: Bridge): Promise<void> {
  await call(bridge, 'account:logout', {});
}

/** A touch keeps main's idle countdown for the account session from running out. */
export async function touchAccount(bridge: Bridge): Promise<void> {
  await call(bridge, 'account:touch', {});
}

/** A saved recipient as the payment screens take it. */
export function recipientOf(template: {
  inmateRef: string;
  recipientMasked: string;
  birthYear: number;
  facilityId: string;
  facilityName: string;
}): InmateRecipient {
  return {
    kind: 'inmate',
    inmateRef: template.inmateRef,
    maskedName: template.recipientMasked,
    birthYear: template.birthYear,
    facilityId: template.facilityId,
    facilityName: template.facilityName,
  };
}
