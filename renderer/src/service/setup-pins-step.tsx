import { useState } from 'react';
import { PinSchema } from '../../../common/contract.ts';
import { t } from '../i18n/operator.ts';
import { errorText } from './service-session.ts';
import { ErrorLine, NextButton, useError, type Wizard } from './setup-parts.tsx';

export function PinsStep({ wizard }: { wizard: Wizard }) {
  const [operatorPin, setOperatorPin] = useState('');
  const [collectorPin, setCollectorPin] = useState('');
  const [error, setError] = useError();
  const finish = async () => {
    if (!PinSchema.safeParse(operatorPin).success || !PinSchema.safeParse(collectorPin).success) {
      return setError(t('setup.pinRule'));
    }
    const result = await wizard.actions.finish({ operatorPin, collectorPin });
    if (result.ok) wizard.next(result.value);
    else setError(errorText(result));
  };
  return (
    <div className="service-form">
      <label htmlFor="w-op">{t('setup.operatorPin')}</label>
      <input
        id="w-op"
        type="password"
        inputMode="numeric"
        data-testid="setup-operator-pin"
        value={operatorPin}
        onChange={(e) => setOperatorPin(e.target.value)}
      />
      <label htmlFor="w-col">{t('setup.collectorPin')}</label>
      <input
        id="w-col"
        type="password"
        inputMode="numeric"
        data-testid="setup-collector-pin"
        value={collectorPin}
        onChange={(e) => setCollectorPin(e.target.value)}
      />
      <ErrorLine text={error} />
      <NextButton onClick={() => void finish()} label={t('setup.finish')} />
    </div>
  );
}
