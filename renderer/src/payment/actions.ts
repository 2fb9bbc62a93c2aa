import { assertNever } from '../../../common/assert.ts';
import type { Language, Recipient, SearchMatch } from '../../../common/contract.ts';
import { call, type Outcome, type Refused } from '../bridge/call.ts';
import type { Bridge } from '../bridge/kiosk-bridge.ts';
import { type BirthDate, hasMoney, type LetterRequest, useKiosk } from '../store/kiosk-store.ts';

/**
 * The payer's journey as actions over the bridge: the only calls to main for the payment
 * screens. Screens call these; the store holds the result. Rule: nothing here may lead away
 * from money — once a note is in, only Pay (or main's idle completion) ends the session.
 */
const store = useKiosk;

export async function chooseLanguage(bridge: Bridge, language: Language): Promise<void> {
  store.getState().setLanguage(language);
  document.documentElement.lang = language;
  await call(bridge, 'kiosk:setLanguage', { language });
}

export function loadRegions(bridge: Bridge): Promise<Outcome<'catalog:regions'>> {
  return call(bridge, 'catalog:regions', {});
}

export function loadFacilities(
  bridge: Bridge,
  regionId: string,
): Promise<Outcome<'catalog:facilities'>> {
  return call(bridge, 'catalog:facilities', { regionId });
}

export function loadTerms(bridge: Bridge, walletTopUp: boolean): Promise<Outcome<'payment:terms'>> {
  return call(bridge, 'payment:terms', { walletTopUp });
}

export async function search(bridge: Bridge): Promise<void> {
  const { facility, form, birthYear, birthDate, go } = store.getState();
  if (facility === null || birthYear === null) return;
  go({ kind: 'searching' });
  const result = await call(bridge, 'payee:search', {
    facilityId: facility.id,
    surname: form.surname.trim(),
    name: form.name.trim(),
    patronymic: form.patronymic.trim(),
    birthYear,
    ...(birthDate === null ? {} : { birthDay: birthDate.day, birthMonth: birthDate.month }),
  });
  if (store.getState().screen.kind !== 'searching') return;
  if (!result.ok) {
    if (result.kind === 'search-unavailable') go({ kind: 'search-unavailable' });
    else go({ kind: 'search-error', errorKind: result.kind });
    return;
  }
  const { matches, lookAlike, source } = result.value;
  // Look-alikes are never listed: first the day of birth, then, if that is not enough, no
  // payment here (the payer is sent to the facility's office).
  if (lookAlike === 'ask-birth-date' && birthDate === null) go({ kind: 'birth-date' });
  else if (lookAlike !== 'none') {
    go({ kind: 'cannot-pay', reason: source === 'roster-cache' ? 'offline' : 'alike' });
  } else if (matches.length === 0) go({ kind: 'no-match' });
  else go({ kind: 'results', matches });
}

/** The day-of-birth step: search again with it. */
export function searchWithBirthDate(bridge: Bridge, date: BirthDate): Promise<void> {
  store.getState().setBirthDate(date);
  return search(bridge);
}

/** The payer does not know the day of birth: the look-alikes cannot be told apart here. */
export function birthDateUnknown(): void {
  store.getState().go({ kind: 'cannot-pay', reason: 'alike' });
}

/**
 * A match from a list: an approximate one first gets its own screen, where the payer
 * confirms it explicitly; an exact one goes on to the terms.
 */
export function chooseMatch(match: SearchMatch): void {
  if (match.quality === 'approximate') store.getState().go({ kind: 'results', matches: [match] });
  else confirmRecipient(match);
}

export function confirmRecipient(recipient: Recipient, letter?: LetterRequest): void {
  store.getState().go({ kind: 'terms', recipient, ...(letter === undefined ? {} : { letter }) });
}

export type Done<C extends 'deposit:start' | 'deposit:pay' | 'deposit:cancel'> =
  | { ok: true }
  | Refused<C>;

export async function startDeposit(
  bridge: Bridge,
  recipient: Recipient,
  acceptWithoutReceipt: boolean,
  letter?: LetterRequest,
): Promise<Done<'deposit:start'>> {
  const result = await call(bridge, 'deposit:start', {
    recipient,
    acceptWithoutReceipt,
    ...(letter === undefined ? {} : { letter }),
  });
  if (!result.ok) return result;
  store.getState().setDeposit(result.value);
  store.getState().go({ kind: 'deposit' });
  return { ok: true };
}

