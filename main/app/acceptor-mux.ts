import type { AcceptorEvent, BillAcceptorPort } from '../../common/ports.ts';
import { err, ok, type Result } from '../../common/result.ts';
import type { Kopecks } from '../../common/money.ts';

/**
 * One acceptor, two owners: the deposit service normally, and the service-mode "test note"
 * for a moment while no payment is open. Events go to whoever holds the acceptor; the test
 * never stacks, so no money moves outside the deposit service.
 */
export type TestNoteResult = Result<
  { noteKopecks: Kopecks; returned: boolean },
  { kind: string; message: string }
>;

export type AcceptorMux = {
  /** The port the deposit service owns. */
  port: BillAcceptorPort;
  testNote(options: {
    billTypes: readonly number[];
    valueOf(billType: number): Kopecks | null;
    timeoutMs: number;
  }): Promise<TestNoteResult>;
};

export function createAcceptorMux(
  acceptor: BillAcceptorPort,
  canBorrow: () => boolean,
): AcceptorMux {
  let depositListener: (event: AcceptorEvent) => Promise<void> = async () => {};
  let borrower: ((event: AcceptorEvent) => Promise<void>) | null = null;
  acceptor.setListener((event) => (borrower ?? depositListener)(event));

  const port: BillAcceptorPort = {
    open: () => acceptor.open(),
    enable: (billTypes) => acceptor.enable(billTypes),
    disable: () => acceptor.disable(),
    stack: () => acceptor.stack(),
    returnNote: () => acceptor.returnNote(),
    hold: () => acceptor.hold(),
    condition: () => acceptor.condition(),
    setListener(listener) {
      depositListener = listener;
    },
    close: () => acceptor.close(),
  };

  return {
    port,
    async testNote(options) {
      if (borrower !== null || !canBorrow()) {
        return err({ kind: 'busy', message: 'The acceptor is in use by a payment.' });
      }
      let settle: (value: { noteKopecks: Kopecks; returned: boolean } | null) => void = () => {};
      const outcome = new Promise<{ noteKopecks: Kopecks; returned: boolean } | null>((resolve) => {
        settle = resolve;
      });
      let seen: Kopecks | null = null;
      borrower = async (event) => {
        if (event.kind === 'escrow') {
          seen = options.valueOf(event.billType);
          await acceptor.returnNote();
        } else if (event.kind === 'returned') {
          settle({
            noteKopecks: seen ?? options.valueOf(event.billType) ?? (0 as Kopecks),
            returned: true,
          });
        } else if (event.kind === 'stacked') {
          // Never expected (escrow is always on): hand it to the deposit service's bookkeeping.
          await depositListener(event);
          settle({
            noteKopecks: options.valueOf(event.billType) ?? (0 as Kopecks),
            returned: false,
          });
        }
      };
      const timer = setTimeout(() => settle(null), options.timeoutMs);
      try {
        const enabled = await acceptor.enable(options.billTypes);
        if (!enabled.ok)
          return err({ kind: 'acceptor', message: `Enable failed: ${enabled.error.kind}` });
        const result = await outcome;
        if (result === null) return err({ kind: 'timeout', message: 'No note was inserted.' });
        return ok(result);
      } finally {
        clearTimeout(timer);
        await acceptor.disable();
        borrower = null;
      }
    },
  };
}
