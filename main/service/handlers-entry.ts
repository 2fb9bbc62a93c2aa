import type { serviceCommands } from '../../common/contract.ts';
import { err, ok } from '../../common/result.ts';
import type { HandlersFor } from '../hosts/dispatch.ts';
import { actorOf, type ServiceCore } from './service-core.ts';
import type { ServiceSession } from './service-sessions.ts';
import { readSettings } from './settings-service.ts';
import { readSetupState } from './setup-store.ts';

type Handlers = HandlersFor<typeof serviceCommands>;
type EntryChannels =
  | 'service:entry'
  | 'service:login'
  | 'service:logout'
  | 'service:touch'
  | 'service:setPin'
  | 'service:audit'
  | 'setup:begin';

const sessionView = (session: ServiceSession) => ({
  token: session.token,
  role: session.role,
  idleTimeoutMs: session.idleTimeoutMs,
  idleDeadlineMs: session.idleDeadlineMs,
});

const depositActive = () =>
  err({
    kind: 'deposit-active',
    message: 'A payment holds cash right now: service mode opens after it is finished.',
  });

/** PIN entry, the session's life, PIN changes and the audit list. */
export function entryHandlers(core: ServiceCore): Pick<Handlers, EntryChannels> {
  const { deps, pins, sessions, audit, guard } = core;
  return {
    'service:entry': () => {
      const lockout = pins.lockout();
      return ok({
        setupRequired: !pins.isSetUp(),
        keyPresent: core.keyPresent(),
        lockedUntilMs: lockout.lockedUntilMs > deps.now() ? lockout.lockedUntilMs : null,
        available: !deps.depositHoldsCash(),
      });
    },
    'service:login': async ({ pin }, context) => {
      if (deps.depositHoldsCash()) {
        audit('service:pad', 'service:refused', {
          reason: 'deposit-active',
          client: context.client,
        });
        return depositActive();
      }
      const outcome = await pins.check(pin, deps.now());
      switch (outcome.kind) {
        case 'setup-required':
          return err({ kind: 'setup-required', message: 'Run the first-start wizard first.' });
        case 'unreadable':
          deps.log.error('stored service PINs do not parse: service mode is closed');
          return err({
            kind: 'pins-unreadable',
            message: 'Stored PINs are damaged: call support.',
          });
        case 'busy':
          return err({
            kind: 'busy',
            message: 'Another PIN is being checked: try again in a moment.',
          });
        case 'locked':
          audit('service:pad', 'service:locked', { lockedUntilMs: outcome.lockedUntilMs });
          return err({
            kind: 'locked',
            message: `Too many wrong PINs: locked until ${new Date(outcome.lockedUntilMs).toISOString()}.`,
          });
        case 'wrong-pin':
          audit('service:pad', 'service:wrong-pin', {
            triesLeft: outcome.triesLeft,
            lockedUntilMs: outcome.lockedUntilMs,
          });
          return err({
            kind: outcome.lockedUntilMs === null ? 'wrong-pin' : 'locked',
            message:
              outcome.lockedUntilMs === null
                ? `Wrong PIN: ${outcome.triesLeft} tries before the pad locks.`
                : `Wrong PIN: locked until ${new Date(outcome.lockedUntilMs).toISOString()}.`,
          });
        case 'ok': {
          const { settings } = readSettings(deps.ledger);
          const session = sessions.open(outcome.role, settings.serviceIdleTimeoutMs);
          audit(actorOf(outcome.role), 'service:login', { client: context.client });
          return ok(sessionView(session));
        }
      }
    },
    'service:logout': guard('service:logout', ['operator', 'collector', 'setup'], () => {
      sessions.close('logout');
      return ok({ done: true });
    }),
    'service:touch': ({ token }) => {
      const session = sessions.touch(token);
      if (session === null) return err({ kind: 'not-signed-in', message: 'Session ended.' });
      return ok({ idleDeadlineMs: session.idleDeadlineMs });
    },
    'service:setPin': guard('service:setPin', ['operator'], async ({ role, pin }) => {
      if (await pins.matchesOther(role, pin)) {
        return err({ kind: 'same-pins', message: 'Operator and collector need different PINs.' });
      }
      await pins.setPin(role, pin, deps.now());
      return ok({ done: true });
    }),
    'service:audit': guard('service:audit', ['operator'], ({ beforeId }) => {
      const entries = deps.ledger.audit.list(100, beforeId ?? undefined).map((entry) => ({
        id: entry.id,
        atMs: entry.atMs,
        actor: entry.actor,
        action: entry.action,
        detail: JSON.stringify(entry.detail).slice(0, 2_000),
      }));
      return ok({ entries });
    }),
    'setup:begin': (_args, context) => {
      if (pins.isSetUp() || readSetupState(deps.ledger).complete) {
        return err({
          kind: 'already-set-up',
          message: 'This kiosk is set up: sign in with a PIN.',
        });
      }
      if (deps.depositHoldsCash()) return depositActive();
      const { settings } = readSettings(deps.ledger);
      const session = sessions.open('setup', settings.serviceIdleTimeoutMs);
      audit(actorOf('setup'), 'setup:begin', { client: context.client });
      return ok(sessionView(session));
    },
  };
}
