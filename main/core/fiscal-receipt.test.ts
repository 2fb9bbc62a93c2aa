import { describe, expect, it } from 'vitest';
import type { TerminalConfig } from '../../common/central-wire-config.ts';
import { kopecks } from '../../common/money.ts';
import { fiscalReceiptRequestOf } from './fiscal-receipt.ts';
import { fiscalisesHere, fiscalTermsOf } from './fiscal-terms.ts';

const config: TerminalConfig = {
  terminalId: 'KIOSK-0001',
  facilityIds: ['msk-sizo-1'],
  paymentKopecksMin: kopecks(1_000),
  paymentKopecksMax: kopecks(1_500_000),
  commissionRateBasisPoints: 250,
  commissionKopecksMin: kopecks(3_000),
  acceptedNotesKopecks: [kopecks(10_000)],
  languages: ['ru'],
  supportPhone: '8 800 301-47-25',
  creditingDaysText: '3 дня',
  agent: {
    name: 'ООО «Агент»',
    inn: '7704123587',
    address: 'Москва, ул. Мясницкая, 24',
    phone: '+7 495 215-38-60',
    operatorName: 'АО «Оператор»',
    operatorInn: '7705312467',
    operatorPhone: '8 800 250-61-14',
  },
  supplier: { name: 'УФК по г. Москве', inn: '7709018875', phone: '+7 495 609-17-42' },
  rosterPublicKeyPem: 'pem',
  letterPageKopecks: kopecks(5_000),
  replyBlankKopecks: kopecks(5_000),
  trackingUrlPrefix: 'https://c.example/t/',
  version: 3,
  fiscal: {
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
  },
};

const tracking = { url: 'https://c.example/t/0190-id?c=K7M2QX9P', code: 'K7M2QX9P' };

describe('fiscal receipt of a payment agent', () => {
  it('principal as «платёж» with the supplier, the fee in the agent’s own name', () => {
    const terms = fiscalTermsOf({ config, recipientKind: 'inmate', tracking });
    expect(terms).not.toBeNull();
    const request = fiscalReceiptRequestOf(
      {
        acceptedKopecks: kopecks(100_000),
        commissionKopecks: kopecks(3_000),
        creditedKopecks: kopecks(97_000),
      },
      terms!,
    );
    expect(request.ok).toBe(true);
    if (!request.ok) return;
    expect(request.value.items).toEqual([
      {
        name: 'Перевод на лицевой счёт',
        priceKopecks: 97_000,
        subject: 'payment',
        // The registrar gets phones as the format wants them: + and digits (fiscal-phone.ts).
        supplier: { ...config.supplier, phone: '+74956091742' },
      },
      {
        name: 'Вознаграждение платёжного агента',
        priceKopecks: 3_000,
        subject: 'agent-fee',
        supplier: null,
      },
    ]);
    expect(request.value.cashKopecks).toBe(100_000);
    expect(request.value.taxSystem).toBe('usn-income');
    expect(request.value.agentPhones).toEqual(['+74952153860']);
    expect(request.value.operatorPhone).toBe('+78002506114');
    expect(request.value.supplierPhone).toBe('+74956091742');
    expect(request.value.headerLines).toEqual([
      'ООО «Агент»',
      'ИНН 7704123587',
      'Москва, ул. Мясницкая, 24',
      'Терминал KIOSK-0001, автомат № 00012',
      'Место расчётов: Зал ожидания',
    ]);
    expect(request.value.footerLines).toEqual([
      'Статус перевода:',
      tracking.url,
      'Код проверки: K7M2-QX9P',
      'Поддержка: 8 800 301-47-25',
      'Сайт ФНС: www.nalog.gov.ru',
    ]);
  });

  it('no fee: one item; no tracking key: no link', () => {
    const terms = fiscalTermsOf({ config, recipientKind: 'inmate', tracking: null })!;
    const request = fiscalReceiptRequestOf(
      {
        acceptedKopecks: kopecks(5_000),
        commissionKopecks: kopecks(0),
        creditedKopecks: kopecks(5_000),
      },
      terms,
    );
    expect(request.ok && request.value.items.length).toBe(1);
    expect(request.ok && request.value.footerLines[0]).toBe('Поддержка: 8 800 301-47-25');
  });

  it("names a logged-in payer under the receipt, first; an anonymous payer's names none", () => {
    const terms = fiscalTermsOf({ config, recipientKind: 'inmate', tracking: null })!;
    const amounts = {
      acceptedKopecks: kopecks(5_000),
      commissionKopecks: kopecks(0),
      creditedKopecks: kopecks(5_000),
    };
    const named = fiscalReceiptRequestOf(amounts, { ...terms, senderName: 'Орлов Илья' });
    expect(named.ok && named.value.footerLines[0]).toBe('Отправитель: Орлов Илья');
    const anonymous = fiscalReceiptRequestOf(amounts, terms);
    expect(anonymous.ok && anonymous.value.footerLines.join('\n')).not.toContain('Отправитель');
  });

  it('a wallet top-up is owed to the operator, who is its supplier', () => {
    const terms = fiscalTermsOf({ config, recipientKind: 'wallet', tracking: null })!;
    expect(terms.supplier).toEqual({
      name: 'АО «Оператор»',
      inn: '7705312467',
      phone: '8 800 250-61-14',
    });
    expect(terms.principalItemName).toBe('Пополнение кошелька');
  });

  it('amounts that do not add up, or nothing for the recipient, are refused', () => {
    const terms = fiscalTermsOf({ config, recipientKind: 'inmate', tracking: null })!;
    const bad = fiscalReceiptRequestOf(
      {
        acceptedKopecks: kopecks(5_000),
        commissionKopecks: kopecks(1),
        creditedKopecks: kopecks(5_000),
      },
      terms,
    );
    expect(bad).toMatchObject({ ok: false, error: { kind: 'amounts' } });
    const none = fiscalReceiptRequestOf(
      {
        acceptedKopecks: kopecks(3_000),
        commissionKopecks: kopecks(3_000),
        creditedKopecks: kopecks(0),
      },
      terms,
    );
    expect(none).toMatchObject({ ok: false, error: { kind: 'no-principal' } });
  });

  it('no terms when another party fiscalises, without a fiscal block or a supplier', () => {
    const other = {
      ...config,
      fiscal: { ...config.fiscal!, mode: 'other-party' as const, fiscalizedBy: 'Банк' },
    };
    expect(fiscalTermsOf({ config: other, recipientKind: 'inmate', tracking: null })).toBeNull();
    expect(fiscalisesHere(other)).toBe(false);
    const { fiscal: _fiscal, ...older } = config;
    expect(fiscalTermsOf({ config: older, recipientKind: 'inmate', tracking: null })).toBeNull();
    expect(fiscalisesHere(older)).toBe(false);
    expect(fiscalisesHere(null)).toBe(false);
    expect(fiscalisesHere(config)).toBe(true);
    const { supplier: _supplier, ...noSupplier } = config;
    expect(
      fiscalTermsOf({ config: noSupplier, recipientKind: 'inmate', tracking: null }),
    ).toBeNull();
  });
});
