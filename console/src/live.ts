/**
 * Live updates: one EventSource on /v1/console/events for the whole page. A page subscribes to
 * the event types it shows and reads its data again when one arrives (debounced, so a burst of
 * heartbeats is one reload).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { CONSOLE_EVENTS } from '../../common/console-wire.ts';
import type { ApiProblem } from './api.ts';
import type { Result } from '../../common/result.ts';

type EventType = (typeof CONSOLE_EVENTS)[number];
type Listener = (type: EventType, terminalId: string) => void;

const listeners = new Set<Listener>();
let source: EventSource | null = null;

export function startLive(onSessionEnded: () => void): () => void {
  source?.close();
  const opened = new EventSource('/v1/console/events');
  source = opened;
  for (const type of CONSOLE_EVENTS) {
    opened.addEventListener(type, (event) => {
      let terminalId = '';
      try {
        const data = JSON.parse((event as MessageEvent<string>).data) as { terminalId?: unknown };
        terminalId = typeof data.terminalId === 'string' ? data.terminalId : '';
      } catch {
        return;
      }
      for (const listener of listeners) listener(type, terminalId);
    });
  }
  opened.addEventListener('session-ended', () => {
    opened.close();
    onSessionEnded();
  });
  return () => {
    opened.close();
    if (source === opened) source = null;
  };
}

export type Loaded<T> = {
  data: T | null;
  problem: ApiProblem | null;
  reload: () => void;
};

const RELOAD_DEBOUNCE_MS = 300;

/** Loads with `load`, again when `keys` change and when a live event of `on` arrives. */
export function useLoad<T>(
  load: () => Promise<Result<T, ApiProblem>>,
  keys: readonly unknown[],
  on: readonly EventType[] = [],
  onlyTerminal: string | null = null,
): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const loadRef = useRef(load);
  loadRef.current = load;
  const run = useCallback(() => {
    void loadRef.current().then((result) => {
      if (result.ok) {
        setData(result.value);
        setProblem(null);
      } else {
        setProblem(result.error);
      }
    });
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reload when the caller's keys change
  useEffect(run, keys);
  const types = on.join(',');
  useEffect(() => {
    if (types === '') return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const listener: Listener = (type, terminalId) => {
      if (!types.split(',').includes(type)) return;
      if (onlyTerminal !== null && terminalId !== onlyTerminal) return;
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(run, RELOAD_DEBOUNCE_MS);
    };
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (timer !== null) clearTimeout(timer);
    };
  }, [types, onlyTerminal, run]);
  return { data, problem, reload: run };
}
