import type { EmulatorSnapshot, IpcError } from '../../common/contract.ts';
import type { panelCommands } from '../../common/contract.ts';
import { kopecks } from '../../common/money.ts';
import { err, ok, type Result } from '../../common/result.ts';
import type { CcnetEmulator } from '../../emulators/ccnet/emulator.ts';
import type { EscposEmulator } from '../../emulators/escpos/emulator.ts';
import type { ShtrihEmulator } from '../../emulators/shtrih/emulator.ts';
import { renderReceiptPng } from '../../emulators/escpos/render-png.ts';
import { renderReceiptText } from '../../emulators/escpos/render-text.ts';
import type { HandlersFor } from '../hosts/dispatch.ts';
import type { EventSource } from '../hosts/headless.ts';
import { createFiscalPanel } from './fiscal-panel.ts';

/**
 * The emulator panel: a person (or an e2e test) inserts notes, jams the acceptor, pulls the
 * cassette, takes the paper out, and sees each printed receipt as its paper strip.
 */
export type PanelHandlers = HandlersFor<typeof panelCommands>;

const receiptsShownMax = 20;
const logLinesMax = 50;

export type Panel = {
  handlers: PanelHandlers;
  snapshot(): EmulatorSnapshot;
  onDidChange(listener: () => void): () => void;
};

export function createPanel(deps: {
  acceptor: CcnetEmulator | null;
  printer: EscposEmulator | null;
  fiscal: ShtrihEmulator | null;
  /** As the driver read it from the device (GET BILL TABLE). */
  billTable(): readonly { billType: number; noteKopecks: number }[];
  /** Test control: fire the payer idle timers now. */
  expireIdle(): Promise<void>;
}): Panel {
  const log: string[] = [];
  const pngCache = new Map<number, string>();
  const listeners = new Set<() => void>();
  const changed = () => {
    for (const listener of listeners) listener();
  };
  deps.acceptor?.onDidChange((change) => {
    if (change.kind === 'note') {
      const rubles = change.event.noteKopecks / 100;
      const reason = change.event.reason ? ` (${change.event.reason})` : '';
      log.push(
        `${new Date().toLocaleTimeString('ru-RU')} ${rubles} ₽ ${change.event.kind}${reason}`,
      );
      if (log.length > logLinesMax) log.shift();
    }
    changed();
  });
  deps.printer?.onDidPrint(() => changed());
  const fiscal = deps.fiscal === null ? null : createFiscalPanel(deps.fiscal);
  deps.fiscal?.onDidChange((change) => {
    if (change.kind !== 'link') changed();
  });

  const withAcceptor = (
    action: (emulator: CcnetEmulator) => void,
  ): Result<{ done: boolean }, IpcError> => {
    if (deps.acceptor === null)
      return err({ kind: 'no-emulator', message: 'The acceptor is real hardware.' });
    action(deps.acceptor);
    changed();
    return ok({ done: true });
  };

  const snapshot = (): EmulatorSnapshot => {
    const acceptor = deps.acceptor?.snapshot() ?? null;
    const counts = new Map<number, number>();
    for (const note of acceptor?.cassette.notes ?? []) {
      counts.set(note.noteKopecks, (counts.get(note.noteKopecks) ?? 0) + 1);
    }
    const state = deps.printer?.state() ?? { paper: 'ok', coverOpen: false, offline: true };
    const receipts = (deps.printer?.receipts() ?? []).slice(-receiptsShownMax).reverse();
    return {
      acceptor: {
        state: acceptor?.phase ?? 'hardware',
        enabled: (acceptor?.enabledBillTypesMask ?? []).some((byte) => byte !== 0),
        cassettePresent: acceptor?.cassetteIn ?? true,
        jammed: acceptor?.phase === 'jam',
        billTable: deps.billTable().map(({ billType, noteKopecks }) => ({
          billType,
          noteKopecks,
        })),
        cassette: {
          notes: [...counts.entries()]
            .sort(([a], [b]) => a - b)
            .map(([noteKopecks, count]) => ({ noteKopecks, count })),
          totalKopecks: acceptor?.cassette.totalKopecks ?? 0,
          count: acceptor?.cassette.notes.length ?? 0,
        },
        log: [...log].reverse(),
      },
      printer: {
        paper: state.paper,
        coverOpen: state.coverOpen,
        offline: state.offline,
        receipts: receipts.map((receipt) => {
          let png = pngCache.get(receipt.sequence);
          if (png === undefined) {
            png = `data:image/png;base64,${renderReceiptPng(receipt).toString('base64')}`;
            pngCache.set(receipt.sequence, png);
          }
          return {
            id: receipt.sequence,
            text: renderReceiptText(receipt),
            qrPayloads: receipt.lines.flatMap((line) => (line.kind === 'qr' ? [line.payload] : [])),
            cut: receipt.cut !== null,
            pngDataUrl: png,
          };
        }),
      },
      fiscal: fiscal?.snapshot() ?? null,
    };
  };

  const handlers: PanelHandlers = {
    'emulator:snapshot': () => ok(snapshot()),
    'emulator:insertNote': ({ noteKopecks }) =>
      withAcceptor((emulator) => emulator.insertNote(kopecks(noteKopecks))),
    'emulator:insertFake': () => withAcceptor((emulator) => emulator.insertUnknownNote()),
    'emulator:insertNewSeries': ({ noteKopecks }) =>
      withAcceptor((emulator) => emulator.insertNewSeries(kopecks(noteKopecks))),
    'emulator:jam': () => withAcceptor((emulator) => emulator.jam('validator')),
    'emulator:clearJam': () => withAcceptor((emulator) => emulator.clearJam()),
    'emulator:removeCassette': () => withAcceptor((emulator) => emulator.removeCassette()),
    'emulator:insertCassette': () => withAcceptor((emulator) => emulator.insertCassette()),
    'emulator:powerCycle': () => withAcceptor((emulator) => emulator.powerCycle('now')),
    'printer:setState'(patch) {
      if (deps.printer === null)
        return err({ kind: 'no-emulator', message: 'The printer is real.' });
      const next = Object.fromEntries(
        Object.entries(patch).filter(([, value]) => value !== undefined),
      );
      deps.printer.setState(next);
      changed();
      return ok({ done: true });
    },
    'fiscal:emulate'({ action }) {
      if (fiscal === null) {
        return err({ kind: 'no-emulator', message: 'The fiscal registrar is not emulated.' });
      }
      fiscal.act(action);
      changed();
      return ok({ done: true });
    },
    async 'test:expireIdle'() {
      await deps.expireIdle();
      return ok({ done: true });
    },
  };

  return {
    handlers,
    snapshot,
    onDidChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Coalesces bursts of emulator changes into at most one snapshot event per interval. */
export function throttledEvents(
  onDidChange: (listener: () => void) => () => void,
  message: () => { event: string; payload: unknown },
  intervalMs = 250,
): EventSource {
  return {
    subscribe(listener) {
      let timer: NodeJS.Timeout | null = null;
      const unsubscribe = onDidChange(() => {
        if (timer !== null) return;
        timer = setTimeout(() => {
          timer = null;
          const { event, payload } = message();
          listener(event, payload);
        }, intervalMs);
      });
      return () => {
        if (timer !== null) clearTimeout(timer);
        unsubscribe();
      };
    },
  };
}
