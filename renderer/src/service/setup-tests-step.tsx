import { useState } from 'react';
import { formatRubles } from '../i18n/money-format.ts';
import { operatorLanguage, t } from '../i18n/operator.ts';
import { errorText } from './service-session.ts';
import { NextButton, type Wizard } from './setup-parts.tsx';

export function TestsStep({ wizard }: { wizard: Wizard }) {
  const [lines, setLines] = useState<string[]>([]);
  const say = (line: string) => setLines((current) => [...current, line]);
  const print = async () => {
    const result = await wizard.actions.testPrint();
    say(result.ok ? t('setup.printed') : errorText(result));
  };
  const note = async () => {
    say(t('setup.insertNote'));
    const result = await wizard.actions.testNote();
    say(
      result.ok
        ? t(result.value.returned ? 'setup.noteSeenReturned' : 'setup.noteSeen', {
            note: formatRubles(result.value.noteKopecks, operatorLanguage),
          })
        : errorText(result),
    );
  };
  return (
    <div>
      <div className="service-row">
        <button
          type="button"
          className="button"
          data-testid="setup-test-print"
          onClick={() => void print()}
        >
          {t('svc.testPrint')}
        </button>
        <button
          type="button"
          className="button"
          data-testid="setup-test-note"
          onClick={() => void note()}
        >
          {t('setup.testNote')}
        </button>
      </div>
      <div data-testid="setup-test-log">
        {lines.map((line, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: an append-only log
          <p key={index}>{line}</p>
        ))}
      </div>
      <NextButton onClick={() => wizard.next()} />
    </div>
  );
}
