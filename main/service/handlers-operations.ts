import path from 'node:path';
import { type serviceCommands, ServiceSettingsSchema } from '../../common/contract.ts';
import { kopecks } from '../../common/money.ts';
import { err, ok } from '../../common/result.ts';
import type { HandlersFor } from '../hosts/dispatch.ts';
import { collectionPreview, confirmCollection } from './collection-service.ts';
import { collectDiagnostics } from './diagnostics.ts';
import { exportToDirectory } from './journal-export.ts';
import { reprintReceipt, searchJournal } from './journal-service.ts';
import { readLogs } from './log-reader.ts';
import type { ServiceCore } from './service-core.ts';
import { diffSettings, readSettings, settingsKey, validateSettings } from './settings-service.ts';
import { readTerminalId } from './setup-store.ts';

type Handlers = HandlersFor<typeof serviceCommands>;
type OperationChannels =
  | 'settings:get'
  | 'settings:set'
  | 'diag:snapshot'
  | 'diag:logs'
  | 'diag:export'
  | 'collection:preview'
  | 'collection:confirm'
  | 'journal:search'
  | 'journal:reprint'
  | 'outbox:parked'
  | 'outbox:retry';

const operator = ['operator'] as const;
const collecting = ['operator', 'collector'] as const;

/** Folder name for an export: terminal and UTC time, filesystem-safe on FAT32 sticks. */
function exportFolderName(terminalId: string, nowMs: number): string {
  const stamp = new Date(nowMs)
    .toISOString()
    .replaceAll(':', '')
    .replace(/\.\d+Z$/, 'Z');
  return `kiosk-${terminalId.replace(/[^A-Za-z0-9-]/g, '_')}-${stamp}`;
}

/** Settings, diagnostics, collection, journal and outbox: the operator's daily work. */
export function operationHandlers(core: ServiceCore): Pick<Handlers, OperationChannels> {
  const { deps, guard } = core;
  return {
    'settings:get': guard('settings:get', operator, () => {
      const { settings, updatedAtMs, problem } = readSettings(deps.ledger);
      if (problem !== null) deps.log.warn({ problem }, 'stored settings invalid, using defaults');
      return ok({ settings, updatedAtMs, effective: deps.effectiveTerms() });
    }),
    'settings:set': guard('settings:set', operator, (args, session) => {
      const validated = validateSettings(args.settings);
      if (!validated.ok) return err(validated.error);
      const before = readSettings(deps.ledger).settings;
      const changes = diffSettings(before, validated.settings);
      deps.ledger.settings.set(settingsKey, validated.settings, deps.now());
      const applied = deps.applySettings(validated.settings);
      core.audit(`service:${session.role}`, 'settings:changed', {
        changes,
        restartRequired: applied.restartRequired,
      });
      return ok({
        settings: ServiceSettingsSchema.parse(validated.settings),
        restartRequired: [...applied.restartRequired].slice(0, 20),
      });
    }),
    // Polled every few seconds by the screen: a read, not an action worth an audit row.
    'diag:snapshot': guard(
      'diag:snapshot',
      operator,
      async () => ok(await collectDiagnostics(deps)),
      { audited: false },
    ),
    'diag:logs': guard('diag:logs', operator, (query) =>
      ok(readLogs(path.join(deps.dataDir, 'logs'), query)),
    ),
    'diag:export': guard('diag:export', operator, (args) => {
      const exported = exportToDirectory({
        targetDir: args.targetDir,
        folderName: exportFolderName(readTerminalId(deps.ledger) ?? 'kiosk', deps.now()),
        logDir: path.join(deps.dataDir, 'logs'),
        journalDump: deps.ledger.journalDump(),
        logs: args.logs,
        journal: args.journal,
      });
      return exported.ok ? ok(exported.value) : err(exported.error);
    }),
    'collection:preview': guard('collection:preview', collecting, () =>
      ok(collectionPreview(deps)),
    ),
    'collection:confirm': guard('collection:confirm', collecting, async (args, session) => {
      if (deps.depositHoldsCash()) {
        return err({ kind: 'deposit-active', message: 'A payment holds cash right now.' });
      }
      const role = session.role === 'collector' ? 'collector' : 'operator';
      const done = await confirmCollection(deps, {
        role,
        counted:
          args.counted?.map((row) => ({
            noteKopecks: kopecks(row.noteKopecks),
            count: row.count,
          })) ?? null,
        comment: args.comment,
      });
      if (!done.ok) return err(done.error);
      const { reportText: _paper, ...recorded } = done.value;
      core.audit(`service:${session.role}`, 'collection:recorded', recorded);
      return ok(done.value);
    }),
    'journal:search': guard('journal:search', operator, (query) => ok(searchJournal(deps, query))),
    'journal:reprint': guard('journal:reprint', operator, async ({ transferId }) => {
      const printed = await reprintReceipt(deps, transferId);
      return printed.ok ? ok({ done: true }) : err(printed.error);
    }),
    'outbox:parked': guard('outbox:parked', operator, () =>
      ok({ items: [...deps.outbox.parked()].slice(0, 200) }),
    ),
    'outbox:retry': guard('outbox:retry', operator, ({ transferId }) => {
      const retried = deps.outbox.retry(transferId);
      return retried.ok ? ok({ done: true }) : err(retried.error);
    }),
  };
}
