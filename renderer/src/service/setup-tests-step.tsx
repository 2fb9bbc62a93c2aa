import { useState } from 'react';
import { formatRubles } from '../i18n/money-format.ts';
import { errorText } from './service-session.ts';
import { NextButton, type Wizard } from './setup-parts.tsx';

export function TestsStep({ wizard }: { wizard: Wizard }) {
  const [lines, setLines] = useState<string[]>([]);
  const say = (line: string) => setLines((current) => [...current, line]);
  const print = async () => {
    const result = await wizard.actions.testPrint();
    say(result.ok ? 'Тестовая страница напечатана.' : errorText(result));
  };
  const note = async () => {
    say('Вставьте купюру: она будет возвращена.');
    const result = await wizard.actions.testNote();
    say(
      result.ok
        ? `Купюра ${formatRubles(result.value.noteKopecks, 'ru')} распознана${result.value.returned ? ' и возвращена' : ''}.`
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
          Тестовая печать
        </button>
        <button
          type="button"
          className="button"
          data-testid="setup-test-note"
          onClick={() => void note()}
        >
          Проверить приём купюры
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
