import { useCallback, useEffect, useState } from 'react';
import type { Bridge } from '../bridge/kiosk-bridge.ts';
import { useHiddenGesture } from './hidden-gesture.ts';

/**
 * The two ways into service mode from the payer screens: the hidden corner gesture and a
 * service key appearing (main watches for the key file). Either one only shows the PIN pad.
 */
export function useServiceEntry(
  bridge: Bridge,
  /** After service mode closes: the payer flow goes back to its home screen. */
  onDidExit?: () => void,
): { inService: boolean; exitService(): void } {
  const [inService, setInService] = useState(false);
  const enter = useCallback(() => setInService(true), []);
  const exitService = useCallback(() => {
    setInService(false);
    onDidExit?.();
  }, [onDidExit]);
  useHiddenGesture(enter, !inService);
  useEffect(() => bridge.on('service:keyDetected', enter), [bridge, enter]);
  return { inService, exitService };
}
