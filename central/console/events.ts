/**
 * The console's live updates: one in-process bus; each open event stream (server-sent events)
 * subscribes with the terminals its user may see and hears only those.
 */
import type { ConsoleEvent } from '../../common/console-wire.ts';

export type Listener = (event: ConsoleEvent) => void;

export type EventBus = {
  publish(event: ConsoleEvent): void;
  subscribe(listener: Listener): () => void;
  size(): number;
};

export function createEventBus(): EventBus {
  const listeners = new Set<Listener>();
  return {
    publish(event) {
      for (const listener of listeners) {
        try {
          listener(event);
        } catch {
          // A broken stream must not stop the others; its own close handler unsubscribes it.
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    size: () => listeners.size,
  };
}
