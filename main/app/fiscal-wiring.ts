import type { FiscalStatusWire, TerminalConfig } from '../../common/central-wire.ts';
import type { DeviceState, FiscalUnavailableReason, PaymentFiscal } from '../../common/contract.ts';
import type { FiscalCondition, FiscalRegistrarPort } from '../../common/fiscal-port.ts';
import { trackingUrl } from '../../common/tracking-code.ts';
import type { FiscalGate, FiscalRefusalKind } from '../core/fiscal-gate.ts';
import { fiscalisesHere, fiscalTermsOf, type RecipientKind } from '../core/fiscal-terms.ts';
import type { FiscalTermsOf } from '../deposit/deposit-deps.ts';
import { createFiscal, type Fiscal } from '../fiscal/create-fiscal.ts';
import type { StatusModel } from '../kiosk-status.ts';
import type { Ledger } from '../ledger/ledger.ts';
import type { Logger } from '../log.ts';
import { trackingCodeFor } from '../receipts/tracking-code.ts';
import type { OpenedRegistrar } from './fiscal-device.ts';
import { confirmedParty, namedParty, readOtherPartyConfirmation } from './fiscal-other-party.ts';
import { observeRegistrar } from './fiscal-observer.ts';

/**
 * The fiscal layer composed into the kiosk (docs/fiscal-integration.md). With a registrar
 * (KIOSK_FISCAL=shtrih|emulator) it owns createFiscal (queue, shift keeper, gate), watches the
 * registrar for the status screen and answers the cash gate; with KIOSK_FISCAL=none it answers
 * the gate from the operator's confirmation of the party central names.
 */
export type CashRefusal = { reason: FiscalUnavailableReason; detail: string };

export type FiscalWiring = {
  adapter: OpenedRegistrar['adapter'];
  /** null on a KIOSK_FISCAL=none kiosk. */
  fiscal: Fiscal | null;
  /** What the registrar said last (null: not asked yet, or no answer). */
  lastCondition(): FiscalCondition | null;
  /** The deposit service writes these terms with each commit (undefined: none kiosk). */
  fiscalTerms: FiscalTermsOf | undefined;
  /** Asks now: may a payment take cash? null: yes. */
  checkBeforeCash(): Promise<CashRefusal | null>;
  /** The refusal the last check found, for the status model (no I/O); 'starting' before one. */
  blocked(): FiscalUnavailableReason | 'starting' | null;
  /** The fiscal receipt of a completed payment as the screens show it. */
  paymentFiscal(transferId: string): PaymentFiscal | undefined;
  /** KIOSK_FISCAL=none: the confirmed party the ESC/POS slip names. */
  confirmedParty(): string | null;
  heartbeat(): FiscalStatusWire | null;
  /** After recovery: the first checks, then the timers. */
  start(): Promise<void>;
  close(): Promise<void>;
};

/** The gate is asked this often (or each round, when a test makes rounds shorter). */
const watchMsMax = 5_000;

const reasonOfRefusal: Record<FiscalRefusalKind, FiscalUnavailableReason> = {
  'no-config': 'fiscal-no-requisites',
  offline: 'fiscal-offline',
  'fn-not-fiscal': 'fiscal-fn-blocked',
  'fn-expired': 'fiscal-fn-expired',
  'fn-near-expiry': 'fiscal-fn-expired',
  'fn-critical': 'fiscal-fn-critical',
  'document-stuck': 'fiscal-document-stuck',
  'paper-out': 'fiscal-paper-out',
  'printer-waiting': 'fiscal-paper-out',
  'cover-open': 'fiscal-cover-open',
  'ofd-queue-too-old': 'fiscal-ofd-too-old',
  'shift-not-ready': 'fiscal-shift',
  'receipts-held': 'fiscal-document-stuck',
  'receipts-stuck': 'fiscal-document-stuck',
};

export type FiscalWiringDeps = {
  ledger: Ledger;
  opened: OpenedRegistrar;
  status: StatusModel;
  /** Central's verified configuration in force. */
  config: () => TerminalConfig | null;
  utcOffsetMinutes: () => number;
  holdsCash: () => boolean;
  sessionOpen: () => boolean;
  /** Shift keeper and queue round (30 s; a test knob shortens it). */
  tickMs?: number;
  now: () => number;
  log: Logger;
};

export function createFiscalWiring(deps: FiscalWiringDeps): FiscalWiring {
  return deps.opened.registrar === null
    ? otherPartyWiring(deps)
    : registrarWiring(deps, deps.opened.adapter, deps.opened.registrar);
}

type TermsFor = (transferId: string, kind: RecipientKind) => ReturnType<FiscalTermsOf>;

/** The receipt's terms of one payment, from the configuration in force at its commit. */
function termsOf(deps: FiscalWiringDeps): TermsFor {
  return (transferId, recipientKind) => {
    const config = deps.config();
    if (config === null) return null;
    const key = config.trackingKey;
    const prefix = config.trackingUrlPrefix;
    const code = key ? trackingCodeFor(key, transferId) : null;
    return fiscalTermsOf({
      config,
      recipientKind,
      tracking:
        code !== null && prefix ? { url: trackingUrl(prefix, transferId, code), code } : null,
    });
  };
}

/** A probe transfer: can a receipt be built for each kind of recipient with what is in force? */
const probeTransferId = '00000000-0000-7000-8000-000000000000';

