import { useState } from 'react';
import type { ProbedPort } from '../../../common/contract.ts';
import { t } from '../i18n/operator.ts';
import { errorText } from './service-session.ts';
import { ErrorLine, NextButton, useError, type Wizard } from './setup-parts.tsx';

export function DevicesStep({ wizard }: { wizard: Wizard }) {
  const [ports, setPorts] = useState<ProbedPort[] | null>(null);
  const [billAcceptor, setBillAcceptor] = useState(
    wizard.state.devices?.billAcceptor ?? 'emulator',
  );
  const [printer, setPrinter] = useState(wizard.state.devices?.printer ?? 'emulator');
  const [error, setError] = useError();
  const probe = async () => {
    const result = await wizard.actions.probePorts();
    if (!result.ok) return setError(errorText(result));
    setPorts(result.value.ports);
    const ccnet = result.value.ports.find((port) => port.answers === 'ccnet');
    const escpos = result.value.ports.find((port) => port.answers === 'escpos');
    if (ccnet) setBillAcceptor(ccnet.path);
    if (escpos) setPrinter(escpos.path);
  };
  const save = async () => {
    const result = await wizard.actions.saveDevices({ billAcceptor, printer });
    if (result.ok) wizard.next(result.value);
    else setError(errorText(result));
  };
  const options = ['emulator', ...(ports ?? []).map((port) => port.path)];
  return (
    <div>
      <button
        type="button"
        className="button"
        data-testid="setup-probe"
        onClick={() => void probe()}
      >
        {t('setup.probe')}
      </button>
      {ports !== null && (
        <ul data-testid="setup-ports">
          {ports.length === 0 && <li>{t('setup.noPorts')}</li>}
          {ports.map((port) => (
            <li key={port.path}>
              {port.path}: {port.answers} ({port.detail})
            </li>
          ))}
        </ul>
      )}
      <div className="service-form">
        <label htmlFor="w-acc">{t('setup.acceptor')}</label>
        <select id="w-acc" value={billAcceptor} onChange={(e) => setBillAcceptor(e.target.value)}>
          {options.map((option) => (
            <option key={option}>{option}</option>
          ))}
        </select>
        <label htmlFor="w-prn">{t('setup.printer')}</label>
        <select id="w-prn" value={printer} onChange={(e) => setPrinter(e.target.value)}>
          {options.map((option) => (
            <option key={option}>{option}</option>
          ))}
        </select>
      </div>
      <ErrorLine text={error} />
      <NextButton onClick={() => void save()} />
    </div>
  );
}
