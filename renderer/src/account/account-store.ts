import { create } from 'zustand';
import type { AccountView } from '../../../common/contract.ts';

/** Pages of the account area; it lies over the payer screens while open. */
export type AccountPage =
  | 'entry'
  | 'login'
  | 'login-code'
  | 'register'
  | 'recover'
  | 'track'
  | 'home'
  | 'templates'
  | 'history'
  | 'letter'
  | 'support'
  | 'profile';

export type AccountState = {
  open: boolean;
  page: AccountPage;
  /** Who is logged in, as main reported it; null when nobody (never a token). */
  account: AccountView | null;
  /** A one-line message shown on the next page (e.g. "you have been logged out"). */
  flash: string | null;
  show(page: AccountPage): void;
  close(): void;
  setAccount(account: AccountView | null): void;
  setFlash(flash: string | null): void;
};

export const useAccount = create<AccountState>()((set) => ({
  open: false,
  page: 'entry',
  account: null,
  flash: null,
  show: (page) => set({ open: true, page }),
  close: () => set({ open: false, flash: null }),
  setAccount: (account) => set({ account }),
  setFlash: (flash) => set({ flash }),
}));
