import { assert, assertNever } from '../../common/assert.ts';
import { formatRublesPlain, type Kopecks, kopecks } from '../../common/money.ts';
import type { ReceiptDocument, ReceiptLine } from '../../common/ports.ts';
import { formatTrackingCode, trackingUrl } from '../../common/tracking-code.ts';
import {
  columnsOf,
  placeOnPaper,
  plainReceiptText,
  wrapProse,
  wrapText,
} from '../../protocol/escpos/text-wrap.ts';

export { maskRecipient } from '../../common/names-mask.ts';

/** Everything a payment receipt shows. Pure data: the caller formats time, the layout nothing. */
export type ReceiptData = {
  /** The payment agent (operator of the kiosk network); its phone from central's config. */
  agent: { name: string; address: string; inn: string; phone?: string };
  /** The payment-acceptance operator and the supplier (103-ФЗ art. 5): name, ИНН, phone. */
  operator?: Requisites;
  supplier?: Requisites;
  terminal: { id: string; address: string };
  /** Local date and time, already formatted (see formatLocalTime): «25.11.2026 14:05». */
  localTimeText: string;
  /** Transfer id (UUIDv7), printable ASCII. */
  transferId: string;
  /** Whom the cash went to, by kind (common/contract/payment.ts `Recipient`). */
  recipient:
    | {
        kind: 'inmate';
        /** From maskRecipient(): «Иванов И. И., 1985 г.р.». */
        masked: string;
        facilityName: string;
      }
    | {
        /** A cash top-up of the payer's own wallet instead of a transfer to an inmate. */
        kind: 'wallet';
        /** «+7 *** ***-45-67». */
        maskedPhone: string;
      };
  /**
   * The logged-in payer's name as central's account holds it (a transfer to an inmate only):
   * «Отправитель: …». Absent for an anonymous payer: nothing is printed.
   */
  sender?: string;
  /** A letter paid from this top-up (common/letter.ts); `paid` false when the cash fell short. */
  letter?: {
    recipientMasked: string;
    facilityName: string;
    pages: number;
    replyBlanks: number;
    priceKopecks: Kopecks;
    paid: boolean;
  };
  acceptedKopecks: Kopecks;
  commissionKopecks: Kopecks;
  creditedKopecks: Kopecks;
  /** «в течение 3 рабочих дней». */
  creditingTimeText: string;
  supportPhone: string;
  /** Completed after a crash or timeout: prints «ВОССТАНОВЛЕННЫЙ ПЛАТЁЖ». */
  recovered: boolean;
  /** A reprint: prints «КОПИЯ». */
  copy: boolean;
  /**
   * Tracking URL prefix, ASCII, e.g. «https://pay.example.ru/t/»: the QR carries prefix + id.
   * Null: the QR carries `KIOSK-TR:<id>`.
   */
  trackingUrlPrefix: string | null;
  /**
   * The transfer's tracking code (common/tracking-code.ts), printed under the QR and part of its
   * URL. Absent (no key from central): the QR carries `KIOSK-TR:<id>`, which no page answers.
   */
  trackingCode?: string;
  /** Version of central's terminal configuration the commission came from, when known. */
  configVersion?: number;
  /**
   * KIOSK_FISCAL=none: who issues the fiscal receipt of this payment (confirmed by the
   * operator, docs/fiscal-integration.md). This slip is then not the fiscal receipt and says so.
   */
  fiscalizedBy?: string;
};

export type Requisites = { name: string; inn: string; phone: string };

export type ReceiptWidth = ReceiptDocument['widthColumns'];

const PRINTABLE_ASCII = /^[\x21-\x7e]+$/;

/** The QR payload: ASCII only (the printer's QR store takes bytes, Cyrillic would be lost). */
export function receiptQrPayload(data: ReceiptData): string {
  const payload =
    data.trackingUrlPrefix === null || data.trackingCode === undefined
      ? `KIOSK-TR:${data.transferId}`
      : trackingUrl(data.trackingUrlPrefix, data.transferId, data.trackingCode);
  assert(PRINTABLE_ASCII.test(payload), 'receipt: QR payload must be printable ASCII');
  return payload;
}

