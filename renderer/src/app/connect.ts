import type { Bridge } from '../bridge/kiosk-bridge.ts';
import { refreshFromMain } from '../payment/actions.ts';
import { useKiosk } from '../store/kiosk-store.ts';

/**
 * Wires main's events into the store, and on every (re)connect re-reads what main holds
 * (payment/actions.ts `refreshFromMain`).
 */
export function connectStore(bridge: Bridge): () => void {
  const store = useKiosk;
  let firstStatus = true;
  const refresh = async () => {
    if (await refreshFromMain(bridge, firstStatus)) firstStatus = false;
  };
  const offs = [
    bridge.onConnection((state) => {
      store.getState().setConnection(state);
      if (state === 'open') void refresh();
    }),
    bridge.on('kiosk:statusChanged', (status) => store.getState().setStatus(status)),
    bridge.on('deposit:changed', (view) => {
      const state = store.getState();
      if (view === null || view.state === 'cancelled') {
        state.setDeposit(null);
        return;
      }
      if (view.state === 'completed') return;
      state.setDeposit(view);
      // A session main holds (e.g. recovered after a restart) always owns the screen.
      if (state.screen.kind !== 'deposit') state.go({ kind: 'deposit' });
    }),
    bridge.on('deposit:completed', (payment) => store.getState().showCompleted(payment)),
  ];
  if (bridge.connection() === 'open') {
    store.getState().setConnection('open');
    void refresh();
  }
  return () => {
    for (const off of offs) off();
  };
}
