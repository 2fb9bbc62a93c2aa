import { useEffect, useState } from 'react';
import type { ServiceEntry, ServiceSession } from '../../../common/contract.ts';
import type { Bridge } from '../bridge/kiosk-bridge.ts';
import { dateTime } from './service-format.ts';
import { serviceEntry, serviceLogin } from './actions.ts';
import { errorText } from './service-session.ts';
import { t } from '../i18n/operator.ts';

const digits = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];

/** The PIN pad: digits only, shown as dots; the lock time is shown, the PIN never is. */
export function PinScreen(props: {
  bridge: Bridge;
  entry: ServiceEntry;
  onSignedIn(session: ServiceSession): void;
  onExit(): void;
}) {
  const [pin, setPin] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [lockedUntilMs, setLockedUntilMs] = useState(props.entry.lockedUntilMs);
  useEffect(() => setLockedUntilMs(props.entry.lockedUntilMs), [props.entry.lockedUntilMs]);

  const submit = async () => {
    if (pin.length < 4 || busy) return;
    setBusy(true);
    setMessage(null);
    const result = await serviceLogin(props.bridge, pin);
    setBusy(false);
    setPin('');
    if (result.ok) {
      props.onSignedIn(result.value);
      return;
    }
    setMessage(errorText(result));
    const entry = await serviceEntry(props.bridge);
    if (entry.ok) setLockedUntilMs(entry.value.lockedUntilMs);
  };
  const add = (digit: string) =>
    setPin((current) => (current.length < 8 ? current + digit : current));

  return (
    <div className="service service-pin" data-testid="service-pin">
      <h1>{t('svc.title')}</h1>
      <p>{t('svc.pin.prompt')}</p>
      <output className="service-pin-dots" data-testid="service-pin-dots">
        {'●'.repeat(pin.length) || '—'}
      </output>
      {lockedUntilMs !== null && (
        <p className="notice notice-error" role="alert" data-testid="service-locked">
          {t('svc.pin.lockedUntil', { time: dateTime(lockedUntilMs) })}
        </p>
      )}
      {message && (
        <p className="notice notice-warn" role="alert" data-testid="service-pin-message">
          {message}
        </p>
      )}
      <div className="numeric-pad service-pad">
        {digits.map((digit) => (
          <button key={digit} type="button" className="pad-key" onClick={() => add(digit)}>
            {digit}
          </button>
        ))}
        <button
          type="button"
          className="pad-key"
          onClick={() => setPin('')}
          aria-label={t('svc.pin.clear')}
        >
          C
        </button>
        <button type="button" className="pad-key" onClick={() => add('0')}>
          0
        </button>
        <button
          type="button"
          className="pad-key button-primary"
          data-testid="service-pin-ok"
          disabled={busy || pin.length < 4}
          onClick={() => void submit()}
        >
          OK
        </button>
      </div>
      <button type="button" className="button button-quiet" onClick={props.onExit}>
        {t('svc.exit')}
      </button>
    </div>
  );
}
