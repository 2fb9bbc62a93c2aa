import type {
  Facility,
  InmateRecipient,
  IpcError,
  PrinterGate,
  Recipient,
} from '../../common/contract.ts';
import type { paymentCommands } from '../../common/contract.ts';
import type { PrinterPort } from '../../common/ports.ts';
import { err, ok, type Result } from '../../common/result.ts';
import { assertNever } from '../../common/assert.ts';
import { type CashLetter, cashLetter } from '../../common/letter.ts';
import { uuidv7 } from '../ledger/uuidv7.ts';
import { maskPhone } from '../../common/wallet.ts';
import { SEARCH_RESULTS_MAX } from '../../common/name-match.ts';
import { decidePrinterGateFromStatus } from '../core/printer-gate.ts';
import type { Ledger } from '../ledger/ledger.ts';
import type { HandlersFor } from '../hosts/dispatch.ts';
import type { Logger } from '../log.ts';
import type { SmsReceipts } from '../receipts/sms-receipts.ts';
import { readFacilityIds } from '../service/setup-store.ts';
import type { ServiceSettings } from '../../common/contract.ts';
import type { CentralRuntime } from './central-runtime.ts';
import { creditingTimeKey, type Payments } from './payments.ts';
import { contractView } from './payment-view.ts';
import { paymentsBlockOf, type SupportDetails } from './support-details.ts';

/** Handlers of the payer's journey, over the services main owns. */
export type PaymentHandlers = HandlersFor<typeof paymentCommands>;

export type PaymentDeps = {
  payments: Payments;
  sms: SmsReceipts;
  printer: PrinterPort;
  ledger: Ledger;
  central: () => CentralRuntime | null;
  settings: () => ServiceSettings;
  /** The operator's remote block of payments (main/app/remote-command-runner.ts), or null. */
  remoteBlock?: () => { reason: string } | null;
  /** Central's terminal configuration in force; null: none yet, so no payment starts. */
  centralConfig: () => ({ version: number; paymentKopecksMin: number } & SupportDetails) | null;
  serviceModeActive: () => boolean;
  /**
   * The fiscal cash gate (fiscal-wiring.ts): asked before any cash; a refusal says why. With a
   * registrar it replaces the printer's gate: the payment's receipt is the registrar's, and an
   * ESC/POS printer beside it prints only non-fiscal documents.
   */
  fiscal?: {
    checkBeforeCash(): Promise<{ reason: string; detail: string } | null>;
    replacesPrinterGate: boolean;
  };
  /** The logged-in payer, so a cash payment shows in their account's history. */
  payer: { accountId(): string | null; phone(): string | null; senderName(): string | null };
  now: () => number;
  log: Logger;
};

/** Facilities this kiosk serves (wizard); they come first in the lists. */
const servedFacilityIds = (ledger: Ledger) => readFacilityIds(ledger);

const refusal = (kind: string, message: string) => err<IpcError>({ kind, message });

