/** Fiscal samples shared by the fiscal tests: a configuration, terms and seeded payments. */
import type { FiscalConfig } from '../../common/central-wire-config.ts';
import type { FiscalTerms } from '../../main/core/fiscal-receipt.ts';
import type { Ledger } from '../../main/ledger/ledger.ts';
import { seedTransfers } from './sync-support.ts';

export const sampleFiscalConfig: FiscalConfig = {
  mode: 'registrar',
  taxSystem: 'usn-income',
  automatNumber: '00012',
  settlementAddress: 'Москва, ул. Матросская Тишина, 18',
  settlementPlace: 'Зал ожидания',
  shiftCloseLocalTime: '03:30',
  ofdUnsentDaysWarn: 1,
  ofdUnsentDaysBlock: 25,
  fnExpiryDaysWarn: 30,
  fnExpiryDaysBlock: 3,
};

export const sampleFiscalTerms: FiscalTerms = {
  taxSystem: 'usn-income',
  agent: {
    name: 'ООО «Агент»',
    inn: '7704123587',
    address: 'Москва, ул. Мясницкая, 24',
    phone: '+7 495 215-38-60',
  },
  operator: { name: 'АО «Оператор»', inn: '7705312467', phone: '8 800 250-61-14' },
  supplier: { name: 'УФК по г. Москве', inn: '7709018875', phone: '+7 495 609-17-42' },
  terminalId: 'KIOSK-0001',
  automatNumber: '00012',
  settlementAddress: 'Москва, ул. Матросская Тишина, 18',
  settlementPlace: 'Зал ожидания',
  fnsSiteUrl: 'www.nalog.gov.ru',
  principalItemName: 'Перевод на лицевой счёт',
  feeItemName: 'Вознаграждение платёжного агента',
  trackingUrl: null,
  trackingCode: null,
  supportPhone: '8 800 301-47-25',
};

/** Payments committed with their fiscal intent (one note each); returns their transfer ids. */
export function seedFiscalPayments(
  ledger: Ledger,
  input: { count: number; startMs: number; noteKopecksFor?: (index: number) => number },
): string[] {
  return seedTransfers(ledger, { ...input, fiscal: sampleFiscalTerms });
}
