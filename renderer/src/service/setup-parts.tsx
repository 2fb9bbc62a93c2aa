import { useState } from 'react';
import type { SetupState } from '../../../common/contract.ts';
import { t } from '../i18n/operator.ts';
import type { SetupActions } from './actions.ts';

export type Step = 'terminal' | 'facilities' | 'agent' | 'devices' | 'tests' | 'central' | 'pins';

export const steps: readonly Step[] = [
  'terminal',
  'facilities',
  'agent',
  'devices',
  'tests',
  'central',
  'pins',
];

export const titles: Record<Step, string> = {
  terminal: t('setup.step.terminal'),
  facilities: t('setup.step.facilities'),
  agent: t('setup.step.agent'),
  devices: t('setup.step.devices'),
  tests: t('setup.step.tests'),
  central: t('setup.step.central'),
  pins: t('setup.step.pins'),
};

export type Wizard = { actions: SetupActions; state: SetupState; next(state?: SetupState): void };

export function useError() {
  return useState<string | null>(null);
}

export function ErrorLine(props: { text: string | null }) {
  return props.text ? (
    <p className="notice notice-error" role="alert" data-testid="setup-error">
      {props.text}
    </p>
  ) : null;
}

export function NextButton(props: { onClick(): void; label?: string; disabled?: boolean }) {
  return (
    <button
      type="button"
      className="button button-primary"
      data-testid="setup-next"
      disabled={props.disabled}
      onClick={props.onClick}
    >
      {props.label ?? t('setup.next')}
    </button>
  );
}