export function createPaymentHandlers(deps: PaymentDeps): PaymentHandlers {
  const { deposit, receipts } = deps.payments;

  const printerGate = async (): Promise<PrinterGate> => {
    if (deps.fiscal?.replacesPrinterGate === true) return { decision: 'ok', reason: null };
    const status = await deps.printer.status().catch(() => err({ kind: 'timeout' as const }));
    const gate = decidePrinterGateFromStatus(status, deps.settings().printer.allowCashWithoutPaper);
    return { decision: gate.kind, reason: gate.kind === 'ok' ? null : gate.reason };
  };

  return {
    async 'catalog:regions'() {
      const central = deps.central();
      if (central === null) return refusal('not-enrolled', 'This kiosk is not connected yet.');
      const regions = await central.catalog.regions();
      if (!regions.ok) return refusal('catalog-unavailable', regions.error.message);
      return ok({
        regions: regions.value,
        recentFacilities: await recentFacilities(deps, central),
      });
    },

    async 'catalog:facilities'({ regionId }) {
      const central = deps.central();
      if (central === null) return refusal('not-enrolled', 'This kiosk is not connected yet.');
      const facilities = await central.catalog.facilities(regionId);
      if (!facilities.ok) return refusal('catalog-unavailable', facilities.error.message);
      const served = new Set(servedFacilityIds(deps.ledger));
      const sorted = [...facilities.value].sort(
        (a, b) => Number(served.has(b.id)) - Number(served.has(a.id)),
      );
      return ok({ facilities: sorted });
    },

    async 'payee:search'(args) {
      const central = deps.central();
      if (central === null) return refusal('search-unavailable', 'Search is unavailable.');
      const found = await central.sync.searchPayee(args);
      if (!found.ok) {
        const kind = found.error.kind === 'invalid-query' ? 'bad-request' : 'search-unavailable';
        return refusal(kind, 'Search is unavailable.');
      }
      // Central answers at most SEARCH_RESULTS_MAX; the roster cache ranks the same way.
      const matches = found.value.matches
        .filter((match) => match.accountStatus === 'active')
        .slice(0, SEARCH_RESULTS_MAX)
        .map((match) => ({
          kind: 'inmate' as const,
          inmateRef: match.inmateRef,
          maskedName: match.maskedName,
          birthYear: match.birthYear,
          facilityId: match.facilityId,
          facilityName: match.facilityName,
          quality: match.exact ? ('exact' as const) : ('approximate' as const),
          correctedParts: match.exact ? [] : match.correctedParts,
        }));
      return ok({ source: found.value.source, matches, lookAlike: found.value.lookAlike });
    },

    'wallet:topUpRecipient'() {
      const accountId = deps.payer.accountId();
      const phone = deps.payer.phone();
      if (accountId === null || phone === null) {
        return refusal('not-logged-in', 'Log in to top up the wallet.');
      }
      return ok({ kind: 'wallet' as const, accountId, maskedPhone: maskPhone(phone) });
    },

    async 'payment:terms'({ walletTopUp }) {
      const settings = deps.settings();
      const central = deps.centralConfig();
      const onDevice = new Set<number>(deps.payments.billTable().map((entry) => entry.noteKopecks));
      return ok({
        configVersion: central?.version ?? null,
        paymentKopecksMin: central?.paymentKopecksMin ?? 0,
        depositKopecksMax: settings.depositKopecksMax,
        commissionBasisPoints: walletTopUp ? 0 : settings.commissionBasisPoints,
        commissionMinKopecks: walletTopUp ? 0 : settings.commissionMinKopecks,
        acceptedNotes: settings.acceptedNotes
          .filter((note) => onDevice.size === 0 || onDevice.has(note.noteKopecks))
          .map((note) => ({ noteKopecks: note.noteKopecks, enabled: note.enabled }))
          .sort((a, b) => a.noteKopecks - b.noteKopecks),
        printer: await printerGate(),
        creditingTimeKey,
      });
    },

    async 'deposit:start'({ recipient, acceptWithoutReceipt, letter: letterArgs }) {
      if (deps.serviceModeActive()) return refusal('service-mode', 'The kiosk is being serviced.');
      const remoteBlock = deps.remoteBlock?.() ?? null;
      if (remoteBlock !== null) return refusal('operator-blocked', remoteBlock.reason);
      const blocked = paymentsBlockOf(deps.centralConfig());
      if (blocked === 'no-terminal-config') {
        return refusal(blocked, 'No terminal configuration from central yet.');
      }
      if (blocked !== null) {
        return refusal(blocked, "Central's configuration lacks the phones or supplier to print.");
      }
      const gate = await printerGate();
      if (gate.decision === 'block' || (gate.decision === 'warn' && !acceptWithoutReceipt)) {
        return refusal('printer-unavailable', `No receipt can be printed: ${gate.reason}.`);
      }
      const fiscalRefusal = (await deps.fiscal?.checkBeforeCash()) ?? null;
      if (fiscalRefusal !== null) {
        return refusal('fiscal-unavailable', `${fiscalRefusal.reason}: ${fiscalRefusal.detail}`);
      }
      const walletAccount = ownWalletOf(recipient, deps.payer.accountId());
      if (!walletAccount.ok) return walletAccount;
      const letter = letterToPay(letterArgs, walletAccount.value, {
        depositKopecksMax: deps.settings().depositKopecksMax,
        nowMs: deps.now(),
      });
      if (!letter.ok) return letter;
      const started = await deposit.startSession({
        recipient,
        payerAccountId: deps.payer.accountId(),
        // The receipt names the sender of money to a person; central copies the same name
        // from the account onto the transfer (it never takes it from the kiosk).
        senderName: recipient.kind === 'inmate' ? deps.payer.senderName() : null,
        commissionFree: walletAccount.value !== null,
        letter: letter.value,
      });
      if (!started.ok)
        return refusal(started.error.kind, `Payment cannot start: ${started.error.kind}.`);
      return ok(contractView(started.value));
    },

    'deposit:get'() {
      const view = deposit.view();
      return ok(view === null ? null : contractView(view));
    },

    async 'deposit:pay'() {
      const paid = await deposit.payNow();
      if (!paid.ok) return refusal(paid.error.kind, `Payment not completed: ${paid.error.kind}.`);
      // Built once, when the session completed: the same object the event carried.
      const payment = deps.payments.completed(paid.value.transferId);
      if (payment === null) return refusal('internal', 'Payment recorded, receipt missing.');
      return ok(payment);
    },

    async 'deposit:cancel'() {
      const cancelled = await deposit.cancel();
      if (!cancelled.ok) {
        const kind = cancelled.error.kind === 'has-money' ? 'money-inside' : cancelled.error.kind;
        return refusal(kind, 'The payment cannot be cancelled now.');
      }
      return ok({ cancelled: true });
    },

    'session:touch'() {
      return ok(deposit.touch());
    },

    async 'receipt:sms'({ transferId, phone }) {
      const payment = deps.payments.completed(transferId) ?? receipts.completedPayment(transferId);
      if (payment === null) return refusal('not-found', 'No such payment.');
      const handed = await deps.sms.sendReceipt(payment, phone);
      if (!handed.ok) return refusal(handed.error.kind, handed.error.message);
      return ok({ queued: true, sent: handed.value === 'sent', state: handed.value });
    },

    'receipt:last'() {
      return ok(deps.payments.lastCompleted());
    },
  };
}

