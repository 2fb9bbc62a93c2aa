import { useState } from 'react';
import { t } from '../i18n/operator.ts';
import { errorText } from './service-session.ts';
import { ErrorLine, NextButton, useError, type Wizard } from './setup-parts.tsx';

export function TerminalStep({ wizard }: { wizard: Wizard }) {
  const [terminalId, setTerminalId] = useState(wizard.state.terminalId ?? '');
  const [code, setCode] = useState('');
  const [error, setError] = useError();
  const save = async () => {
    if (wizard.state.enrolled && code === '') return wizard.next();
    const result = await wizard.actions.enrol({ terminalId, code });
    if (result.ok) wizard.next(result.value);
    else setError(errorText(result));
  };
  return (
    <div className="service-form">
      <label htmlFor="w-id">{t('setup.terminalId')}</label>
      <input
        id="w-id"
        data-testid="setup-terminal-id"
        value={terminalId}
        onChange={(e) => setTerminalId(e.target.value)}
      />
      <label htmlFor="w-code">{t('setup.code')}</label>
      <input
        id="w-code"
        data-testid="setup-code"
        value={code}
        onChange={(e) => setCode(e.target.value)}
      />
      <ErrorLine text={error} />
      <NextButton onClick={() => void save()} label={t('setup.enrol')} />
    </div>
  );
}
