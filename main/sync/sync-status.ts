import type { DeviceState } from '../../common/contract.ts';
import type { ClockSkew } from './kiosk-clock.ts';
import type { OutboxSenderStatus } from './outbox-sender.ts';
import type { RosterStatus } from './roster-cache.ts';

export type SyncSnapshot = {
  outbox: OutboxSenderStatus;
  skew: ClockSkew;
  roster: RosterStatus;
};

const minutes = (ms: number) => Math.max(1, Math.round(ms / 60_000));

/**
 * The 'central' line of the operator's status screen. Never 'fault': the kiosk keeps taking
 * payments offline (transfers wait in the outbox), so losing central is a warning for the
 * operator, not a reason to turn payers away. The most urgent condition is shown first; a
 * clock off by minutes comes before "unreachable" because it is often its cause (central
 * refuses signatures more than 5 minutes off).
 */
export function centralDeviceState(snapshot: SyncSnapshot): Omit<DeviceState, 'sinceMs'> {
  const { outbox, skew, roster } = snapshot;
  const base = { adapter: 'http' };
  if (outbox.parkedCount > 0) {
    return {
      ...base,
      health: 'warning',
      code: 'outbox-parked',
      detail:
        `Центр отклонил переводов: ${outbox.parkedCount}. Они сохранены и не отправляются ` +
        'повторно — нужна проверка оператором.',
    };
  }
  if (skew.large && skew.skewMs !== null) {
    const direction = skew.skewMs > 0 ? 'отстают от' : 'спешат относительно';
    return {
      ...base,
      health: 'warning',
      code: 'clock-skew',
      detail: `Часы киоска ${direction} центра на ${Math.round(Math.abs(skew.skewMs) / 1000)} с.`,
    };
  }
  // Not "held": a short jittered backoff may already be over while central is still down.
  const unreachable = outbox.breaker !== 'closed' || outbox.centralAnswered === false;
  if (unreachable) {
    const backlog =
      outbox.pendingCount === 0
        ? 'неотправленных переводов нет'
        : `неотправленных переводов: ${outbox.pendingCount}, старейший ` +
          `${minutes(outbox.oldestPendingAgeMs ?? 0)} мин`;
    return {
      ...base,
      health: 'warning',
      code: 'central-unreachable',
      detail: `Нет связи с центром (${outbox.lastError ?? 'нет ответа'}); ${backlog}.`.slice(
        0,
        500,
      ),
    };
  }
  const rosterAge =
    roster.ageMs === null
      ? 'офлайн-список не загружен'
      : `офлайн-список: ${minutes(roster.ageMs)} мин`;
  return {
    ...base,
    health: 'ok',
    code: outbox.pendingCount > 0 ? 'sending' : 'online',
    detail: `На связи; в очереди ${outbox.pendingCount}; ${rosterAge}.`,
  };
}

/** The outbox block of the service-mode diagnostics (common/contract/service.ts). */
export function outboxDiagnostics(outbox: OutboxSenderStatus, nowMs: number) {
  return {
    depth: outbox.pendingCount + outbox.parkedCount,
    oldestCreatedAtMs:
      outbox.oldestPendingAgeMs === null ? null : nowMs - outbox.oldestPendingAgeMs,
    parked: outbox.parkedCount,
  };
}
