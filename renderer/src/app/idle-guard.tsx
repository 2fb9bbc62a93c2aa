import { useEffect, useRef, useState } from 'react';
import { isBeforeCash, useKiosk } from '../store/kiosk-store.ts';
import { useBridge } from './bridge-context.tsx';
import { goHomeSafely, touchSession } from '../payment/actions.ts';
import { idleWarningMs, payerSettings, successIdleMs, touchThrottleMs } from './idle-policy.ts';
import { useT } from './use-t.ts';

const tickMs = 1_000;

/**
 * Before cash: after the operator's idle timeout without a touch, «Вы ещё здесь?» with a visible countdown,
 * then home with the entered details wiped. After cash: never — main finishes the payment on
 * its own idle timer and emits deposit:completed, which shows the success screen.
 */
export function IdleGuard() {
  const bridge = useBridge();
  const { t } = useT();
  const lastActivityMs = useRef(Date.now());
  const lastTouchMs = useRef(0);
  const [secondsLeft, setSecondsLeft] = useState<number | null>(null);

  useEffect(() => {
    const onActivity = () => {
      const nowMs = Date.now();
      lastActivityMs.current = nowMs;
      setSecondsLeft(null);
      const { screen } = useKiosk.getState();
      if (screen.kind !== 'home' && nowMs - lastTouchMs.current >= touchThrottleMs) {
        lastTouchMs.current = nowMs;
        void touchSession(bridge);
      }
    };
    document.addEventListener('pointerdown', onActivity, { capture: true });
    document.addEventListener('keydown', onActivity, { capture: true });
    return () => {
      document.removeEventListener('pointerdown', onActivity, { capture: true });
      document.removeEventListener('keydown', onActivity, { capture: true });
    };
  }, [bridge]);

  useEffect(() => {
    // A new screen counts as activity: a slow search must not eat the payer's time.
    return useKiosk.subscribe((state, previous) => {
      if (state.screen !== previous.screen) {
        lastActivityMs.current = Date.now();
        setSecondsLeft(null);
      }
    });
  }, []);

  useEffect(() => {
    const timer = window.setInterval(() => {
      const state = useKiosk.getState();
      const idleMs = Date.now() - lastActivityMs.current;
      const { idleTimeoutMs, homeLanguage } = payerSettings(state.status);
      if (state.screen.kind === 'success') {
        const printed = state.screen.payment.receipt === 'printed';
        if (printed && idleMs >= successIdleMs) {
          void goHomeSafely(bridge, { language: homeLanguage });
        }
        return;
      }
      if (!isBeforeCash(state)) {
        setSecondsLeft(null);
        return;
      }
      if (idleMs < idleTimeoutMs) {
        setSecondsLeft(null);
        return;
      }
      const leftMs = idleTimeoutMs + idleWarningMs - idleMs;
      if (leftMs > 0) {
        setSecondsLeft(Math.ceil(leftMs / 1_000));
        return;
      }
      setSecondsLeft(null);
      lastActivityMs.current = Date.now();
      void goHomeSafely(bridge, { language: homeLanguage });
    }, tickMs);
    return () => window.clearInterval(timer);
  }, [bridge]);

  if (secondsLeft === null) return null;
  return (
    <div className="modal-backdrop">
      <div
        className="modal"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="idle-title"
        data-testid="idle-warning"
      >
        <h2 id="idle-title" className="modal-title">
          {t('idle.title')}
        </h2>
        <p className="modal-text">{t('idle.text', { count: secondsLeft })}</p>
        <p className="idle-countdown" aria-hidden="true">
          {secondsLeft}
        </p>
        <button
          type="button"
          className="button button-primary button-wide"
          onClick={() => {
            lastActivityMs.current = Date.now();
            setSecondsLeft(null);
          }}
        >
          {t('idle.stay')}
        </button>
      </div>
    </div>
  );
}
