/**
 * What the emulated ККТ prints on its receipt tape: the host's own lines (17h/2Fh) and the
 * fiscal body it composes itself for every document from the ФН's data, with the printed
 * titles of FFD table 4 (docs/protocols/shtrih-emulator.md, "Printed tape"). Lines are the
 * ESC/POS emulator's decoded lines, so its text and PNG renderers draw our tape too.
 */
import { wrapText } from '../../protocol/escpos/text-wrap.ts';
import type { DecodedLine } from '../escpos/decoded-receipt.ts';
import { printedDateTime, qrDateTime } from './clock.ts';
import { type Registration, registrationNumber } from './registration.ts';
import type { IssuedDocument, ItemRecord } from './state.ts';
import { agentBits, agentSignText, structureMembers, tlvText } from './tlv-view.ts';

export type TapeLine = DecodedLine;

export const TAPE_COLUMNS_DEFAULT = 42;

export function text(
  value: string,
  style: { align?: 'left' | 'center' | 'right'; bold?: boolean; double?: boolean } = {},
): TapeLine {
  return {
    kind: 'text',
    text: value,
    align: style.align ?? 'left',
    bold: style.bold ?? false,
    widthMultiplier: style.double ? 2 : 1,
    heightMultiplier: style.double ? 2 : 1,
  };
}

/** A long text (a name, an address) over as many lines as it takes. */
export function wrapped(value: string, columns: number, indent = ''): TapeLine[] {
  return wrapText(value, columns - indent.length).map((part) => text(`${indent}${part}`));
}

/** `ЛЕВОЕ          ПРАВОЕ` across the tape; the left part is cut if both do not fit. */
export function pair(left: string, right: string, columns: number): TapeLine {
  const room = Math.max(0, columns - [...right].length - 1);
  const head = [...left].slice(0, room).join('');
  const gap = Math.max(1, columns - [...head].length - [...right].length);
  return text(`${head}${' '.repeat(gap)}${right}`);
}

/** Kopecks as `1234.56`, as the ККТ prints and the QR carries sums. */
export function money(kopecks: number): string {
  const rubles = Math.floor(kopecks / 100);
  return `${rubles}.${String(kopecks % 100).padStart(2, '0')}`;
}

function quantity(millionths: number): string {
  const whole = Math.floor(millionths / 1_000_000);
  const fraction = String(millionths % 1_000_000)
    .padStart(6, '0')
    .slice(0, 3);
  return `${whole}.${fraction}`;
}

const OPERATION_TITLES: Record<number, string> = {
  1: 'ПРИХОД',
  2: 'ВОЗВРАТ ПРИХОДА',
  3: 'РАСХОД',
  4: 'ВОЗВРАТ РАСХОДА',
};

const TAX_SYSTEM_TITLES = ['ОСН', 'УСН ДОХОД', 'УСН ДОХОД-РАСХОД', 'ЕНВД', 'ЕСХН', 'ПСН'];

export function taxSystemTitle(mask: number): string {
  const bit = TAX_SYSTEM_TITLES.findIndex((_, index) => mask === 1 << index);
  return bit < 0 ? `0x${mask.toString(16)}` : TAX_SYSTEM_TITLES[bit]!;
}

const TAX_RATE_TITLES: [number, string][] = [
  [0x01, 'НДС 20%'],
  [0x02, 'НДС 10%'],
  [0x04, 'НДС 0%'],
  [0x08, 'БЕЗ НДС'],
  [0x10, 'НДС 20/120'],
  [0x20, 'НДС 10/110'],
];

function itemLines(item: ItemRecord, columns: number): TapeLine[] {
  const lines: TapeLine[] = [];
  if (!item.name.startsWith('//')) lines.push(...wrapped(item.name, columns));
  const calc = `${quantity(item.quantityMillionths)} X ${money(item.priceKopecks)}`;
  lines.push(pair(`  ${calc}`, `=${money(item.amountKopecks)}`, columns));
  const sign = agentBits(item.tlvs, 1222);
  const signText = sign === null ? null : agentSignText(sign);
  if (signText) lines.push(text(`  ${signText}`));
  const supplier = structureMembers(item.tlvs, 1224);
  for (const name of tlvText(supplier, 1225)) {
    lines.push(...wrapped(`ПОСТАВЩИК ${name}`, columns, '  '));
  }
  for (const phone of tlvText(supplier, 1171)) lines.push(text(`  ТЛФ. ПОСТ. ${phone}`));
  for (const inn of tlvText(item.tlvs, 1226)) lines.push(text(`  ИНН ПОСТАВЩИКА ${inn}`));
  const rate = TAX_RATE_TITLES.find(([bit]) => (item.taxBits & bit) !== 0);
  if (rate) lines.push(text(`  ${rate[1]}`));
  return lines;
}

