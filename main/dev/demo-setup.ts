import path from 'node:path';
import type { AgentDetails } from '../../common/contract.ts';
import { err, ok, type Result } from '../../common/result.ts';
import { type CentralServer, startCentral } from '../../central/server.ts';
import { createAccounts, DEFAULT_SESSION_LIMITS } from '../../central/console/accounts.ts';
import { createUserStore } from '../../central/console/store-users.ts';
import type { Ledger } from '../ledger/ledger.ts';
import type { Logger } from '../log.ts';
import { createPinStore } from '../service/pin-store.ts';
import { defaultSettings, settingsKey } from '../service/settings-service.ts';
import { readSetupState, setupKeys } from '../service/setup-store.ts';
import { enrolTerminal, type TerminalIdentity } from '../app/terminal-identity.ts';
import { writeOtherPartyConfirmation } from '../app/fiscal-other-party.ts';
import { createConfigStore, demoFiscal } from '../../central/terminal-config.ts';

/**
 * `npm start` without KIOSK_CENTRAL_URL: the reference central server runs inside the kiosk
 * process, and a fresh data directory is set up as a demo terminal (enrolled, facilities
 * chosen, agent details, PINs) so that a visitor can pay at once. KIOSK_DEMO_SETUP=0 leaves a
 * fresh kiosk to the first-start wizard instead (the wizard's own e2e test uses that).
 */
export const demoTerminalId = 'DEMO-0001';
export const demoPins = { operator: '2580', collector: '1379' } as const;
/** The embedded central's operator console login (README "Trying the demo"). */
export const demoConsoleUser = { login: 'demo', password: 'demo-console-8416' } as const;

const demoAgent: AgentDetails = {
  name: 'ООО «Демо Платёжный Агент»',
  address: '600000, г. Владимир, ул. Большая Московская, д. 1',
  inn: '3328012348',
  terminalAddress: 'г. Владимир, ул. Полины Осипенко, д. 51, холл бюро пропусков',
};

export async function startEmbeddedCentral(dataDir: string): Promise<CentralServer> {
  return startCentral({
    dataDir: path.join(dataDir, 'central'),
    port: 0,
    host: '127.0.0.1',
    demo: true,
    // The demo facility credits transfers a minute after they arrive.
    creditTimerMs: 60_000,
  });
}

/**
 * Console lines: the demo PINs for the demo terminal, or an enrolment code for a kiosk left to
 * the first-start wizard (KIOSK_DEMO_SETUP=0).
 */
export async function demoNotices(
  central: CentralServer,
  identity: { terminalId: string } | null,
  ledger: Ledger,
): Promise<string[]> {
  if (identity === null) {
    const terminalId = 'KIOSK-0001';
    const code = await central.issueEnrolmentCode(terminalId);
    return [`Enrolment code for terminal ${terminalId}: ${code}`];
  }
  const lines: string[] = [];
  if (await ensureDemoConsoleUser(central)) {
    lines.push(
      `Operator console: ${central.url}/console/ ` +
        `(login ${demoConsoleUser.login}, password ${demoConsoleUser.password})`,
    );
  }
  if (identity.terminalId !== demoTerminalId) return lines;
  const notice = await demoPinsNotice(ledger);
  return notice === null ? lines : [...lines, notice];
}

/**
 * The demo's console administrator, made on an embedded central that has no console user yet,
 * so /console/ works out of the box. True while its password is still the demo's (once it was
 * changed, nothing prints it).
 */
export async function ensureDemoConsoleUser(central: CentralServer): Promise<boolean> {
  const accounts = createAccounts(createUserStore(central.db), DEFAULT_SESSION_LIMITS);
  const nowMs = Date.now();
  const existing = await central.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM console_users');
  if ((existing?.n ?? 0) === 0) {
    const created = await accounts.createUser(
      {
        login: demoConsoleUser.login,
        displayName: 'Демо Оператор',
        email: null,
        role: 'administrator',
        scope: { all: true },
        password: demoConsoleUser.password,
      },
      nowMs,
    );
    if (!created.ok) return false;
    await accounts.audit({
      atMs: nowMs,
      userId: null,
      login: '(demo setup)',
      action: 'user-create',
      target: demoConsoleUser.login,
      detail: { role: 'administrator', scope: { all: true } },
      ip: 'local',
    });
  }
  const login = await accounts.checkLogin(
    { login: demoConsoleUser.login, password: demoConsoleUser.password },
    nowMs,
  );
  return login.ok;
}

