/**
 * The fiscal half of the crash child (kiosk-child.ts): the Shtrih-M driver on a pty to the ККТ
 * emulator's own process, the fiscal layer over it, and the fiscal kill points. A point fires
 * where the kiosk can die between cash and the closed receipt:
 *   fiscal-before-issue    the payment is committed, its receipt not yet asked for
 *   fiscal-open-sent       the receipt's open command (8Dh) is on the wire
 *   fiscal-close-sent      the close command (FF45h) is on the wire, its answer not yet read
 *   fiscal-after-close     the ФН's answer is in, not yet written to the ledger
 *   fiscal-recorded        the document is in the ledger
 */
import type { FiscalRegistrarPort } from '../../common/fiscal-port.ts';
import type { ByteLink } from '../../protocol/link.ts';
import { openSerialLink } from '../../protocol/serial-link.ts';
import { observeRegistrar } from '../../main/app/fiscal-observer.ts';
import { ShtrihFiscalRegistrar } from '../../main/devices/shtrih/driver.ts';
import { createFiscal, type Fiscal } from '../../main/fiscal/create-fiscal.ts';
import type { Ledger } from '../../main/ledger/ledger.ts';
import { sampleFiscalConfig, sampleFiscalTerms } from '../support/fiscal-support.ts';

export const fiscalCrashPoints = [
  'fiscal-before-issue',
  'fiscal-open-sent',
  'fiscal-close-sent',
  'fiscal-after-close',
  'fiscal-recorded',
] as const;
export type FiscalCrashPoint = (typeof fiscalCrashPoints)[number];

const OPEN_RECEIPT = 0x8d;
const CLOSE_RECEIPT = [0xff, 0x45] as const;

/** The link as it is, calling `sent` after each frame with the receipt's open or close goes out. */
function watchedLink(link: ByteLink, sent: (point: FiscalCrashPoint) => void): ByteLink {
  return {
    async write(bytes) {
      await link.write(bytes);
      // A frame: STX LEN CMD…; only whole frames are written by the link layer.
      if (bytes[0] !== 0x02 || bytes.length < 4) return;
      if (bytes[2] === OPEN_RECEIPT) sent('fiscal-open-sent');
      if (bytes[2] === CLOSE_RECEIPT[0] && bytes[3] === CLOSE_RECEIPT[1]) {
        sent('fiscal-close-sent');
      }
    },
    setDataListener: (listener) => link.setDataListener(listener),
    setCloseListener: (listener) => link.setCloseListener(listener),
    close: () => link.close(),
  };
}

export type CrashFiscal = {
  fiscal: Fiscal;
  terms: typeof sampleFiscalTerms;
  /** The deposit service's receipt printer: the fiscal queue. */
  printReceipt(transferId: string): Promise<'printed' | 'unprinted'>;
};

export async function openCrashFiscal(options: {
  ptyPath: string;
  ledger: Ledger;
  checkpoint: (point: FiscalCrashPoint) => void;
  holdsCash: () => boolean;
  sessionOpen: () => boolean;
}): Promise<CrashFiscal> {
  const link = watchedLink(await openSerialLink(options.ptyPath, 115_200), options.checkpoint);
  const driver = new ShtrihFiscalRegistrar(link, {
    ackTimeoutMs: 300,
    answerTimeoutMs: 2_000,
    pollIntervalMs: 20,
  });
  const port: FiscalRegistrarPort = {
    ...observeRegistrar(driver, () => {}),
    async issueReceipt(request) {
      const answer = await driver.issueReceipt(request);
      options.checkpoint('fiscal-after-close');
      return answer;
    },
  };
  const fiscal = createFiscal({
    ledger: options.ledger,
    port,
    config: () => sampleFiscalConfig,
    utcOffsetMinutes: () => 180,
    now: () => Date.now(),
    log: { info() {}, warn() {}, error() {} },
    holdsCash: options.holdsCash,
    sessionOpen: options.sessionOpen,
    // The kiosk lives seconds here: the queue and the keeper run when asked, not on a timer.
    timing: { tickMs: 3_600_000, pendingAgeMsMax: 3_600_000 },
  });
  return {
    fiscal,
    terms: sampleFiscalTerms,
    async printReceipt(transferId) {
      options.checkpoint('fiscal-before-issue');
      const outcome = await fiscal.issueFor(transferId);
      options.checkpoint('fiscal-recorded');
      return outcome.kind === 'issued' ? 'printed' : 'unprinted';
    },
  };
}
