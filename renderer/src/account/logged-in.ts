import type { AccountView } from '../../../common/contract.ts';
import { useAccount } from './account-store.ts';

/** After a login, registration or recovery: the account home, with no stale message. */
export function useLoggedIn() {
  const { setAccount, show, setFlash } = useAccount();
  return (account: AccountView) => {
    setAccount(account);
    setFlash(null);
    show('home');
  };
}