/**
 * The wallet a deposit tops up (null for a transfer to an inmate): only the logged-in payer's
 * own, whatever account the recipient names.
 */
function ownWalletOf(
  recipient: Recipient,
  loggedInAccountId: string | null,
): Result<string | null, IpcError> {
  switch (recipient.kind) {
    case 'inmate':
      return ok(null);
    case 'wallet':
      return loggedInAccountId !== null && recipient.accountId === loggedInAccountId
        ? ok(recipient.accountId)
        : refusal('not-logged-in', 'Log in to top up the wallet.');
    default:
      return assertNever(recipient);
  }
}

type LetterArgs = { recipient: InmateRecipient; text: string; replyBlanks: number } | undefined;

/**
 * A letter to pay with this cash: only through the payer's own wallet, within the cap. It goes
 * to a person: the contract takes only an inmate as a letter's recipient.
 */
export function letterToPay(
  args: LetterArgs,
  walletAccount: string | null,
  limit: { depositKopecksMax: number; nowMs: number },
): Result<CashLetter | null, IpcError> {
  if (args === undefined) return ok(null);
  if (walletAccount === null) {
    return refusal('not-logged-in', 'A letter is paid in cash through your wallet.');
  }
  const letter = cashLetter(uuidv7(limit.nowMs), args.recipient, args.text, args.replyBlanks);
  if (letter.terms.priceKopecks > limit.depositKopecksMax) {
    return refusal('letter-over-cap', 'The letter costs more than one payment may take.');
  }
  return ok(letter);
}

/** A wallet top-up went to no facility. */
function facilityIdOf(recipient: Recipient): string | null {
  switch (recipient.kind) {
    case 'inmate':
      return recipient.facilityId;
    case 'wallet':
      return null;
    default:
      return assertNever(recipient);
  }
}

/** Facilities this kiosk paid to most recently, then the ones it serves. */
async function recentFacilities(deps: PaymentDeps, central: CentralRuntime): Promise<Facility[]> {
  const recentIds: string[] = [];
  for (const transfer of deps.ledger.listTransfers({ limit: 50, offset: 0 }).transfers) {
    const id = facilityIdOf(transfer.recipient);
    if (id !== null && !recentIds.includes(id)) recentIds.push(id);
  }
  for (const id of servedFacilityIds(deps.ledger)) if (!recentIds.includes(id)) recentIds.push(id);
  if (recentIds.length === 0) return [];
  const all = await central.catalog.facilities(null);
  if (!all.ok) return [];
  const byId = new Map(all.value.map((facility) => [facility.id, facility]));
  return recentIds
    .map((id) => byId.get(id))
    .filter((facility): facility is Facility => facility !== undefined)
    .slice(0, 8);
}
