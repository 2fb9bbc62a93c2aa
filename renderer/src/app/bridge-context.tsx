import { createContext, type ReactNode, useContext } from 'react';
import type { Bridge } from '../bridge/kiosk-bridge.ts';

const BridgeContext = createContext<Bridge | null>(null);

export function BridgeProvider(props: { bridge: Bridge; children: ReactNode }) {
  return <BridgeContext.Provider value={props.bridge}>{props.children}</BridgeContext.Provider>;
}

export function useBridge(): Bridge {
  const bridge = useContext(BridgeContext);
  if (bridge === null) throw new Error('useBridge outside BridgeProvider');
  return bridge;
}
