import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ByteLink } from '../../protocol/link.ts';
import type { KioskConfig } from '../config.ts';
import type { Dispatcher } from '../hosts/dispatch.ts';
import type { EventSource } from '../hosts/headless.ts';
import type { Ledger } from '../ledger/ledger.ts';
import type { Logger } from '../log.ts';
import type { TerminalIdentity } from './terminal-identity.ts';

/**
 * What a development kiosk adds to the product: the emulators behind the real drivers, the
 * reference central in the same process, the demo terminal and the emulator panel. The code
 * lives in main/dev/ and is loaded by loadDevHooks() only when the configuration asks for it, so
 * a packaged kiosk neither carries nor runs any of it. The kiosk sees only this interface.
 */
export type DevHooks = {
  /** The emulated acceptor's end of its link; the real CCNET driver speaks over it. */
  acceptorLink(): ByteLink;
  /** The emulated printer's end of its link; the real ESC/POS driver speaks over it. */
  printerLink(options: { widthColumns: number; codePage: number }): ByteLink;
  /** The emulated fiscal registrar's end of its link; the real Shtrih-M driver speaks over it. */
  fiscalLink(): ByteLink;
  /** The reference central server in this process (no central URL configured). */
  startCentral(): Promise<DevCentral>;
  /** The emulator panel, when a device is emulated. */
  createPanel(payments: PanelSources, log: Logger): KioskPanel | null;
  close(): Promise<void>;
};

export type DevCentral = {
  url: string;
  rosterPublicKeyPem: string;
  /** A fresh data dir set up as the demo terminal; null when left to the first-start wizard. */
  setUpDemo(deps: {
    ledger: Ledger;
    now: () => number;
    log: Logger;
  }): Promise<TerminalIdentity | null>;
  /** Console lines: the demo PINs, or an enrolment code for a kiosk left to the wizard. */
  notices(identity: TerminalIdentity | null, ledger: Ledger): Promise<string[]>;
  close(): Promise<void>;
};

export type PanelSources = {
  /** The notes the acceptor reported when it opened. */
  billTable(): readonly { billType: number; noteKopecks: number }[];
  /** Test control: fire the payer idle timers now. */
  expireIdle(): Promise<void>;
};

export type KioskPanel = { dispatch: Dispatcher; events: EventSource };

export type CreateDevHooks = (options: {
  config: KioskConfig;
  /** Set a fresh data dir up as the demo terminal (KIOSK_DEMO_SETUP, default on). */
  demoSetup: boolean;
}) => Promise<DevHooks>;

/** Emulated devices or no central URL: the kiosk needs the development parts. */
export function wantsDevHooks(config: KioskConfig): boolean {
  return (
    config.billAcceptor === 'emulator' ||
    config.printer === 'emulator' ||
    config.fiscal === 'emulator' ||
    config.centralUrl === null
  );
}

export type DevHooksLoad =
  | { kind: 'not-wanted' }
  | { kind: 'loaded'; hooks: DevHooks }
  | { kind: 'absent'; message: string };

/**
 * Loads main/dev/ by a path computed at run time: the compiler does not follow it, so the
 * Electron build (which compiles what is reachable from its entry) leaves main/dev/ out, and a
 * packaged kiosk configured for emulators says so instead of failing somewhere deeper.
 */
export async function loadDevHooks(
  config: KioskConfig,
  options: { demoSetup: boolean },
): Promise<DevHooksLoad> {
  if (!wantsDevHooks(config)) return { kind: 'not-wanted' };
  const extension = path.extname(fileURLToPath(import.meta.url));
  const url = new URL(`../dev/dev-hooks${extension}`, import.meta.url);
  if (!existsSync(url)) {
    // A packaged kiosk with real devices and no KIOSK_CENTRAL_URL runs on the saved setting.
    const emulated =
      config.billAcceptor === 'emulator' ||
      config.printer === 'emulator' ||
      config.fiscal === 'emulator';
    if (!emulated) return { kind: 'not-wanted' };
    return {
      kind: 'absent',
      message:
        'emulated devices and the embedded central are not part of this build: set ' +
        'KIOSK_BILL_ACCEPTOR, KIOSK_PRINTER, KIOSK_FISCAL and KIOSK_CENTRAL_URL',
    };
  }
  const module = (await import(url.href)) as { createDevHooks: CreateDevHooks };
  return { kind: 'loaded', hooks: await module.createDevHooks({ config, ...options }) };
}