/** A session main already holds (a second tap, a reload) is shown rather than a new one. */
export async function showOpenDeposit(bridge: Bridge): Promise<boolean> {
  const current = await call(bridge, 'deposit:get', {});
  if (!current.ok || current.value === null) return false;
  store.getState().setDeposit(current.value);
  store.getState().go({ kind: 'deposit' });
  return true;
}

export async function pay(bridge: Bridge): Promise<Done<'deposit:pay'>> {
  const result = await call(bridge, 'deposit:pay', {});
  if (!result.ok) return result;
  store.getState().showCompleted(result.value);
  return { ok: true };
}

/** Cancel is offered only while nothing is deposited; main re-checks and may refuse. */
export async function cancelDeposit(bridge: Bridge): Promise<Done<'deposit:cancel'>> {
  const result = await call(bridge, 'deposit:cancel', {});
  if (!result.ok) return result;
  store.getState().setDeposit(null);
  return { ok: true };
}

/** Main refused to cancel because money is in or a note is on its way in. */
export function isMoneyRefusal(outcome: Done<'deposit:cancel'>): boolean {
  if (outcome.ok) return false;
  switch (outcome.kind) {
    case 'money-inside':
    case 'note-in-flight':
    case 'settling':
      return true;
    case 'no-session':
    case 'bad-request':
    case 'unknown-channel':
    case 'internal':
    case 'busy':
    case 'forbidden':
    case 'disconnected':
    case 'timeout':
    case 'bad-reply':
    case 'other':
      return false;
    default:
      return assertNever(outcome.kind, 'cancel refusal');
  }
}

/**
 * Home, wiping entered details, but never away from money: a deposit session without money is
 * cancelled first; if main says money is inside, the payer stays on the deposit screen.
 */
export async function goHomeSafely(
  bridge: Bridge,
  options: { language?: Language } = {},
): Promise<boolean> {
  const { deposit, screen, go } = store.getState();
  if (hasMoney(deposit)) return false;
  if (deposit !== null || screen.kind === 'deposit') {
    const outcome = await cancelDeposit(bridge);
    if (isMoneyRefusal(outcome) || hasMoney(store.getState().deposit)) {
      go({ kind: 'deposit' });
      return false;
    }
  }
  store.getState().resetToHome(options);
  if (options.language) await chooseLanguage(bridge, options.language);
  return true;
}

/** A payer's touch keeps main's idle countdown for the session from running out. */
export async function touchSession(bridge: Bridge): Promise<void> {
  await call(bridge, 'session:touch', {});
}

export async function sendReceiptSms(
  bridge: Bridge,
  transferId: string,
  phone: string,
): Promise<'sent' | 'queued' | 'failed'> {
  const result = await call(bridge, 'receipt:sms', { transferId, phone });
  if (!result.ok || !result.value.queued) return 'failed';
  // Only central's acceptance is "sent"; a main without the field never claimed it.
  return result.value.sent === true ? 'sent' : 'queued';
}

/**
 * On every (re)connect: the status, and any open deposit — after a reload or a main restart
 * the payer lands back on their money, not on home.
 */
export async function refreshFromMain(bridge: Bridge, firstStatus: boolean): Promise<boolean> {
  const status = await call(bridge, 'kiosk:getStatus', {});
  if (status.ok) {
    if (firstStatus) {
      store.getState().setLanguage(status.value.language);
      document.documentElement.lang = status.value.language;
    }
    store.getState().setStatus(status.value);
  }
  const deposit = await call(bridge, 'deposit:get', {});
  if (!deposit.ok) return status.ok;
  const view = deposit.value;
  if (view !== null && view.state !== 'cancelled' && view.state !== 'completed') {
    store.getState().setDeposit(view);
    store.getState().go({ kind: 'deposit' });
    return status.ok;
  }
  // The payer was on the deposit screen and the session is gone: main finished it (idle or
  // recovery) while we were disconnected and the deposit:completed event was missed.
  if (store.getState().screen.kind === 'deposit' && hasMoney(store.getState().deposit)) {
    const last = await call(bridge, 'receipt:last', {});
    if (last.ok && last.value !== null) store.getState().showCompleted(last.value);
  }
  return status.ok;
}
