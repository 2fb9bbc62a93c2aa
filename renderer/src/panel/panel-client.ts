import { useEffect, useMemo, useState } from 'react';
import {
  type EmulatorSnapshot,
  EmulatorSnapshotSchema,
  type PanelChannel,
  panelCommands,
} from '../../../common/contract.ts';
import { type ConnectionState, createWsClient, wsUrlFromPage } from '../bridge/ws-client.ts';

/** Runs one panel command; every argument and every snapshot is checked against the contract. */
export type RunCommand = (channel: PanelChannel, args?: Record<string, unknown>) => Promise<void>;

export type PanelConnection = {
  connection: ConnectionState;
  snapshot: EmulatorSnapshot | null;
  lastError: string | null;
  run: RunCommand;
};

/** The panel's WebSocket (/panel-ws), its live snapshot (emulator:changed) and commands. */
export function usePanelConnection(): PanelConnection {
  const client = useMemo(
    () => createWsClient({ url: wsUrlFromPage(window.location, '/panel-ws') }),
    [],
  );
  const [connection, setConnection] = useState<ConnectionState>(client.state());
  const [snapshot, setSnapshot] = useState<EmulatorSnapshot | null>(null);
  const [lastError, setLastError] = useState<string | null>(null);

  const refresh = async () => {
    const result = await client.call('emulator:snapshot', {});
    if (!result.ok) {
      setLastError(`${result.error.kind}: ${result.error.message}`);
      return;
    }
    const parsed = EmulatorSnapshotSchema.safeParse(result.value);
    if (parsed.success) setSnapshot(parsed.data);
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: `refresh` only uses the client.
  useEffect(() => {
    const offs = [
      client.on('emulator:changed', (value) => {
        const parsed = EmulatorSnapshotSchema.safeParse(value);
        if (parsed.success) setSnapshot(parsed.data);
      }),
      client.onConnection((state) => {
        setConnection(state);
        if (state === 'open') void refresh();
      }),
    ];
    return () => {
      for (const off of offs) off();
    };
  }, [client]);

  const run: RunCommand = async (channel, args = {}) => {
    const parsedArgs = panelCommands[channel].args.safeParse(args);
    if (!parsedArgs.success) {
      setLastError(`${channel}: bad arguments`);
      return;
    }
    const result = await client.call(channel, parsedArgs.data);
    setLastError(result.ok ? null : `${channel} → ${result.error.kind}: ${result.error.message}`);
    await refresh();
  };

  return { connection, snapshot, lastError, run };
}
