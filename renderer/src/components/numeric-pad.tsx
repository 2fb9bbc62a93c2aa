import { useT } from '../app/use-t.ts';

/** A phone-style pad (1-2-3 on top): for the phone number; digits only, nothing to mistype. */
export function NumericPad(props: { onDigit: (digit: string) => void; onErase: () => void }) {
  const { t } = useT();
  const digits = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];
  return (
    <div className="numeric-pad" data-testid="numeric-pad">
      {digits.map((digit) => (
        <button key={digit} type="button" className="pad-key" onClick={() => props.onDigit(digit)}>
          {digit}
        </button>
      ))}
      <span />
      <button type="button" className="pad-key" onClick={() => props.onDigit('0')}>
        0
      </button>
      <button type="button" className="pad-key pad-erase" onClick={props.onErase}>
        ⌫ <span className="pad-erase-label">{t('sms.erase')}</span>
      </button>
    </div>
  );
}
