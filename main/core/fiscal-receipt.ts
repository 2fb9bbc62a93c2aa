/**
 * The fiscal receipt of one payment, built from the transfer's amounts and the terms frozen at
 * commit (docs/fiscal.md §2). Pure: no clock, no I/O. The rule: the payment agent (103-ФЗ)
 * registers one «приход» with two items: the principal, which the agent accepts on behalf of
 * the supplier (1212 «платёж», with the supplier's name, ИНН and phone in 1224/1226), and its
 * own fee, sold in its own name (1212 «агентское вознаграждение», no supplier).
 */
import { z } from 'zod';
import { TAX_SYSTEMS } from '../../common/central-wire-config.ts';
import type { FiscalItem, FiscalReceiptRequest } from '../../common/fiscal-port.ts';
import { isKopecks, type Kopecks } from '../../common/money.ts';
import { err, ok, type Result } from '../../common/result.ts';
import { formatTrackingCode } from '../../common/tracking-code.ts';
import { ffdPhone } from './fiscal-phone.ts';

/** 1030 is at most 128 characters. */
const itemName = z.string().min(1).max(128);
const inn = z.string().regex(/^[0-9]{10,12}$/);
const phone = z.string().min(1).max(32);
const party = z.object({ name: z.string().min(1).max(200), inn, phone });

/**
 * What a payment's receipt needs besides its amounts, frozen in the ledger with the payment
 * (a receipt issued an hour later, after a crash, says what the payer was promised).
 */
export const FiscalTermsSchema = z.object({
  taxSystem: z.enum(TAX_SYSTEMS),
  agent: z.object({
    name: z.string().min(1).max(200),
    inn,
    address: z.string().min(1).max(300),
    phone,
  }),
  operator: party,
  supplier: party,
  terminalId: z.string().min(1).max(64),
  automatNumber: z.string().min(1).max(20),
  settlementAddress: z.string().min(1).max(256),
  settlementPlace: z.string().min(1).max(256),
  fnsSiteUrl: z.string().min(1).max(256),
  principalItemName: itemName,
  feeItemName: itemName,
  /** The tracking page of the transfer with its code (as the QR of the paper receipt). */
  trackingUrl: z.string().max(300).nullable(),
  trackingCode: z.string().max(16).nullable(),
  supportPhone: phone,
  /**
   * A logged-in payer's name (a transfer to an inmate), printed under the receipt as on the
   * paper one; absent for an anonymous payer and in terms frozen before it existed.
   */
  senderName: z.string().min(1).max(200).optional(),
});
export type FiscalTerms = z.infer<typeof FiscalTermsSchema>;

export type PaymentAmounts = {
  acceptedKopecks: Kopecks;
  commissionKopecks: Kopecks;
  creditedKopecks: Kopecks;
};

export const fnsSiteUrlDefault = 'www.nalog.gov.ru';

/** The agent's header: who took the money, and where. */
export function fiscalHeaderLines(terms: FiscalTerms): string[] {
  return [
    terms.agent.name,
    `ИНН ${terms.agent.inn}`,
    terms.agent.address,
    `Терминал ${terms.terminalId}, автомат № ${terms.automatNumber}`,
    `Место расчётов: ${terms.settlementPlace}`,
  ];
}

/** After the receipt: how to follow the transfer (the same link and code as the paper one). */
export function fiscalFooterLines(terms: FiscalTerms): string[] {
  const lines: string[] = [];
  if (terms.senderName !== undefined) lines.push(`Отправитель: ${terms.senderName}`);
  if (terms.trackingUrl !== null && terms.trackingCode !== null) {
    lines.push('Статус перевода:', terms.trackingUrl);
    lines.push(`Код проверки: ${formatTrackingCode(terms.trackingCode)}`);
  }
  lines.push(`Поддержка: ${terms.supportPhone}`, `Сайт ФНС: ${terms.fnsSiteUrl}`);
  return lines;
}

export type FiscalRequestProblem =
  | { kind: 'amounts'; message: string }
  | { kind: 'no-principal'; message: string };

/**
 * The request for the registrar. Total = cash taken = principal + fee; the kiosk gives no
 * change, so the cash paid (1031) equals it. A fee of 0 is no item (a receipt line of 0 ₽
 * says nothing and some firmware refuses it).
 */
export function fiscalReceiptRequestOf(
  amounts: PaymentAmounts,
  terms: FiscalTerms,
): Result<FiscalReceiptRequest, FiscalRequestProblem> {
  const { acceptedKopecks, commissionKopecks, creditedKopecks } = amounts;
  if (![acceptedKopecks, commissionKopecks, creditedKopecks].every(isKopecks)) {
    return err({ kind: 'amounts', message: 'amounts are not kopecks' });
  }
  if (commissionKopecks + creditedKopecks !== acceptedKopecks) {
    return err({ kind: 'amounts', message: 'commission + credited ≠ accepted' });
  }
  if (creditedKopecks <= 0) {
    return err({ kind: 'no-principal', message: 'nothing reaches the recipient' });
  }
  const items: FiscalItem[] = [
    {
      name: terms.principalItemName,
      priceKopecks: creditedKopecks,
      subject: 'payment',
      supplier: { ...terms.supplier, phone: ffdPhone(terms.supplier.phone) },
    },
  ];
  if (commissionKopecks > 0) {
    items.push({
      name: terms.feeItemName,
      priceKopecks: commissionKopecks,
      subject: 'agent-fee',
      supplier: null,
    });
  }
  return ok({
    items,
    cashKopecks: acceptedKopecks,
    taxSystem: terms.taxSystem,
    agentPhones: [ffdPhone(terms.agent.phone)],
    operatorPhone: ffdPhone(terms.operator.phone),
    supplierPhone: ffdPhone(terms.supplier.phone),
    headerLines: fiscalHeaderLines(terms),
    footerLines: fiscalFooterLines(terms),
  });
}
