import { assert } from './assert.ts';
import { type Kopecks, rubles } from './money.ts';

/** Every bound of the system in one place; their relations are asserted at load time. */
export const limits = {
  /** Per-payment cap: a note that would exceed it is returned, not stacked (docs/domain.md §2). */
  depositKopecksMaxDefault: rubles(15_000) as Kopecks,
  /**
   * 115-ФЗ (art. 7 p. 1.4): a payment agent may take cash from a person it has not identified
   * up to 15 000 ₽ per operation. The kiosk identifies nobody, so no setting and no central
   * configuration may raise a payment's cash above this; both are clamped to it and a setting
   * above it is refused.
   */
  anonymousCashKopecksMax: rubles(15_000) as Kopecks,
  /** The highest cap anything may configure: the 115-ФЗ bound above. */
  depositKopecksMaxCeiling: rubles(15_000) as Kopecks,
  /** One IPC/WebSocket message; anything larger is refused unread. */
  ipcMessageBytesMax: 64 * 1024,
  /** Concurrent WebSocket clients of the headless host (kiosk screen, panel, tests). */
  wsClientsMax: 16,
  /** Outstanding requests per WebSocket client before it is told to slow down. */
  wsInflightMax: 64,
  /** Notes in one deposit session; a real cassette holds 500–2000 notes. */
  notesPerDepositMax: 200,
  /** Idle timeout of payer screens before the countdown warning. */
  idleTimeoutMsDefault: 60_000,
  /** WCAG 2.2.1: at least 20 s to answer «are you still there?». */
  idleWarningMs: 20_000,
  /** CCNET escrow is returned by the device after 10 s: decide far below that. */
  escrowDecisionMsMax: 2_000,
  ccnetEscrowTimeoutMs: 10_000,
} as const;

assert(limits.depositKopecksMaxDefault <= limits.depositKopecksMaxCeiling, 'limits: cap');
assert(limits.depositKopecksMaxCeiling <= limits.anonymousCashKopecksMax, 'limits: 115-ФЗ');
assert(limits.idleWarningMs < limits.idleTimeoutMsDefault, 'limits: idle warning');
assert(limits.escrowDecisionMsMax < limits.ccnetEscrowTimeoutMs, 'limits: escrow');