/** Lays a payment receipt out for a printer `widthColumns` wide. Pure: no clock, no I/O. */
export function layoutReceipt(data: ReceiptData, widthColumns: ReceiptWidth): ReceiptDocument {
  assert(
    data.acceptedKopecks === data.commissionKopecks + data.creditedKopecks,
    'receipt: accepted must equal commission + credited',
  );
  const w = widthColumns;
  const lines: ReceiptLine[] = [
    ...banner(data, w),
    ...centered(receiptTitle(data.recipient), w, true),
    { kind: 'rule' },
    ...labelled('Платёжный агент:', data.agent.name, w),
    ...pair('ИНН:', data.agent.inn, w),
    ...labelled('Адрес:', data.agent.address, w),
    ...(data.agent.phone ? pair('Телефон агента:', data.agent.phone, w) : []),
    ...requisites('Оператор по приёму платежей:', data.operator, w),
    ...requisites('Поставщик:', data.supplier, w),
    ...pair('Терминал:', data.terminal.id, w),
    ...labelled('Адрес терминала:', data.terminal.address, w),
    ...pair('Дата, время:', data.localTimeText, w),
    ...pair('Перевод №:', data.transferId, w),
    ...(data.trackingCode === undefined
      ? []
      : pair('Код проверки:', formatTrackingCode(data.trackingCode), w)),
    { kind: 'rule' },
    ...recipientBlock(data.recipient, w),
    ...(data.sender === undefined ? [] : labelled('Отправитель:', data.sender, w)),
    { kind: 'rule' },
    ...pair('Принято:', money(data.acceptedKopecks), w),
    ...pair('Комиссия:', money(data.commissionKopecks), w),
    ...pair('К зачислению:', money(data.creditedKopecks), w, true),
    ...(data.configVersion === undefined
      ? []
      : pair('Версия тарифов:', String(data.configVersion), w)),
    { kind: 'rule' },
    ...(data.letter === undefined ? [] : letterBlock(data.letter, data.creditedKopecks, w)),
    ...paragraph(`Срок зачисления: ${data.creditingTimeText}`, w),
    ...paragraph('Сохраняйте чек до зачисления средств.', w),
    ...pair('Телефон поддержки:', data.supportPhone, w),
    ...(data.fiscalizedBy === undefined
      ? []
      : paragraph(`Кассовый чек выдаёт: ${data.fiscalizedBy}`, w)),
    { kind: 'feed', lines: 1 },
    { kind: 'qr', data: receiptQrPayload(data), moduleSize: w === 32 ? 4 : 6 },
    ...(data.trackingCode === undefined || data.trackingUrlPrefix === null
      ? []
      : [
          ...centered('Статус перевода - по QR-коду', w, false),
          ...centered(`или в терминале по коду ${formatTrackingCode(data.trackingCode)}`, w, false),
        ]),
  ];
  if (data.copy) lines.push({ kind: 'feed', lines: 1 }, ...big('КОПИЯ', w));
  return { widthColumns, lines };
}

/** A party's name, then its ИНН and phone; nothing when central did not name it. */
function requisites(label: string, party: Requisites | undefined, w: ReceiptWidth): ReceiptLine[] {
  if (party === undefined) return [];
  return [
    ...labelled(label, party.name, w),
    ...pair('ИНН:', party.inn, w),
    ...pair('Телефон:', party.phone, w),
  ];
}

function receiptTitle(recipient: ReceiptData['recipient']): string {
  switch (recipient.kind) {
    case 'inmate':
      return 'ПЕРЕВОД НА ЛИЦЕВОЙ СЧЁТ';
    case 'wallet':
      return 'ПОПОЛНЕНИЕ КОШЕЛЬКА';
    default:
      return assertNever(recipient);
  }
}

function recipientBlock(recipient: ReceiptData['recipient'], w: ReceiptWidth): ReceiptLine[] {
  switch (recipient.kind) {
    case 'inmate':
      return [
        ...labelled('Получатель:', recipient.masked, w),
        ...labelled('Учреждение:', recipient.facilityName, w),
      ];
    case 'wallet':
      return labelled('Кошелёк:', recipient.maskedPhone, w);
    default:
      return assertNever(recipient);
  }
}

/** What the top-up paid: the letter, its price and what stays on the wallet (or why not). */
function letterBlock(
  letter: NonNullable<ReceiptData['letter']>,
  creditedKopecks: Kopecks,
  w: ReceiptWidth,
): ReceiptLine[] {
  const lines: ReceiptLine[] = [
    ...labelled('Письмо:', letter.recipientMasked, w),
    ...labelled('Учреждение:', letter.facilityName, w),
    ...pair('Страниц:', String(letter.pages), w),
    ...pair('Бланков для ответа:', String(letter.replyBlanks), w),
  ];
  if (letter.paid) {
    assert(letter.priceKopecks <= creditedKopecks, 'receipt: a paid letter costs ≤ the cash');
    lines.push(
      ...pair('Оплата письма с кошелька:', money(letter.priceKopecks), w, true),
      ...pair('Останется на кошельке:', money(kopecks(creditedKopecks - letter.priceKopecks)), w),
    );
  } else {
    lines.push(
      ...pair('Цена письма:', money(letter.priceKopecks), w),
      ...paragraph('Письмо НЕ оплачено: внесено меньше его цены. Вся сумма на кошельке.', w),
    );
  }
  lines.push({ kind: 'rule' });
  return lines;
}

function banner(data: ReceiptData, w: ReceiptWidth): ReceiptLine[] {
  const lines: ReceiptLine[] = [];
  if (data.copy) lines.push(...big('КОПИЯ', w));
  if (data.recovered) {
    lines.push(...big('ВОССТАНОВЛЕННЫЙ ПЛАТЁЖ', w));
    lines.push(...centered('Платёж завершён после сбоя терминала', w, false));
  }
  if (lines.length > 0) lines.push({ kind: 'feed', lines: 1 });
  return lines;
}

