import type { FiscalCatalogue } from './fiscal-ru.ts';

/**
 * Uzbek in Latin script. Awaiting a native speaker's review (docs/TRANSLATIONS.md): drafted
 * against the Russian.
 */
export const fiscalUz: FiscalCatalogue = {
  'status.fiscal-offline': 'Kassa apparati javob bermayapti, hozir pul olinmaydi.',
  'status.fiscal-paper-out': 'Kassa apparatida chek qogʻozi tugadi, hozir pul olinmaydi.',
  'status.fiscal-cover-open': 'Kassa apparati texnik xizmat uchun ochiq, hozir pul olinmaydi.',
  'status.fiscal-fn-blocked':
    'Kassa apparati bloklangan va kassa chekini bera olmaydi, hozir pul olinmaydi.',
  'status.fiscal-fn-expired':
    'Kassa apparatida fiskal xotirani almashtirish kerak, hozir pul olinmaydi.',
  'status.fiscal-fn-critical':
    'Kassa apparati nosoz va kassa chekini bera olmaydi, hozir pul olinmaydi.',
  'status.fiscal-ofd-too-old':
    'Kassa apparati uzoq vaqt cheklarni soliq xizmatiga yubormagan, hozir pul olinmaydi.',
  'status.fiscal-shift': 'Kassa apparati smenani yopmoqda. Bir necha daqiqa kuting.',
  'status.fiscal-document-stuck':
    'Kassa apparati oldingi chekni berishni tugatmoqda. Bir necha daqiqa kuting.',
  'status.fiscal-not-confirmed':
    'Terminal kassa cheklarini berish uchun hali sozlanmagan, hozir pul olinmaydi.',
  'status.fiscal-no-requisites':
    'Terminalda kassa cheki uchun maʼlumotlar yoʻq, hozir pul olinmaydi.',
  'fiscal.startRefused': 'Kassa apparati chek bera olmaydi, hozir pul olinmaydi.',
  'success.fiscal.label': 'Kassa cheki',
  'success.fiscal.issued': 'Kassa cheki № {receipt}, smena № {shift}',
  'success.fiscal.requisites': 'FD № {fd} · FP {fp} · FN № {fn}',
  'success.fiscal.pending':
    'Kassa cheki hali chop etilmoqda. Toʻlov hisobga olindi; chek chiqmasa, yordam xizmatiga qoʻngʻiroq qiling.',
  'success.fiscal.held':
    'Kassa chekini hozir berib boʻlmadi. Toʻlov hisobga olindi, chek keyinroq beriladi; savollar boʻyicha yordam xizmatiga qoʻngʻiroq qiling.',
  'success.fiscal.otherParty': 'Kassa chekini {party} beradi.',
};
