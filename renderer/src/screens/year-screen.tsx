import { useState } from 'react';
import { useBridge } from '../app/bridge-context.tsx';
import { goHomeSafely, search } from '../payment/actions.ts';
import { decadesOf, yearRange } from '../app/text-entry.ts';
import { useT } from '../app/use-t.ts';
import { Button, ScreenFrame } from '../components/screen-frame.tsx';
import { useKiosk } from '../store/kiosk-store.ts';

/** Step 3: year of birth in two taps (decade, then year): nothing to mistype. */
export function YearScreen() {
  const bridge = useBridge();
  const { t } = useT();
  const birthYear = useKiosk((state) => state.birthYear);
  const nowMs = useKiosk((state) => state.status?.nowMs ?? Date.now());
  const range = yearRange(new Date(nowMs).getFullYear());
  const [decade, setDecade] = useState<number | null>(
    birthYear === null ? null : birthYear - (birthYear % 10),
  );
  const years: number[] = [];
  if (decade !== null) {
    for (let year = decade; year < decade + 10; year += 1) {
      if (year >= range.first && year <= range.last) years.push(year);
    }
  }
  const footer = (
    <>
      <Button onClick={() => useKiosk.getState().go({ kind: 'name' })} testId="nav-back">
        ← {t('nav.back')}
      </Button>
      <Button kind="quiet" onClick={() => void goHomeSafely(bridge)} testId="nav-home">
        {t('nav.startOver')}
      </Button>
      <Button
        kind="primary"
        disabled={birthYear === null}
        onClick={() => void search(bridge)}
        testId="find"
      >
        {t('year.find')} →
      </Button>
    </>
  );
  return (
    <ScreenFrame
      title={t('year.title')}
      subtitle={birthYear === null ? t('year.decade') : t('year.chosen', { year: birthYear })}
      step={3}
      footer={footer}
      testId="screen-year"
    >
      <fieldset className="picker">
        <legend className="visually-hidden">{t('year.decade')}</legend>
        <div className="decade-grid">
          {decadesOf(range).map((value) => (
            <button
              key={value}
              type="button"
              className={`grid-key${decade === value ? ' grid-key-on' : ''}`}
              aria-pressed={decade === value}
              data-testid={`decade-${value}`}
              onClick={() => {
                setDecade(value);
                useKiosk.getState().setBirthYear(null);
              }}
            >
              {value}–{String(value + 9).slice(2)}
            </button>
          ))}
        </div>
      </fieldset>
      {decade !== null && (
        <fieldset className="picker">
          <legend className="section-title">{t('year.pick')}</legend>
          <div className="year-grid">
            {years.map((year) => (
              <button
                key={year}
                type="button"
                className={`grid-key${birthYear === year ? ' grid-key-on' : ''}`}
                aria-pressed={birthYear === year}
                data-testid={`year-${year}`}
                onClick={() => useKiosk.getState().setBirthYear(year)}
              >
                {year}
              </button>
            ))}
          </div>
        </fieldset>
      )}
    </ScreenFrame>
  );
}
