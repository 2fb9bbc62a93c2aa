import { useState } from 'react';
import { useBridge } from '../app/bridge-context.tsx';
import { birthDateUnknown, goHomeSafely, searchWithBirthDate } from '../payment/actions.ts';
import { useT } from '../app/use-t.ts';
import { Button, ScreenFrame } from '../components/screen-frame.tsx';
import { useKiosk } from '../store/kiosk-store.ts';

const DAYS = Array.from({ length: 31 }, (_, index) => index + 1);
const MONTHS = Array.from({ length: 12 }, (_, index) => index + 1);
/** Days in each month in a leap year: 29 February is a real birthday. */
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/**
 * Asked only when the people found look alike on screen: the day and month of birth, in
 * taps (nothing to mistype). «Не знаю» ends the search: nobody can be chosen by guessing.
 */
export function BirthDateScreen() {
  const bridge = useBridge();
  const { t, language } = useT();
  const saved = useKiosk((state) => state.birthDate);
  const [day, setDay] = useState<number | null>(saved?.day ?? null);
  const [month, setMonth] = useState<number | null>(saved?.month ?? null);
  const monthName = (value: number) =>
    new Intl.DateTimeFormat(language, { month: 'long', timeZone: 'UTC' }).format(
      Date.UTC(2000, value - 1, 1),
    );
  const valid = day !== null && month !== null && day <= (DAYS_IN_MONTH[month - 1] ?? 31);
  const footer = (
    <>
      <Button onClick={() => useKiosk.getState().go({ kind: 'year' })} testId="nav-back">
        ← {t('nav.back')}
      </Button>
      <Button kind="quiet" onClick={() => void goHomeSafely(bridge)} testId="nav-home">
        {t('nav.startOver')}
      </Button>
      <Button onClick={birthDateUnknown} testId="birth-date-unknown">
        {t('birthDate.unknown')}
      </Button>
      <Button
        kind="primary"
        disabled={!valid}
        onClick={() => {
          if (valid) void searchWithBirthDate(bridge, { day, month });
        }}
        testId="birth-date-find"
      >
        {t('birthDate.find')} →
      </Button>
    </>
  );
  return (
    <ScreenFrame
      title={t('birthDate.title')}
      subtitle={t('birthDate.why')}
      step={4}
      footer={footer}
      testId="screen-birth-date"
    >
      <div className="birth-date-pickers">
        <fieldset className="picker">
          <legend className="section-title">{t('birthDate.day')}</legend>
          <div className="day-grid">
            {DAYS.map((value) => (
              <button
                key={value}
                type="button"
                className={`grid-key${day === value ? ' grid-key-on' : ''}`}
                aria-pressed={day === value}
                data-testid={`day-${value}`}
                onClick={() => setDay(value)}
              >
                {value}
              </button>
            ))}
          </div>
        </fieldset>
        <fieldset className="picker">
          <legend className="section-title">{t('birthDate.month')}</legend>
          <div className="month-grid">
            {MONTHS.map((value) => (
              <button
                key={value}
                type="button"
                className={`grid-key${month === value ? ' grid-key-on' : ''}`}
                aria-pressed={month === value}
                disabled={day !== null && day > (DAYS_IN_MONTH[value - 1] ?? 31)}
                data-testid={`month-${value}`}
                onClick={() => setMonth(value)}
              >
                {monthName(value)}
              </button>
            ))}
          </div>
        </fieldset>
      </div>
    </ScreenFrame>
  );
}
