import type { FiscalCatalogue } from './fiscal-ru.ts';

/**
 * Kyrgyz. Awaiting a native speaker's review (docs/TRANSLATIONS.md): drafted against the
 * Russian.
 */
export const fiscalKy: FiscalCatalogue = {
  'status.fiscal-offline': 'Касса аппараты жооп бербей жатат, азыр акча алынбайт.',
  'status.fiscal-paper-out': 'Касса аппаратында чек кагазы түгөндү, азыр акча алынбайт.',
  'status.fiscal-cover-open': 'Касса аппараты тейлөө үчүн ачык, азыр акча алынбайт.',
  'status.fiscal-fn-blocked':
    'Касса аппараты бөгөттөлгөн жана касса чегин бере албайт, азыр акча алынбайт.',
  'status.fiscal-fn-expired':
    'Касса аппаратында фискалдык топтогучту алмаштыруу керек, азыр акча алынбайт.',
  'status.fiscal-fn-critical':
    'Касса аппараты бузук жана касса чегин бере албайт, азыр акча алынбайт.',
  'status.fiscal-ofd-too-old':
    'Касса аппараты чектерди салык кызматына көптөн бери жөнөткөн жок, азыр акча алынбайт.',
  'status.fiscal-shift': 'Касса аппараты сменаны жабууда. Бир нече мүнөт күтө туруңуз.',
  'status.fiscal-document-stuck':
    'Касса аппараты мурунку чекти берип бүтүүдө. Бир нече мүнөт күтө туруңуз.',
  'status.fiscal-not-confirmed':
    'Терминал касса чектерин берүү үчүн азырынча жөндөлгөн эмес, азыр акча алынбайт.',
  'status.fiscal-no-requisites': 'Терминалда касса чеги үчүн маалымат жок, азыр акча алынбайт.',
  'fiscal.startRefused': 'Касса аппараты чек бере албайт, азыр акча алынбайт.',
  'success.fiscal.label': 'Касса чеги',
  'success.fiscal.issued': 'Касса чеги № {receipt}, смена № {shift}',
  'success.fiscal.requisites': 'ФД № {fd} · ФП {fp} · ФН № {fn}',
  'success.fiscal.pending':
    'Касса чеги азыр басылып жатат. Төлөм эсепке алынды; чек чыкпаса, колдоо кызматына чалыңыз.',
  'success.fiscal.held':
    'Касса чегин азыр берүү мүмкүн болгон жок. Төлөм эсепке алынды, чек кийинчерээк берилет; суроолор боюнча колдоо кызматына чалыңыз.',
  'success.fiscal.otherParty': 'Касса чегин {party} берет.',
};
