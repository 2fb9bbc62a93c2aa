import { z } from 'zod';
import {
  type AgentDetails,
  AgentDetailsSchema,
  type DeviceChoice,
  DeviceChoiceSchema,
  type SetupState,
} from '../../common/contract.ts';
import type { ServiceLedger } from './deps.ts';

/** First-start wizard results, one setting per step, so a restart mid-wizard keeps them. */
export const setupKeys = {
  terminal: 'setup.terminal',
  facilities: 'setup.facilities',
  agent: 'setup.agent',
  devices: 'setup.devices',
  tests: 'setup.tests',
  completed: 'setup.completed',
} as const;

const TerminalSchema = z.object({
  terminalId: z.string().min(1).max(64),
  enrolledAtMs: z.number().int(),
});
const FacilitiesSchema = z.array(z.string().min(1).max(64)).max(200);
const TestsSchema = z.object({ testPrinted: z.boolean(), testNoteDone: z.boolean() });
const CompletedSchema = z.object({ atMs: z.number().int() });

function value<S extends z.ZodType>(
  ledger: ServiceLedger,
  key: string,
  schema: S,
): z.output<S> | null {
  const found = ledger.settings.get(key, schema);
  return found.ok ? found.value : null;
}

/** The agent's legal details for receipts (null until the wizard saved them). */
export function readAgentDetails(ledger: ServiceLedger): AgentDetails | null {
  return value(ledger, setupKeys.agent, AgentDetailsSchema);
}

export function readTerminalId(ledger: ServiceLedger): string | null {
  return value(ledger, setupKeys.terminal, TerminalSchema)?.terminalId ?? null;
}

export function readFacilityIds(ledger: ServiceLedger): readonly string[] {
  return value(ledger, setupKeys.facilities, FacilitiesSchema) ?? [];
}

/** Ports chosen in the wizard; they take effect on the next start. */
export function readDeviceChoice(ledger: ServiceLedger): DeviceChoice | null {
  return value(ledger, setupKeys.devices, DeviceChoiceSchema);
}

export function readSetupState(ledger: ServiceLedger): SetupState {
  const terminal = value(ledger, setupKeys.terminal, TerminalSchema);
  const tests = value(ledger, setupKeys.tests, TestsSchema) ?? {
    testPrinted: false,
    testNoteDone: false,
  };
  return {
    terminalId: terminal?.terminalId ?? null,
    enrolled: terminal !== null,
    facilityIds: [...readFacilityIds(ledger)],
    agent: readAgentDetails(ledger),
    devices: readDeviceChoice(ledger),
    ...tests,
    complete: value(ledger, setupKeys.completed, CompletedSchema) !== null,
  };
}

export function markTest(
  ledger: ServiceLedger,
  which: 'testPrinted' | 'testNoteDone',
  atMs: number,
): void {
  const state = readSetupState(ledger);
  ledger.settings.set(
    setupKeys.tests,
    { testPrinted: state.testPrinted, testNoteDone: state.testNoteDone, [which]: true },
    atMs,
  );
}

/** Steps still missing before PINs may be set (tests are recorded, not required). */
export function missingSteps(state: SetupState): string[] {
  const missing: string[] = [];
  if (!state.enrolled) missing.push('terminal');
  if (state.facilityIds.length === 0) missing.push('facilities');
  if (state.agent === null) missing.push('agent');
  if (state.devices === null) missing.push('devices');
  return missing;
}
