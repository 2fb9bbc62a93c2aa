import { useEffect, useState } from 'react';
import type { SetupState } from '../../../common/contract.ts';
import type { Bridge } from '../bridge/kiosk-bridge.ts';
import { t } from '../i18n/operator.ts';
import { beginSetup, type SetupActions, setupActions } from './actions.ts';
import { errorText } from './service-session.ts';
import { type Step, steps, titles, type Wizard } from './setup-parts.tsx';
import { TerminalStep } from './setup-terminal-step.tsx';
import { FacilitiesStep } from './setup-facilities-step.tsx';
import { AgentStep } from './setup-agent-step.tsx';
import { DevicesStep } from './setup-devices-step.tsx';
import { TestsStep } from './setup-tests-step.tsx';
import { PinsStep } from './setup-pins-step.tsx';
import { CentralStep } from './setup-central-step.tsx';

type Props = { bridge: Bridge; onDone(): void; onExit(): void };

/** First start on a fresh data dir: each step is saved in main as soon as it is done. */
export function SetupWizard(props: Props) {
  const [actions, setActions] = useState<SetupActions | null>(null);
  const [state, setState] = useState<SetupState | null>(null);
  const [step, setStep] = useState<Step>('terminal');
  const [error, setError] = useState<string | null>(null);
  // One setup session per wizard: a second `setup:begin` would end the first one's token, and
  // the parent's onExit is a new function on every render.
  // biome-ignore lint/correctness/useExhaustiveDependencies: begin once per bridge.
  useEffect(() => {
    void (async () => {
      const begun = await beginSetup(props.bridge);
      if (!begun.ok) return setError(errorText(begun));
      const session = setupActions({
        bridge: props.bridge,
        token: begun.value.token,
        onSessionLost: props.onExit,
      });
      setActions(session);
      const loaded = await session.state();
      if (loaded.ok) setState(loaded.value);
    })();
  }, [props.bridge]);
  if (error !== null || actions === null || state === null) {
    return (
      <div className="service" data-testid="setup-wizard">
        <p>{error ?? t('svc.loading')}</p>
        <button type="button" className="button" onClick={props.onExit}>
          {t('svc.exit')}
        </button>
      </div>
    );
  }
  const wizard: Wizard = {
    actions,
    state,
    next(saved) {
      if (saved) setState(saved);
      const index = steps.indexOf(step);
      const following = steps[index + 1];
      if (following === undefined) props.onDone();
      else setStep(following);
    },
  };
  return (
    <div className="service" data-testid="setup-wizard">
      <h1>{t('setup.title')}</h1>
      <h2 data-testid="setup-step">{titles[step]}</h2>
      {step === 'terminal' && <TerminalStep wizard={wizard} />}
      {step === 'facilities' && <FacilitiesStep wizard={wizard} />}
      {step === 'agent' && <AgentStep wizard={wizard} />}
      {step === 'devices' && <DevicesStep wizard={wizard} />}
      {step === 'tests' && <TestsStep wizard={wizard} />}
      {step === 'central' && <CentralStep wizard={wizard} />}
      {step === 'pins' && <PinsStep wizard={wizard} />}
    </div>
  );
}
