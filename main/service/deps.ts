import type {
  CentralData,
  EffectiveTerms,
  Facility,
  FiscalPanel,
  KioskStatus,
  ParkedItem,
  ProbedPort,
  ServiceSettings,
} from '../../common/contract.ts';
import type { Kopecks } from '../../common/money.ts';
import type { PrinterCondition, PrinterError, ReceiptDocument } from '../../common/ports.ts';
import type { Result } from '../../common/result.ts';
import type { Ledger } from '../ledger/ledger.ts';
import type { Logger } from '../log.ts';

/** What service mode needs from the ledger: settings, audit, collections, transfers, exports. */
export type ServiceLedger = Pick<
  Ledger,
  | 'settings'
  | 'audit'
  | 'totalsSinceLastCollection'
  | 'recordCollection'
  | 'listTransfers'
  | 'transferById'
  | 'outbox'
  | 'journalDump'
  | 'fiscal'
>;

/** A failure from a dependency, shown to the operator as is. */
export type DepError = { kind: string; message: string };

/** The collection report as it goes to central (POST /v1/terminal/collections). */
export type CollectionReport = {
  /** UUIDv7 made once when the collection is recorded: central's idempotency key for it. */
  reportId: string;
  collectionId: number;
  terminalId: string;
  role: 'operator' | 'collector';
  startedAtMs: number;
  endedAtMs: number;
  denominations: readonly { noteKopecks: Kopecks; expectedCount: number; countedCount: number }[];
  expectedKopecks: Kopecks;
  countedKopecks: Kopecks;
  mismatch: boolean;
  comment: string;
};

/**
 * The fiscal registrar as service mode sees it (main/app/fiscal-wiring.ts): its panel, the X and
 * Z reports, and on a KIOSK_FISCAL=none kiosk the operator's confirmation of the other party.
 */
export type ServiceFiscal = {
  panel(): Promise<FiscalPanel>;
  /** null: this kiosk has no registrar (KIOSK_FISCAL=none). */
  registrar: {
    xReport(): Promise<Result<void, DepError>>;
    closeShift(): Promise<
      Result<{ shiftNumber: number; fdNumber: number; fiscalSign: number }, DepError>
    >;
  } | null;
  /** null: this kiosk has a registrar. */
  otherParty: {
    /** Who central's configuration names (null: nobody). */
    fiscalizedBy(): string | null;
    /** Stores the confirmation (null withdraws it); the caller audits. */
    confirm(confirmation: { fiscalizedBy: string; role: string } | null): void;
  } | null;
};

/** Facts the copy of a receipt needs besides the transfer row and the agent's details. */
export type ReceiptContext = {
  utcOffsetMinutes: number;
  creditingTimeText: string;
  supportPhone: string;
  trackingUrlPrefix: string | null;
};

export type ServiceDeps = {
  ledger: ServiceLedger;
  /** KIOSK_DATA_DIR: logs/, service.key, disk space. */
  dataDir: string;
  log: Logger;
  now(): number;
  /** Main→renderer events ('service:ended', 'service:keyDetected'). */
  emit(event: 'service:ended', payload: { reason: 'timeout' | 'logout' | 'deposit' }): void;
  emitKeyDetected?(payload: { atMs: number }): void;
  /** True while a payer's deposit session has accepted cash or a note is in the acceptor. */
  depositHoldsCash(): boolean;
  /** Device states as the status model sees them. */
  status(): KioskStatus;
  printer: {
    print(document: ReceiptDocument): Promise<Result<void, PrinterError>>;
    status(): Promise<Result<PrinterCondition, PrinterError>>;
  };
  /**
   * Reprints a payment receipt marked «КОПИЯ». Absent: service mode lays the copy out itself
   * from the journal row, the agent's details and `receiptContext`.
   */
  reprint?(transferId: string): Promise<Result<void, DepError>>;
  receiptContext(): ReceiptContext;
  outbox: {
    parked(): readonly ParkedItem[];
    /** Un-parks one row so the sender tries it again. */
    retry(transferId: string): Result<void, { kind: 'not-found' | 'not-parked'; message: string }>;
  };
  central: {
    enrol(terminalId: string, code: string): Promise<Result<void, DepError>>;
    facilities(): Promise<Result<readonly Facility[], DepError>>;
    /** Queues the report for central (outbox); must not wait on the network. */
    sendCollection(report: CollectionReport): Result<void, DepError>;
    /** A cheap request to central; null when there is no central configured. */
    ping(): Promise<Result<{ latencyMs: number }, DepError>>;
    /** Roster and terminal configuration as held now: versions, ages, last errors. */
    data(): CentralData;
    /** Fetches both now and answers what is held afterwards. */
    refreshData(): Promise<CentralData>;
  };
  /** The fiscal registrar; absent on a kiosk composed without the fiscal layer (tests). */
  fiscal?: ServiceFiscal;
  /** The payment terms in force (the settings narrowed by central's configuration). */
  effectiveTerms(): EffectiveTerms;
  devices: {
    probePorts(): Promise<readonly ProbedPort[]>;
    /** Enables the acceptor for one note, then returns it to the operator. */
    testNote(): Promise<Result<{ noteKopecks: Kopecks; returned: boolean }, DepError>>;
  };
  /** Applies settings live where possible; names the fields that need a restart. */
  applySettings(settings: ServiceSettings): { restartRequired: readonly string[] };
  /** The wizard saved something (terminal id, facilities, agent): update identity live. */
  onSetupChanged?(): void;
};
