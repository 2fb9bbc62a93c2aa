import { FacilitySchema, type serviceCommands } from '../../common/contract.ts';
import { err, ok } from '../../common/result.ts';
import type { HandlersFor } from '../hosts/dispatch.ts';
import type { ServiceCore } from './service-core.ts';
import { markTest, missingSteps, readSetupState, setupKeys } from './setup-store.ts';

type Handlers = HandlersFor<typeof serviceCommands>;
type SetupChannels =
  | 'setup:state'
  | 'setup:enrol'
  | 'setup:facilities'
  | 'setup:saveFacilities'
  | 'setup:saveAgent'
  | 'setup:probePorts'
  | 'setup:saveDevices'
  | 'setup:finish'
  | 'setup:syncCentral'
  | 'device:testPrint'
  | 'device:testNote';

const setupOnly = ['setup'] as const;
const finishWaitMs = 5_000;

function delay(ms: number): Promise<undefined> {
  return new Promise((resolve) => setTimeout(() => resolve(undefined), ms).unref());
}
const setupOrOperator = ['setup', 'operator'] as const;

/** The first-start wizard: every step saves at once, so a restart resumes where it stopped. */
export function setupHandlers(core: ServiceCore): Pick<Handlers, SetupChannels> {
  const { deps, pins, sessions, guard } = core;
  const saved = () => {
    deps.onSetupChanged?.();
    return ok(readSetupState(deps.ledger));
  };
  return {
    'setup:state': guard('setup:state', setupOrOperator, () => ok(readSetupState(deps.ledger))),
    'setup:enrol': guard('setup:enrol', setupOnly, async ({ terminalId, code }) => {
      const enrolled = await deps.central.enrol(terminalId, code);
      if (!enrolled.ok) return err({ kind: 'enrol-failed', message: enrolled.error.message });
      deps.ledger.settings.set(
        setupKeys.terminal,
        { terminalId, enrolledAtMs: deps.now() },
        deps.now(),
      );
      return saved();
    }),
    'setup:facilities': guard('setup:facilities', setupOrOperator, async () => {
      const listed = await deps.central.facilities();
      if (!listed.ok) return err({ kind: 'unavailable', message: listed.error.message });
      // One odd row from central must not hide the whole list: it is left out and logged.
      const fitting = listed.value.filter((facility) => FacilitySchema.safeParse(facility).success);
      if (fitting.length < listed.value.length) {
        deps.log.warn({ dropped: listed.value.length - fitting.length }, 'facilities not shown');
      }
      return ok({ facilities: fitting.slice(0, 2_000) });
    }),
    'setup:saveFacilities': guard('setup:saveFacilities', setupOnly, ({ facilityIds }) => {
      deps.ledger.settings.set(setupKeys.facilities, [...new Set(facilityIds)], deps.now());
      return saved();
    }),
    'setup:saveAgent': guard('setup:saveAgent', setupOnly, ({ agent }) => {
      deps.ledger.settings.set(setupKeys.agent, agent, deps.now());
      return saved();
    }),
    'setup:probePorts': guard('setup:probePorts', setupOrOperator, async () => {
      const ports = await deps.devices.probePorts();
      return ok({ ports: [...ports].slice(0, 64) });
    }),
    'setup:saveDevices': guard('setup:saveDevices', setupOnly, ({ devices }) => {
      deps.ledger.settings.set(setupKeys.devices, devices, deps.now());
      return saved();
    }),
    'setup:finish': guard('setup:finish', setupOnly, async ({ operatorPin, collectorPin }) => {
      const state = readSetupState(deps.ledger);
      const missing = missingSteps(state);
      if (missing.length > 0) {
        return err({ kind: 'incomplete', message: `Steps left: ${missing.join(', ')}.` });
      }
      if (operatorPin === collectorPin) {
        return err({ kind: 'same-pins', message: 'Operator and collector need different PINs.' });
      }
      await pins.setPin('operator', operatorPin, deps.now());
      await pins.setPin('collector', collectorPin, deps.now());
      deps.ledger.settings.set(setupKeys.completed, { atMs: deps.now() }, deps.now());
      // Roster and configuration from the first minute, also for a wizard that skipped the
      // step below: a failure here does not undo the setup, it is retried in the background.
      // Bounded: a central that does not answer must not hold the operator at this screen.
      const data = await Promise.race([deps.central.refreshData(), delay(finishWaitMs)]);
      deps.log.info({ data: data ?? 'still fetching' }, 'central data at the end of setup');
      // The wizard's session ends here: from now on only a PIN opens service mode.
      sessions.close('logout');
      return saved();
    }),
    'setup:syncCentral': guard('setup:syncCentral', setupOrOperator, async () => {
      const data = await deps.central.refreshData();
      // Central decides which facilities a terminal's roster covers (issue-code's list).
      const covered = new Set(data.roster.facilityIds ?? []);
      const uncovered = readSetupState(deps.ledger).facilityIds.filter((id) => !covered.has(id));
      const missing = [
        ...(data.config.version === null ? [`configuration (${data.config.error ?? '?'})`] : []),
        ...(data.roster.generatedAtMs === null ? [`roster (${data.roster.error ?? '?'})`] : []),
        ...(data.roster.generatedAtMs !== null && uncovered.length > 0
          ? [`roster of ${uncovered.join(', ')} (central has not assigned them to this terminal)`]
          : []),
      ];
      if (missing.length > 0) {
        const message = `Not received from central: ${missing.join(', ')}.`;
        return err({ kind: 'central-data-missing', message: message.slice(0, 300) });
      }
      return ok(data);
    }),
    'device:testPrint': guard('device:testPrint', setupOrOperator, async () => {
      const printed = await deps.printer.print({
        widthColumns: 32,
        lines: [
          { kind: 'text', text: 'ТЕСТ ПЕЧАТИ', align: 'center', bold: true },
          { kind: 'text', text: 'АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ' },
          { kind: 'text', text: `${new Date(deps.now()).toISOString()}` },
          { kind: 'rule' },
          { kind: 'feed', lines: 2 },
        ],
      });
      if (!printed.ok)
        return err({ kind: printed.error.kind, message: `Printer: ${printed.error.kind}` });
      markTest(deps.ledger, 'testPrinted', deps.now());
      return ok({ done: true });
    }),
    'device:testNote': guard('device:testNote', setupOrOperator, async () => {
      if (deps.depositHoldsCash()) {
        return err({ kind: 'deposit-active', message: 'A payment is using the acceptor.' });
      }
      const tested = await deps.devices.testNote();
      if (!tested.ok) return err(tested.error);
      markTest(deps.ledger, 'testNoteDone', deps.now());
      return ok(tested.value);
    }),
  };
}
