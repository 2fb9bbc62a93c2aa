import { create } from 'zustand';
import type {
  CompletedPayment,
  DepositView,
  Facility,
  KioskStatus,
  Language,
  InmateRecipient,
  Recipient,
  Region,
  SearchMatch,
} from '../../../common/contract.ts';
import type { CommandErrorKind } from '../../../common/contract/errors.ts';
import type { ConnectionState } from '../bridge/ws-client.ts';
import { defaultLanguage } from '../i18n/i18n.ts';

/** One screen at a time; each carries what it shows so a screen never reads stale state. */
export type Screen =
  | { kind: 'home' }
  | { kind: 'region' }
  | { kind: 'facility'; region: Region }
  | { kind: 'name' }
  | { kind: 'year' }
  | { kind: 'searching' }
  | { kind: 'results'; matches: SearchMatch[] }
  | { kind: 'birth-date' }
  | { kind: 'cannot-pay'; reason: CannotPayReason }
  | { kind: 'no-match' }
  | { kind: 'search-unavailable' }
  | { kind: 'search-error'; errorKind: CommandErrorKind<'payee:search'> }
  | { kind: 'terms'; recipient: Recipient; letter?: LetterRequest }
  | { kind: 'deposit' }
  | { kind: 'success'; payment: CompletedPayment };

export type ScreenKind = Screen['kind'];

/**
 * Why nobody may be paid from this search: people who still look alike (with the day of
 * birth, or the payer does not know it), or look-alikes found offline (no day to check).
 */
export type CannotPayReason = 'alike' | 'offline';

/** Day and month of birth, asked only to tell look-alikes apart. */
export type BirthDate = { day: number; month: number };

/** A letter typed in the account, to be paid in cash through the payer's wallet. */
export type LetterRequest = { recipient: InmateRecipient; text: string; replyBlanks: number };

export type NameForm = { surname: string; name: string; patronymic: string };

export type KioskState = {
  connection: ConnectionState;
  status: KioskStatus | null;
  language: Language;
  screen: Screen;
  facility: Facility | null;
  form: NameForm;
  birthYear: number | null;
  /** Given on the day-of-birth step; cleared whenever the name or the year changes. */
  birthDate: BirthDate | null;
  deposit: DepositView | null;
  /** The letter being paid in cash, kept until the payment ends (cancel returns to its terms). */
  letterDraft: LetterRequest | null;
  go(screen: Screen): void;
  setConnection(connection: ConnectionState): void;
  setStatus(status: KioskStatus): void;
  setLanguage(language: Language): void;
  chooseFacility(facility: Facility): void;
  setForm(form: NameForm): void;
  setBirthYear(year: number | null): void;
  setBirthDate(date: BirthDate | null): void;
  setDeposit(view: DepositView | null): void;
  showCompleted(payment: CompletedPayment): void;
  /** Back to the home screen with every entered detail wiped (privacy: 152-ФЗ). */
  resetToHome(options?: { language?: Language }): void;
};

const emptyForm: NameForm = { surname: '', name: '', patronymic: '' };

export const useKiosk = create<KioskState>()((set) => ({
  connection: 'connecting',
  status: null,
  language: defaultLanguage,
  screen: { kind: 'home' },
  facility: null,
  form: emptyForm,
  birthYear: null,
  birthDate: null,
  deposit: null,
  letterDraft: null,
  go: (screen) =>
    set(screen.kind === 'terms' ? { screen, letterDraft: screen.letter ?? null } : { screen }),
  setConnection: (connection) => set({ connection }),
  setStatus: (status) => set({ status }),
  setLanguage: (language) => set({ language }),
  chooseFacility: (facility) => set({ facility }),
  setForm: (form) => set({ form, birthDate: null }),
  setBirthYear: (birthYear) => set({ birthYear, birthDate: null }),
  setBirthDate: (birthDate) => set({ birthDate }),
  setDeposit: (deposit) => set({ deposit }),
  showCompleted: (payment) =>
    set({ deposit: null, letterDraft: null, screen: { kind: 'success', payment } }),
  resetToHome: (options) =>
    set((state) => ({
      screen: { kind: 'home' },
      facility: null,
      form: emptyForm,
      birthYear: null,
      birthDate: null,
      deposit: null,
      letterDraft: null,
      language: options?.language ?? state.language,
    })),
}));

/** Money is in the acceptor or already counted: nothing may lead away from the deposit. */
export function hasMoney(view: DepositView | null): boolean {
  return view !== null && (view.acceptedKopecks > 0 || view.noteInProgress);
}

/** Screens where an idle countdown may send the payer home (no cash accepted yet). */
export function isBeforeCash(state: Pick<KioskState, 'screen' | 'deposit'>): boolean {
  switch (state.screen.kind) {
    case 'home':
    case 'success':
      return false;
    case 'deposit':
      return !hasMoney(state.deposit);
    default:
      return true;
  }
}

/** A rejection is news only until a later note is accepted. */
export function currentRejection(view: DepositView): string | null {
  const rejection = view.lastRejection;
  if (rejection === null) return null;
  const lastNote = view.notes.at(-1);
  if (lastNote !== undefined && lastNote.atMs > rejection.atMs) return null;
  return rejection.reason;
}