function money(value: Kopecks): string {
  return `${formatRublesPlain(value)} руб.`;
}

function text(content: string, align: 'left' | 'center' | 'right', bold = false): ReceiptLine {
  return bold
    ? { kind: 'text', text: content, align, bold }
    : { kind: 'text', text: content, align };
}

/** Double width and height, bold, centred; wrapped to half the columns. */
function big(content: string, w: ReceiptWidth): ReceiptLine[] {
  return wrapProse(plainReceiptText(content), Math.floor(w / 2)).map((piece) => ({
    kind: 'text',
    text: piece,
    align: 'center',
    bold: true,
    size: 2,
  }));
}

function centered(content: string, w: ReceiptWidth, bold: boolean): ReceiptLine[] {
  return wrapProse(plainReceiptText(content), w).map((piece) => text(piece, 'center', bold));
}

function paragraph(content: string, w: ReceiptWidth): ReceiptLine[] {
  return wrapProse(plainReceiptText(content), w).map((piece) => text(piece, 'left'));
}

/** A label on its own line, the value wrapped below it: for long names and addresses. */
function labelled(label: string, value: string, w: ReceiptWidth): ReceiptLine[] {
  return [text(label, 'left'), ...paragraph(value, w)];
}

/**
 * «Label      value» on one line when both fit with a space between; otherwise the label,
 * then the value right-aligned and wrapped below it.
 */
function pair(label: string, value: string, w: ReceiptWidth, bold = false): ReceiptLine[] {
  const cleanLabel = plainReceiptText(label);
  const cleanValue = plainReceiptText(value).trim();
  const gap = w - columnsOf(cleanLabel) - columnsOf(cleanValue);
  if (gap >= 1) return [text(`${cleanLabel}${' '.repeat(gap)}${cleanValue}`, 'left', bold)];
  // A value that needs a line of its own sits right, under its label; one that needs more
  // (a long id on a narrow roll) is split and left-aligned so its pieces read as one string.
  const pieces = wrapText(cleanValue, w);
  const align = pieces.length === 1 ? 'right' : 'left';
  return [text(cleanLabel, 'left', bold), ...pieces.map((piece) => text(piece, align, bold))];
}

/** The receipt as plain text, as it would look on paper (no styles, QR as `[QR: …]`). */
export function receiptText(document: ReceiptDocument): string {
  const w = document.widthColumns;
  const out: string[] = [];
  for (const line of document.lines) {
    switch (line.kind) {
      case 'text':
        for (const piece of wrapText(line.text, Math.floor(w / (line.size ?? 1)))) {
          out.push(placeOnPaper(piece, line.align ?? 'left', line.size ?? 1, w));
        }
        break;
      case 'rule':
        out.push('-'.repeat(w));
        break;
      case 'feed':
        for (let index = 0; index < line.lines; index += 1) out.push('');
        break;
      case 'qr':
        out.push(placeOnPaper(`[QR: ${line.data}]`, 'center', 1, w));
        break;
    }
  }
  return `${out.join('\n')}\n`;
}

/** «25.11.2026 14:05» from epoch ms and the kiosk's UTC offset; pure (no Date.now, no TZ). */
export function formatLocalTime(epochMs: number, utcOffsetMinutes: number): string {
  assert(Number.isSafeInteger(epochMs), 'formatLocalTime: epochMs');
  assert(Math.abs(utcOffsetMinutes) <= 14 * 60, 'formatLocalTime: offset');
  const local = new Date(epochMs + utcOffsetMinutes * 60_000);
  const two = (value: number): string => String(value).padStart(2, '0');
  const date = `${two(local.getUTCDate())}.${two(local.getUTCMonth() + 1)}.${local.getUTCFullYear()}`;
  return `${date} ${two(local.getUTCHours())}:${two(local.getUTCMinutes())}`;
}

/**
 * The service page an operator prints when installing a printer: if the Russian lines come out
 * as garbage, the printer's CP866 table number (ESC t n) is wrong (docs/protocols/escpos.md §2).
 */
export function layoutCodePageTest(widthColumns: ReceiptWidth, codePage: number): ReceiptDocument {
  const lines: ReceiptLine[] = [
    ...centered('ПРОВЕРКА КОДОВОЙ СТРАНИЦЫ', widthColumns, true),
    { kind: 'rule' },
    ...paragraph(`Таблица ESC t ${codePage} (CP866)`, widthColumns),
    ...paragraph('Съешь же ещё этих мягких французских булок, да выпей чаю.', widthColumns),
    ...paragraph('СЪЕШЬ ЖЕ ЕЩЁ ЭТИХ МЯГКИХ ФРАНЦУЗСКИХ БУЛОК, ДА ВЫПЕЙ ЧАЮ.', widthColumns),
    ...paragraph('№ 0123456789 руб. ABC xyz', widthColumns),
    { kind: 'rule' },
  ];
  return { widthColumns, lines };
}
