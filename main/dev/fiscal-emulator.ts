import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { demoDetails, demoFiscal } from '../../central/terminal-config.ts';
import { ShtrihEmulator } from '../../emulators/shtrih/emulator.ts';
import { createMemoryLinkPair } from '../../protocol/memory-link.ts';
import type { ByteLink } from '../../protocol/link.ts';
import type { Logger } from '../log.ts';
import { demoTerminalId } from './demo-setup.ts';

/**
 * `KIOSK_FISCAL=emulator`: the Shtrih-M emulator behind the real driver over an in-memory link.
 * Its ФН lives in KIOSK_DATA_DIR/fiscal-emulator.json, so the demo's ledger and its ФН stay one
 * story across restarts (document numbers keep growing, a shift stays open). A fresh one is
 * registered with the demo terminal's requisites, as a tax office would have registered it.
 */
export type EmulatedRegistrar = {
  emulator: ShtrihEmulator;
  link: ByteLink;
  /** Writes the state now (at close); it is also written shortly after every command. */
  save(): void;
};

const saveDelayMs = 200;

export function openEmulatedRegistrar(dataDir: string, log: Logger | null): EmulatedRegistrar {
  const stateFile = path.join(dataDir, 'fiscal-emulator.json');
  const emulator = loadOrCreate(stateFile, log);
  const save = () => {
    const temporary = `${stateFile}.tmp`;
    writeFileSync(temporary, emulator.saveState(), { mode: 0o600 });
    renameSync(temporary, stateFile);
  };
  let timer: NodeJS.Timeout | null = null;
  emulator.onDidChange((change) => {
    if (change.kind !== 'command' && change.kind !== 'document') return;
    if (timer !== null) return;
    timer = setTimeout(() => {
      timer = null;
      try {
        save();
      } catch (error) {
        log?.warn({ err: error }, 'fiscal emulator: state not saved');
      }
    }, saveDelayMs);
    timer.unref();
  });
  const [hostSide, deviceSide] = createMemoryLinkPair();
  emulator.attach(deviceSide);
  return {
    emulator,
    link: hostSide,
    save() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      save();
    },
  };
}

/**
 * The factory setting of the ККТ: a cut after every fiscal document (a shift report never
 * shares the payer's piece). The kiosk's footer (tracking link) follows on its own piece.
 */
const kioskOptions = { autoCut: true } as const;

function loadOrCreate(stateFile: string, log: Logger | null): ShtrihEmulator {
  if (existsSync(stateFile)) {
    const restored = ShtrihEmulator.fromSavedState(readFileSync(stateFile, 'utf8'), kioskOptions);
    if (restored.ok) return restored.value;
    // A state this version cannot read is kept aside, never silently overwritten.
    const aside = `${stateFile}.unreadable-${Date.now()}`;
    renameSync(stateFile, aside);
    log?.warn({ aside, error: restored.error }, 'fiscal emulator: state unreadable, new ФН');
  }
  const fiscal = demoFiscal(demoTerminalId);
  return new ShtrihEmulator({
    ...kioskOptions,
    registration: {
      userName: demoDetails.agent.name,
      userInn: demoDetails.agent.inn,
      address: fiscal.settlementAddress,
      place: fiscal.settlementPlace,
      automatNumber: fiscal.automatNumber,
      fnsSite: fiscal.fnsSiteUrl ?? 'www.nalog.gov.ru',
      // The demo's simplified tax system on income (bit 1 of 1062).
      taxSystemsMask: 0b000010,
    },
  });
}
