import { useState } from 'react';
import { AgentDetailsSchema } from '../../../common/contract.ts';
import { t } from '../i18n/operator.ts';
import { errorText } from './service-session.ts';
import { ErrorLine, NextButton, useError, type Wizard } from './setup-parts.tsx';

export function AgentStep({ wizard }: { wizard: Wizard }) {
  const initial = wizard.state.agent ?? { name: '', address: '', inn: '', terminalAddress: '' };
  const [agent, setAgent] = useState(initial);
  const [error, setError] = useError();
  const save = async () => {
    const parsed = AgentDetailsSchema.safeParse(agent);
    if (!parsed.success) {
      return setError(
        parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      );
    }
    const result = await wizard.actions.saveAgent(parsed.data);
    if (result.ok) wizard.next(result.value);
    else setError(errorText(result));
  };
  const field = (key: keyof typeof agent, label: string) => (
    <>
      <label htmlFor={`w-${key}`}>{label}</label>
      <input
        id={`w-${key}`}
        data-testid={`setup-agent-${key}`}
        value={agent[key]}
        onChange={(e) => setAgent({ ...agent, [key]: e.target.value })}
      />
    </>
  );
  return (
    <div className="service-form">
      {field('name', t('setup.agent.name'))}
      {field('address', t('setup.agent.address'))}
      {field('inn', t('setup.agent.inn'))}
      {field('terminalAddress', t('setup.agent.terminalAddress'))}
      <ErrorLine text={error} />
      <NextButton onClick={() => void save()} />
    </div>
  );
}
