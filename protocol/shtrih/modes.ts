/**
 * The mode byte, the submode and the flags word of 10h/11h (docs/protocols/shtrih.md §8). The
 * low nibble of the mode byte is the mode, the high nibble its status (which document is open in
 * mode 8).
 */

export const Mode = {
  printingBufferedReport: 0,
  dataOutput: 1,
  shiftOpen: 2,
  shiftExpired: 3,
  shiftClosed: 4,
  blockedByTaxPassword: 5,
  waitingDateConfirmation: 6,
  decimalPointChange: 7,
  documentOpen: 8,
  technologicalReset: 9,
  testRun: 10,
  printingFiscalReport: 11,
  slipDocument: 12,
  slipPrinting: 13,
  slipFormed: 14,
} as const;

/** Mode 8 status: which document is open. */
export const OpenDocument = {
  sale: 0,
  purchase: 1,
  saleReturn: 2,
  purchaseReturn: 3,
  nonFiscal: 4,
} as const;

export const Submode = {
  idle: 0,
  passivePaperOut: 1,
  activePaperOut: 2,
  waitingContinue: 3,
  printingFullReport: 4,
  printing: 5,
} as const;

/** Flags word bits on the kiosk models (Pay series). */
export const StatusFlag = {
  receiptRollPresent: 1 << 1,
  decimalPoint: 1 << 4,
  receiptPaperOptical: 1 << 7,
  receiptLeverDown: 1 << 9,
  coverOpen: 1 << 10,
  paperInPresenter: 1 << 11,
} as const;

export type DecodedMode = { mode: number; status: number };

export function decodeMode(byte: number): DecodedMode {
  return { mode: byte & 0x0f, status: byte >>> 4 };
}

export function encodeMode(mode: number, status = 0): number {
  return ((status & 0x0f) << 4) | (mode & 0x0f);
}

export type PaperSensor = 'optical' | 'roll';

export type DecodedFlags = {
  paperPresent: boolean;
  coverOpen: boolean;
  /** The thermal head lever is down (closed): printing is possible. */
  leverDown: boolean;
  paperInPresenter: boolean;
};

/**
 * The kiosk models have a weight sensor (roll present) that reports a half-empty roll as empty,
 * and an optical paper sensor; which one tells the truth is a setting (optical by default).
 */
export function decodeFlags(flags: number, sensor: PaperSensor = 'optical'): DecodedFlags {
  const paperBit =
    sensor === 'optical' ? StatusFlag.receiptPaperOptical : StatusFlag.receiptRollPresent;
  return {
    paperPresent: (flags & paperBit) !== 0,
    coverOpen: (flags & StatusFlag.coverOpen) !== 0,
    leverDown: (flags & StatusFlag.receiptLeverDown) !== 0,
    paperInPresenter: (flags & StatusFlag.paperInPresenter) !== 0,
  };
}

const MODE_NAMES: Readonly<Record<number, string>> = {
  0: 'печать отчёта из буфера',
  1: 'выдача данных',
  2: 'открытая смена, 24 часа не кончились',
  3: 'открытая смена, 24 часа кончились',
  4: 'закрытая смена',
  5: 'блокировка по неправильному паролю налогового инспектора',
  6: 'ожидание подтверждения ввода даты',
  7: 'разрешение изменения положения десятичной точки',
  8: 'открытый документ',
  9: 'разрешение технологического обнуления',
  10: 'тестовый прогон',
  11: 'печать полного фискального отчёта',
  12: 'работа с фискальным подкладным документом',
  13: 'печать подкладного документа',
  14: 'фискальный подкладной документ сформирован',
};

export function modeName(byte: number): string {
  const { mode, status } = decodeMode(byte);
  const name = MODE_NAMES[mode] ?? `режим ${mode}`;
  return mode === Mode.documentOpen ? `${name} (${status})` : name;
}
