import { useBridge } from '../app/bridge-context.tsx';
import * as actions from './actions.ts';

/** Leaving the account: the store is wiped first, then main ends the session. */
export function useLogout() {
  const bridge = useBridge();
  return () => actions.logout(bridge);
}
