import type { Language, Recipient } from '../../../common/contract.ts';
import type { Bridge } from '../bridge/kiosk-bridge.ts';
import { hasMoney, type LetterRequest, useKiosk } from '../store/kiosk-store.ts';

/**
 * The payer's journey as actions over the bridge. Screens call these; the store holds the result.
 * Rule: nothing here may lead away from money — once a note is in, only Pay (or main's idle
 * completion) ends the session.
 */
const store = useKiosk;

export async function chooseLanguage(bridge: Bridge, language: Language): Promise<void> {
  store.getState().setLanguage(language);
  document.documentElement.lang = language;
  await bridge.invoke('kiosk:setLanguage', { language });
}

export async function search(bridge: Bridge): Promise<void> {
  const { facility, form, birthYear, go } = store.getState();
  if (facility === null || birthYear === null) return;
  go({ kind: 'searching' });
  const result = await bridge.invoke('payee:search', {
    facilityId: facility.id,
    surname: form.surname.trim(),
    name: form.name.trim(),
    patronymic: form.patronymic.trim(),
    birthYear,
  });
  if (store.getState().screen.kind !== 'searching') return;
  if (!result.ok) {
    if (result.error.kind === 'search-unavailable') go({ kind: 'search-unavailable' });
    else go({ kind: 'search-error', errorKind: result.error.kind });
    return;
  }
  const matches = result.value.matches;
  if (matches.length === 0) go({ kind: 'no-match' });
  else go({ kind: 'results', matches });
}

export function confirmRecipient(recipient: Recipient, letter?: LetterRequest): void {
  store.getState().go({ kind: 'terms', recipient, ...(letter === undefined ? {} : { letter }) });
}

export type StartOutcome = { ok: true } | { ok: false; kind: string };

export async function startDeposit(
  bridge: Bridge,
  recipient: Recipient,
  acceptWithoutReceipt: boolean,
  letter?: LetterRequest,
): Promise<StartOutcome> {
  const result = await bridge.invoke('deposit:start', {
    recipient,
    acceptWithoutReceipt,
    ...(letter === undefined ? {} : { letter }),
  });
  if (!result.ok) return { ok: false, kind: result.error.kind };
  store.getState().setDeposit(result.value);
  store.getState().go({ kind: 'deposit' });
  return { ok: true };
}

export async function pay(bridge: Bridge): Promise<StartOutcome> {
  const result = await bridge.invoke('deposit:pay', {});
  if (!result.ok) return { ok: false, kind: result.error.kind };
  store.getState().showCompleted(result.value);
  return { ok: true };
}

/** Cancel is offered only while nothing is deposited; main re-checks and may refuse. */
export async function cancelDeposit(bridge: Bridge): Promise<StartOutcome> {
  const result = await bridge.invoke('deposit:cancel', {});
  if (!result.ok) return { ok: false, kind: result.error.kind };
  store.getState().setDeposit(null);
  return { ok: true };
}

/** Main refused to cancel because a note arrived between the tap and the call. */
export function isMoneyRefusal(outcome: StartOutcome): boolean {
  return !outcome.ok && (outcome.kind === 'money-inside' || outcome.kind === 'note-in-progress');
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