function requisitesProblem(deps: FiscalWiringDeps, terms: TermsFor): string | null {
  const config = deps.config();
  if (config === null) return 'no terminal configuration from central yet';
  if (!fiscalisesHere(config)) {
    return config.fiscal === undefined
      ? "central's configuration has no fiscal block"
      : "central's configuration says another party fiscalises, but KIOSK_FISCAL names a registrar";
  }
  return terms(probeTransferId, 'inmate') === null || terms(probeTransferId, 'wallet') === null
    ? "central's configuration lacks a requisite of the fiscal receipt"
    : null;
}

function registrarWiring(
  deps: FiscalWiringDeps,
  adapter: 'shtrih' | 'emulator',
  registrar: FiscalRegistrarPort,
): FiscalWiring {
  const log = deps.log.child({ area: 'fiscal' });
  let lastCondition: FiscalCondition | null = null;
  const port = observeRegistrar(registrar, (condition) => {
    lastCondition = condition;
  });
  const fiscal = createFiscal({
    ledger: deps.ledger,
    port,
    config: () => {
      const config = deps.config();
      return fiscalisesHere(config) ? (config?.fiscal ?? null) : null;
    },
    utcOffsetMinutes: deps.utcOffsetMinutes,
    now: deps.now,
    log,
    holdsCash: deps.holdsCash,
    sessionOpen: deps.sessionOpen,
    ...(deps.tickMs === undefined ? {} : { timing: { tickMs: deps.tickMs } }),
  });
  const terms = termsOf(deps);
  let blocked: CashRefusal | 'starting' | null = 'starting';
  let timer: NodeJS.Timeout | null = null;

  const check = async (): Promise<CashRefusal | null> => {
    const problem = requisitesProblem(deps, terms);
    const gate: FiscalGate = await fiscal.gate();
    const refusal: CashRefusal | null =
      gate.kind === 'refused'
        ? { reason: reasonOfRefusal[gate.reason], detail: `${gate.reason}: ${gate.detail}` }
        : problem !== null
          ? { reason: 'fiscal-no-requisites', detail: problem }
          : null;
    blocked = refusal;
    deps.status.setDevice('fiscal', deviceStateOf(adapter, gate, refusal, lastCondition));
    return refusal;
  };

  return {
    adapter,
    fiscal,
    lastCondition: () => lastCondition,
    fiscalTerms: (transferId, recipient) => terms(transferId, recipient.kind),
    checkBeforeCash: check,
    blocked: () => (blocked === 'starting' ? blocked : (blocked?.reason ?? null)),
    paymentFiscal(transferId) {
      const intent = deps.ledger.fiscal.intent(transferId);
      if (intent === null) return undefined;
      if (intent.document !== null) {
        const { kind: _kind, ...document } = intent.document;
        return { state: 'issued', document, fiscalizedBy: null };
      }
      return {
        state: intent.state === 'held' ? 'held' : 'pending',
        document: null,
        fiscalizedBy: null,
      };
    },
    confirmedParty: () => null,
    heartbeat: () => fiscal.status(),
    async start() {
      const recovered = await fiscal.recover().catch((error: unknown) => {
        log.error({ err: error }, 'fiscal: recovery failed');
        return null;
      });
      if (recovered !== null) log.info({ recovered }, 'fiscal: recovery finished');
      await check().catch((error: unknown) => log.error({ err: error }, 'fiscal: check failed'));
      fiscal.start();
      timer = setInterval(
        () => {
          void check().catch((error: unknown) => log.warn({ err: error }, 'fiscal: check failed'));
        },
        Math.min(watchMsMax, deps.tickMs ?? watchMsMax),
      );
      timer.unref();
    },
    async close() {
      if (timer !== null) clearInterval(timer);
      await fiscal.close();
    },
  };
}

function otherPartyWiring(deps: FiscalWiringDeps): FiscalWiring {
  const party = () => confirmedParty(deps.config(), readOtherPartyConfirmation(deps.ledger));
  const refusal = (): CashRefusal | null => {
    if (party() !== null) return null;
    const named = namedParty(deps.config());
    return {
      reason: 'fiscal-not-confirmed',
      detail:
        named === null
          ? "KIOSK_FISCAL=none, and central's configuration names no party that fiscalises"
          : `KIOSK_FISCAL=none: an operator has not confirmed that "${named}" fiscalises`,
    };
  };
  return {
    adapter: 'none',
    fiscal: null,
    lastCondition: () => null,
    fiscalTerms: undefined,
    checkBeforeCash: async () => refusal(),
    blocked: () => refusal()?.reason ?? null,
    paymentFiscal() {
      const confirmed = party();
      return confirmed === null
        ? undefined
        : { state: 'other-party', document: null, fiscalizedBy: confirmed };
    },
    confirmedParty: party,
    heartbeat: () => null,
    async start() {},
    async close() {},
  };
}

type State = Omit<DeviceState, 'sinceMs'>;

/** The registrar's line on the status screen: the gate's verdict in the operator's words. */
function deviceStateOf(
  adapter: string,
  gate: FiscalGate,
  refusal: CashRefusal | null,
  condition: FiscalCondition | null,
): State {
  const shift = condition === null ? '' : ` Shift ${condition.shiftNumber} ${condition.shift}.`;
  if (refusal === null) {
    const warnings = gate.kind === 'ok' ? gate.warnings : [];
    return warnings.length === 0
      ? { adapter, health: 'ok', code: 'ready', detail: `Ready.${shift}` }
      : { adapter, health: 'warning', code: warnings[0] ?? 'warning', detail: warnings.join(', ') };
  }
  const health = refusal.reason === 'fiscal-offline' ? 'absent' : 'fault';
  return { adapter, health, code: refusal.reason, detail: refusal.detail.slice(0, 500) };
}