function requisites(doc: IssuedDocument, reg: Registration, columns: number): TapeLine[] {
  return [
    ...wrapped(reg.userName, columns),
    pair('ИНН', reg.userInn, columns),
    ...wrapped(reg.address, columns),
    ...wrapped(reg.place, columns),
    pair('АВТОМАТ', reg.automatNumber, columns),
    pair('РН ККТ', registrationNumber(reg), columns),
    pair('ФН', doc.fnNumber, columns),
    pair('ФД', String(doc.fdNumber), columns),
    pair('ФП', String(doc.fiscalSign), columns),
    pair('СМЕНА', String(doc.shiftNumber), columns),
  ];
}

/** The body of a receipt or a correction receipt, as the ККТ prints it after closing. */
export function receiptBody(doc: IssuedDocument, reg: Registration, columns: number): TapeLine[] {
  const lines: TapeLine[] = [];
  const title = doc.kind === 'correction' ? 'КАССОВЫЙ ЧЕК КОРРЕКЦИИ' : 'КАССОВЫЙ ЧЕК';
  lines.push(text(title, { align: 'center', bold: true }));
  lines.push(text(OPERATION_TITLES[doc.operation ?? 1] ?? 'ПРИХОД', { align: 'center' }));
  if (doc.kind === 'correction') {
    lines.push(text(doc.correctionType === 1 ? 'ПО ПРЕДПИСАНИЮ' : 'САМОСТОЯТЕЛЬНО'));
  }
  for (const item of doc.items) lines.push(...itemLines(item, columns));
  const total = doc.totalKopecks ?? 0;
  lines.push(pair('ИТОГ', `=${money(total)}`, columns));
  const payments = doc.payments;
  if (payments && payments.cashKopecks > 0) {
    lines.push(pair('НАЛИЧНЫМИ', `=${money(payments.cashKopecks)}`, columns));
  }
  if (payments && payments.electronicKopecks > 0) {
    lines.push(pair('БЕЗНАЛИЧНЫМИ', `=${money(payments.electronicKopecks)}`, columns));
  }
  if ((doc.changeKopecks ?? 0) > 0) {
    lines.push(pair('СДАЧА', `=${money(doc.changeKopecks ?? 0)}`, columns));
  }
  const agent = agentBits(doc.tlvs, 1057);
  const agentText = agent === null ? null : agentSignText(agent);
  if (agentText) lines.push(text(agentText));
  for (const phone of tlvText(doc.tlvs, 1073)) lines.push(pair('ТЛФ. ПЛ. АГЕНТА', phone, columns));
  for (const phone of tlvText(doc.tlvs, 1074)) {
    lines.push(pair('ТЛФ. ОП. ПР. ПЛАТЕЖА', phone, columns));
  }
  for (const phone of tlvText(doc.tlvs, 1171)) lines.push(pair('ТЛФ. ПОСТ.', phone, columns));
  if (doc.taxSystemMask !== null) {
    lines.push(pair('СНО', taxSystemTitle(doc.taxSystemMask), columns));
  }
  lines.push(...requisites(doc, reg, columns));
  lines.push(pair('ЧЕК', String(doc.receiptNumber ?? 0), columns));
  lines.push(pair('ДАТА ВРЕМЯ', printedDateTime(doc.issuedAtMs), columns));
  lines.push(pair('САЙТ ФНС', reg.fnsSite, columns));
  if (doc.qr !== null) lines.push({ kind: 'qr', payload: doc.qr, moduleSize: 4, errorLevel: 'L' });
  return lines;
}

/** Shift open / close reports (and the X report, which has no ФН document). */
export function shiftReport(
  title: string,
  doc: IssuedDocument | null,
  reg: Registration,
  totals: { receipts: number; incomeKopecks: number; shiftNumber: number; atMs: number },
  columns: number,
): TapeLine[] {
  const lines: TapeLine[] = [text(title, { align: 'center', bold: true })];
  if (doc === null || doc.kind === 'shift-close') {
    lines.push(pair('ЧЕКОВ ЗА СМЕНУ', String(totals.receipts), columns));
    lines.push(pair('ПРИХОД', `=${money(totals.incomeKopecks)}`, columns));
  }
  if (doc === null) {
    lines.push(...wrapped(reg.userName, columns));
    lines.push(pair('ИНН', reg.userInn, columns));
    lines.push(pair('СМЕНА', String(totals.shiftNumber), columns));
    lines.push(pair('ДАТА ВРЕМЯ', printedDateTime(totals.atMs), columns));
    return lines;
  }
  lines.push(...requisites(doc, reg, columns));
  lines.push(pair('ДАТА ВРЕМЯ', printedDateTime(doc.issuedAtMs), columns));
  return lines;
}

/** The fiscal QR of FFD §14–15: `t=…&s=…&fn=…&i=…&fp=…&n=…`. */
export function fiscalQr(doc: {
  issuedAtMs: number;
  totalKopecks: number;
  fnNumber: string;
  fdNumber: number;
  fiscalSign: number;
  operation: number;
}): string {
  return (
    `t=${qrDateTime(doc.issuedAtMs)}&s=${money(doc.totalKopecks)}&fn=${doc.fnNumber}` +
    `&i=${doc.fdNumber}&fp=${doc.fiscalSign}&n=${doc.operation}`
  );
}
