import type { Bridge } from '../bridge/kiosk-bridge.ts';
import { hasMoney, useKiosk } from '../store/kiosk-store.ts';

/**
 * Wires main's events into the store. On every (re)connect it re-reads the status and any open
 * deposit: after a reload or a main restart the payer lands back on their money, not on home.
 */
export function connectStore(bridge: Bridge): () => void {
  const store = useKiosk;
  let firstStatus = true;
  const refresh = async () => {
    const status = await bridge.invoke('kiosk:getStatus', {});
    if (status.ok) {
      if (firstStatus) {
        firstStatus = false;
        store.getState().setLanguage(status.value.language);
        document.documentElement.lang = status.value.language;
      }
      store.getState().setStatus(status.value);
    }
    const deposit = await bridge.invoke('deposit:get', {});
    if (!deposit.ok) return;
    const view = deposit.value;
    if (view !== null && view.state !== 'cancelled' && view.state !== 'completed') {
      store.getState().setDeposit(view);
      store.getState().go({ kind: 'deposit' });
      return;
    }
    // The payer was on the deposit screen and the session is gone: main finished it (idle or
    // recovery) while we were disconnected and the deposit:completed event was missed.
    if (store.getState().screen.kind === 'deposit' && hasMoney(store.getState().deposit)) {
      const last = await bridge.invoke('receipt:last', {});
      if (last.ok && last.value !== null) store.getState().showCompleted(last.value);
    }
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
