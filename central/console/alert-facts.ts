/**
 * The numbers behind an alert's detail, stored beside its English text (migration 200) so the
 * console says it in its reader's language («Нет связи дольше 10 мин»). The English detail
 * stays for the webhook, the e-mail and an older console.
 */
import type { AlertKind, AlertRules, FleetRow } from '../../common/console-wire.ts';

export type AlertFacts = Record<string, string | number>;

export function alertFacts(kind: AlertKind, row: FleetRow, rules: AlertRules): AlertFacts {
  switch (kind) {
    case 'offline':
      // Whole minutes keep the wording alerts had before the rule took seconds.
      return rules.offlineSeconds % 60 === 0
        ? { minutes: rules.offlineSeconds / 60 }
        : { seconds: rules.offlineSeconds };
    case 'cassette-near-full':
      return { notes: row.cassetteNoteCount ?? 0, capacity: rules.cassetteCapacityNotes };
    case 'paper-out':
    case 'paper-near-end':
      return {};
    case 'device-fault': {
      const facts: AlertFacts = {};
      if (row.billAcceptor.health === 'fault') facts.billAcceptor = row.billAcceptor.code;
      if (row.printer.health === 'fault') facts.printer = row.printer.code;
      return facts;
    }
    case 'outbox-stale':
      return {
        count: row.outboxCount ?? 0,
        minutes: Math.floor((row.outboxOldestAgeMs ?? 0) / 60_000),
      };
  }
}
