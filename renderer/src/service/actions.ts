import type { Channel, CommandArgs, ServiceSettings } from '../../../common/contract.ts';
import type { CommandErrorKind } from '../../../common/contract/errors.ts';
import { call, type Outcome } from '../bridge/call.ts';
import type { Bridge } from '../bridge/kiosk-bridge.ts';

/**
 * Service mode's calls to main: the only place its screens reach the bridge. Most commands
 * carry the session's token; the ones here add it, and a refusal that says the session is
 * gone sends service mode away (the operator walked off, or main ended it).
 */
export type TokenChannel = {
  [C in Channel]: CommandArgs<C> extends { token: string } ? C : never;
}[Channel];

export type ServiceChannel = TokenChannel | 'service:entry' | 'service:login' | 'setup:begin';
export type ServiceErrorKind = CommandErrorKind<ServiceChannel>;

type ArgsOf<C extends TokenChannel> = Omit<CommandArgs<C>, 'token'>;

export type SessionRef = { bridge: Bridge; token: string; onSessionLost(): void };

export function isSessionLost(kind: ServiceErrorKind): boolean {
  return kind === 'not-signed-in' || kind === 'session-expired';
}

function tokenCaller(session: SessionRef) {
  return async <C extends TokenChannel>(channel: C, args: ArgsOf<C>): Promise<Outcome<C>> => {
    const withToken = { ...args, token: session.token } as CommandArgs<C>;
    const outcome = await call(session.bridge, channel, withToken);
    if (!outcome.ok && isSessionLost(outcome.kind)) session.onSessionLost();
    return outcome;
  };
}

/** What an open operator or collector session can do. */
export function sessionActions(session: SessionRef) {
  const run = tokenCaller(session);
  return {
    touch: () => run('service:touch', {}),
    logout: () => run('service:logout', {}),
    diagnostics: () => run('diag:snapshot', {}),
    syncCentral: () => run('setup:syncCentral', {}),
    testPrint: () => run('device:testPrint', {}),
    collectionPreview: () => run('collection:preview', {}),
    confirmCollection: (args: ArgsOf<'collection:confirm'>) => run('collection:confirm', args),
    settings: () => run('settings:get', {}),
    saveSettings: (settings: ServiceSettings) => run('settings:set', { settings }),
    searchJournal: (args: ArgsOf<'journal:search'>) => run('journal:search', args),
    parkedTransfers: () => run('outbox:parked', {}),
    reprint: (transferId: string) => run('journal:reprint', { transferId }),
    retryTransfer: (transferId: string) => run('outbox:retry', { transferId }),
    logs: (args: ArgsOf<'diag:logs'>) => run('diag:logs', args),
    exportLogs: (targetDir: string) => run('diag:export', { targetDir }),
    fiscalPanel: () => run('fiscal:panel', {}),
    xReport: () => run('fiscal:xReport', {}),
    closeShift: () => run('fiscal:closeShift', {}),
    confirmOtherParty: (args: ArgsOf<'fiscal:confirmOtherParty'>) =>
      run('fiscal:confirmOtherParty', args),
  };
}
export type SessionActions = ReturnType<typeof sessionActions>;

/** The first-start wizard's steps, each saved in main as soon as it is done. */
export function setupActions(session: SessionRef) {
  const run = tokenCaller(session);
  return {
    state: () => run('setup:state', {}),
    enrol: (args: ArgsOf<'setup:enrol'>) => run('setup:enrol', args),
    facilities: () => run('setup:facilities', {}),
    saveFacilities: (facilityIds: string[]) => run('setup:saveFacilities', { facilityIds }),
    saveAgent: (agent: ArgsOf<'setup:saveAgent'>['agent']) => run('setup:saveAgent', { agent }),
    probePorts: () => run('setup:probePorts', {}),
    saveDevices: (devices: ArgsOf<'setup:saveDevices'>['devices']) =>
      run('setup:saveDevices', { devices }),
    testPrint: () => run('device:testPrint', {}),
    testNote: () => run('device:testNote', {}),
    finish: (args: ArgsOf<'setup:finish'>) => run('setup:finish', args),
    syncCentral: () => run('setup:syncCentral', {}),
  };
}
export type SetupActions = ReturnType<typeof setupActions>;

/** Whether service mode may open now, and whether a fresh kiosk needs the wizard. */
export function serviceEntry(bridge: Bridge): Promise<Outcome<'service:entry'>> {
  return call(bridge, 'service:entry', {});
}

export function serviceLogin(bridge: Bridge, pin: string): Promise<Outcome<'service:login'>> {
  return call(bridge, 'service:login', { pin });
}

export function beginSetup(bridge: Bridge): Promise<Outcome<'setup:begin'>> {
  return call(bridge, 'setup:begin', {});
}
