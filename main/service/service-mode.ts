import type { serviceCommands } from '../../common/contract.ts';
import type { HandlersFor } from '../hosts/dispatch.ts';
import type { ServiceDeps } from './deps.ts';
import { entryHandlers } from './handlers-entry.ts';
import { fiscalHandlers } from './handlers-fiscal.ts';
import { operationHandlers } from './handlers-operations.ts';
import { setupHandlers } from './handlers-setup.ts';
import { createServiceCore } from './service-core.ts';
import { createTimerLoop } from '../sync/timer-loop.ts';

export type ServiceHandlers = HandlersFor<typeof serviceCommands>;

export type ServiceMode = {
  handlers: ServiceHandlers;
  /** A service session is open: the payer flow must refuse `deposit:start` ('service-mode'). */
  isActive(): boolean;
  /** PINs exist (the wizard finished). Until then the kiosk should not take payments. */
  isSetUp(): boolean;
  /** Watches for a service key file; emits 'service:keyDetected' when one appears. */
  startKeyWatch(intervalMs?: number): () => void;
  dispose(): void;
};

/** Service mode: everything behind the hidden gesture or the service key + PIN. */
export function createServiceMode(deps: ServiceDeps): ServiceMode {
  const core = createServiceCore(deps);
  const handlers: ServiceHandlers = {
    ...entryHandlers(core),
    ...setupHandlers(core),
    ...operationHandlers(core),
    ...fiscalHandlers(core),
  };
  return {
    handlers,
    isActive: () => core.sessions.isActive(),
    isSetUp: () => core.pins.isSetUp(),
    startKeyWatch(intervalMs = 2_000) {
      let present = core.keyPresent();
      const loop = createTimerLoop({
        run: async () => {
          const now = core.keyPresent();
          if (now && !present) deps.emitKeyDetected?.({ atMs: deps.now() });
          present = now;
        },
        intervalMs,
        onError: (error) => deps.log.warn({ err: error }, 'service key watch failed'),
      });
      loop.start();
      return () => void loop.stop();
    },
    dispose: () => core.sessions.dispose(),
  };
}

/** The handlers alone, for `createDispatcher(commands, { …, ...createServiceHandlers(deps) })`. */
export function createServiceHandlers(deps: ServiceDeps): ServiceHandlers {
  return createServiceMode(deps).handlers;
}
