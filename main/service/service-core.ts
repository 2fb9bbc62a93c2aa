import { existsSync } from 'node:fs';
import path from 'node:path';
import type { IpcError, ServiceRole } from '../../common/contract.ts';
import { err, type Result } from '../../common/result.ts';
import type { ServiceDeps } from './deps.ts';
import { createPinStore, type PinStore } from './pin-store.ts';
import {
  createSessionManager,
  type ServiceSession,
  type SessionManager,
} from './service-sessions.ts';
import { readSettings } from './settings-service.ts';

/** Shared by the handler groups: deps, PINs, the session, and the audited role guard. */
export type ServiceCore = {
  deps: ServiceDeps;
  pins: PinStore;
  sessions: SessionManager;
  audit(actor: string, action: string, detail: unknown): void;
  guard<A extends { token: string }, R>(
    action: string,
    roles: readonly ServiceRole[],
    run: (args: A, session: ServiceSession) => Promise<Result<R, IpcError>> | Result<R, IpcError>,
    options?: { audited: boolean },
  ): (args: A) => Promise<Result<R, IpcError>>;
  keyPresent(): boolean;
};

/** Secrets never reach the audit log. */
const secretKeys = new Set(['token', 'pin', 'operatorPin', 'collectorPin', 'code']);

export function auditDetail(args: unknown): unknown {
  if (typeof args !== 'object' || args === null) return args ?? null;
  const kept = Object.fromEntries(Object.entries(args).filter(([key]) => !secretKeys.has(key)));
  const json = JSON.stringify(kept);
  return json.length <= 1_500 ? kept : { truncated: json.slice(0, 1_500) };
}

export function actorOf(role: ServiceRole): string {
  return `service:${role}`;
}

export function createServiceCore(deps: ServiceDeps): ServiceCore {
  const audit = (actor: string, action: string, detail: unknown) => {
    deps.ledger.audit.append({ atMs: deps.now(), actor, action, detail });
  };
  const sessions = createSessionManager({
    now: deps.now,
    onExpired: (session) => {
      audit(actorOf(session.role), 'service:timeout', { openedAtMs: session.openedAtMs });
      deps.emit('service:ended', { reason: 'timeout' });
    },
  });
  // Commands do not push the idle deadline: a screen that polls would keep service mode open
  // forever. Only the operator's touches do ('service:touch').
  const guard: ServiceCore['guard'] = (action, roles, run, options) => async (args) => {
    const checked = sessions.check(args.token);
    if (checked.kind !== 'ok') {
      return err({
        kind: checked.kind === 'expired' ? 'session-expired' : 'not-signed-in',
        message: 'Service session is not open: sign in with a PIN.',
      });
    }
    const { session } = checked;
    const actor = actorOf(session.role);
    if (!roles.includes(session.role)) {
      audit(actor, 'service:denied', { action });
      return err({ kind: 'forbidden', message: `The ${session.role} role cannot do this.` });
    }
    const result = await run(args, session);
    if (options?.audited === false) return result;
    audit(actor, action, {
      args: auditDetail(args),
      result: result.ok ? 'ok' : result.error.kind,
    });
    return result;
  };
  const keyPresent = () => {
    const { settings } = readSettings(deps.ledger);
    const places = [path.join(deps.dataDir, 'service.key')];
    if (settings.serviceKeyDir !== null)
      places.push(path.join(settings.serviceKeyDir, 'service.key'));
    return places.some((place) => existsSync(place));
  };
  return { deps, pins: createPinStore(deps.ledger), sessions, audit, guard, keyPresent };
}