/** Facilities of one region with the most of them: a realistic set for one lobby kiosk. */
async function demoFacilityIds(central: CentralServer): Promise<string[]> {
  const rows = await central.db.all<{ id: string }>(
    `SELECT id FROM facilities WHERE region_code = (
       SELECT region_code FROM facilities WHERE active = 1
       GROUP BY region_code ORDER BY COUNT(*) DESC, region_code LIMIT 1)
     AND active = 1 ORDER BY type, number LIMIT 8`,
  );
  return rows.map((row) => String(row.id));
}

export async function provisionDemoTerminal(deps: {
  ledger: Ledger;
  central: CentralServer;
  dataDir: string;
  /** KIOSK_FISCAL: with `none`, the demo's central names another party, confirmed here. */
  fiscal: string;
  now: () => number;
  log: Logger;
}): Promise<Result<TerminalIdentity, { kind: string; message: string }>> {
  // The demo setup is for a fresh data directory only: a kiosk whose PINs were chosen (it lost
  // its terminal key, say) is re-enrolled from service mode and keeps its PINs.
  if (createPinStore(deps.ledger).isSetUp() || readSetupState(deps.ledger).complete) {
    return err({ kind: 'already-set-up', message: 'this kiosk is set up: no demo setup' });
  }
  const facilityIds = await demoFacilityIds(deps.central);
  if (facilityIds.length === 0) return err({ kind: 'demo', message: 'central has no facilities' });
  const code = await deps.central.issueEnrolmentCode(demoTerminalId, facilityIds);
  const enrolled = await enrolTerminal({
    dataDir: deps.dataDir,
    centralUrl: deps.central.url,
    terminalId: demoTerminalId,
    code,
    now: deps.now,
  });
  if (!enrolled.ok) return enrolled;
  const atMs = deps.now();
  const { settings } = deps.ledger;
  settings.set(
    setupKeys.terminal,
    { terminalId: demoTerminalId, enrolledAtMs: enrolled.value.enrolledAtMs },
    atMs,
  );
  settings.set(setupKeys.facilities, facilityIds, atMs);
  settings.set(setupKeys.agent, demoAgent, atMs);
  settings.set(
    settingsKey,
    { ...defaultSettings(), commissionBasisPoints: 150, commissionMinKopecks: 3_000 },
    atMs,
  );
  const pins = createPinStore(deps.ledger);
  await pins.setPin('operator', demoPins.operator, atMs);
  await pins.setPin('collector', demoPins.collector, atMs);
  settings.set(setupKeys.tests, { testPrinted: true, testNoteDone: true }, atMs);
  if (deps.fiscal === 'none') {
    const confirmed = await demoOtherParty(deps.central, atMs);
    if (!confirmed.ok) return confirmed;
    // As an operator would in service mode: the demo sets it the way it sets the PINs.
    writeOtherPartyConfirmation(
      deps.ledger,
      { fiscalizedBy: confirmed.value, atMs, role: 'demo-setup' },
      atMs,
    );
  }
  settings.set(setupKeys.completed, { atMs }, atMs);
  deps.ledger.audit.append({
    atMs,
    actor: 'system',
    action: 'demo-setup',
    detail: { facilityIds },
  });
  deps.log.info({ terminalId: demoTerminalId, facilityIds }, 'demo terminal set up');
  return ok(enrolled.value);
}

/** The demo party that fiscalises a KIOSK_FISCAL=none demo's payments. */
export const demoFiscalParty = 'ООО «Демо Фискальный Агент»';

/** A KIOSK_FISCAL=none demo: its central says another party fiscalises, and names it. */
async function demoOtherParty(
  central: CentralServer,
  atMs: number,
): Promise<Result<string, { kind: string; message: string }>> {
  const configs = createConfigStore(central.db, central.rosterPublicKeyPem, () => central.url);
  const fiscal = { ...demoFiscal(demoTerminalId), mode: 'other-party' as const };
  const changed = await configs.change(
    demoTerminalId,
    { fiscal: { ...fiscal, fiscalizedBy: demoFiscalParty } },
    atMs,
  );
  return changed.ok
    ? ok(demoFiscalParty)
    : err({ kind: 'demo', message: `central refused the fiscal block: ${changed.error.message}` });
}

/**
 * The console line with the demo PINs, only for the roles whose PIN is still the demo's: once
 * the operator chose a PIN, nothing prints it (and the demo's constant tells nothing).
 */
export async function demoPinsNotice(ledger: Ledger): Promise<string | null> {
  const pins = createPinStore(ledger);
  const still: string[] = [];
  for (const role of ['operator', 'collector'] as const) {
    if (await pins.isPinOf(role, demoPins[role])) still.push(`${role} ${demoPins[role]}`);
  }
  return still.length === 0 ? null : `Demo service PINs: ${still.join(', ')}`;
}
