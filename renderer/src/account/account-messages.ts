import type { Language } from '../../../common/contract.ts';
import { en } from './messages/en.ts';
import { ky } from './messages/ky.ts';
import { tg } from './messages/tg.ts';
import { uz } from './messages/uz.ts';

/** Words of the account screens: Russian here, the other languages in messages/. */
const ru = {
  'acc.open': 'Личный кабинет',
  'acc.track': 'Где мой перевод?',
  'acc.title': 'Личный кабинет',
  'acc.login': 'Войти',
  'acc.loginCode': 'Войти по SMS-коду',
  'acc.register': 'Регистрация',
  'acc.recover': 'Забыли пароль?',
  'acc.back': 'Назад',
  'acc.exit': 'Выход',
  'acc.phone': 'Номер телефона',
  'acc.password': 'Пароль',
  'acc.passwordAgain': 'Пароль ещё раз',
  'acc.newPassword': 'Новый пароль',
  'acc.currentPassword': 'Текущий пароль',
  'acc.name': 'Как к вам обращаться (необязательно)',
  'acc.email': 'Электронная почта (необязательно)',
  'acc.code': 'Код из SMS',
  'acc.getCode': 'Получить код',
  'acc.codeSent': 'Код отправлен на {phone}',
  'acc.submit': 'Готово',
  'acc.passwordRules': 'Не короче 8 символов, буквы и цифры, без номера телефона.',
  'acc.hello': 'Здравствуйте, {name}',
  'acc.wallet': 'На кошельке',
  'acc.templates': 'Мои получатели',
  'acc.payCash': 'Новый перевод наличными',
  'acc.topUp': 'Пополнить кошелёк',
  'acc.letter': 'Письмо',
  'acc.history': 'История',
  'acc.support': 'Поддержка',
  'acc.profile': 'Профиль',
  'acc.noTemplates': 'Сохраните получателя после перевода — и платите ему в два касания.',
  'acc.payByCash': 'Наличными',
  'acc.payByWallet': 'Из кошелька {amount}',
  'acc.amount': 'Сумма, ₽',
  'acc.paid': 'Перевод {id} принят',
  'acc.saveTemplate': 'Сохранить получателя',
  'acc.templateLabel': 'Подпись (например, «Сыну»)',
  'acc.saved': 'Получатель сохранён',
  'acc.save': 'Сохранить',
  'acc.letterTo': 'Кому',
  'acc.letterText': 'Текст письма',
  'acc.blanks': 'Бланков для ответа: {n}',
  'acc.letterPrice': '{pages} стр. — {price}',
  'acc.payLetter': 'Оплатить из кошелька',
  'acc.payLetterCash': 'Оплатить наличными',
  'acc.letterSent': 'Письмо принято, {pages} стр., бланков: {blanks}',
  'acc.transfers': 'Переводы',
  'acc.letters': 'Письма',
  'acc.movements': 'Движения по кошельку',
  'acc.all': 'Все',
  'acc.empty': 'Пока ничего нет',
  'acc.status.accepted': 'принят',
  'acc.status.sent': 'отправлен',
  'acc.status.credited': 'зачислен',
  'acc.status.returned': 'возвращён',
  'acc.kind.top-up': 'пополнение',
  'acc.kind.transfer': 'перевод',
  'acc.kind.letter': 'письмо',
  'acc.supportText': 'Ваш вопрос',
  'acc.supportAbout': 'О переводе',
  'acc.none': 'Без перевода',
  'acc.send': 'Отправить',
  'acc.sent': 'Сообщение отправлено',
  'acc.reply': 'Ответ: {text}',
  'acc.noReply': 'Ответа пока нет',
  'acc.changePassword': 'Сменить пароль',
  'acc.changed': 'Пароль изменён',
  'acc.trackNumber': 'Номер перевода (с чека)',
  'acc.find': 'Найти',
  'acc.trackStatus': 'Статус: {status}',
  'acc.ended': 'Вы вышли из личного кабинета',
  'acc.err.invalid-credentials': 'Неверный номер или пароль.',
  'acc.err.account-locked': 'Слишком много попыток. Вход временно закрыт.',
  'acc.err.phone-registered': 'Этот номер уже зарегистрирован. Войдите или восстановите пароль.',
  'acc.err.bad-phone': 'Нужен российский мобильный номер.',
  'acc.err.sms-code-invalid': 'Неверный или устаревший код.',
  'acc.err.sms-too-soon': 'Код уже отправлен. Новый можно запросить через минуту.',
  'acc.err.sms-limit': 'Слишком много кодов за час. Попробуйте позже.',
  'acc.err.rate-limited': 'Слишком много попыток. Подождите немного.',
  'acc.err.passwords-differ': 'Пароли не совпадают.',
  'acc.err.weak-password': 'Слишком простой пароль.',
  'acc.err.insufficient-funds': 'На кошельке недостаточно денег.',
  'acc.err.not-logged-in': 'Войдите в личный кабинет.',
  'acc.err.transfer-not-found': 'Перевод с таким номером не найден.',
  'acc.err.bad-request': 'Проверьте введённые данные.',
  'acc.err.amount-too-small': 'Сумма меньше комиссии.',
  'acc.err.outcome-unknown':
    'Сервер не ответил. Платёж мог пройти — проверьте историю, прежде чем платить снова.',
  'acc.err.central-unavailable': 'Нет связи с сервером. Попробуйте позже.',
  'acc.err.other': 'Не получилось. Попробуйте ещё раз или позвоните в поддержку.',
} as const;

export type AccountMessageKey = keyof typeof ru;

/** Every language has every key (messages/*.ts; messages.test.ts checks the words). */
const translations: Record<Exclude<Language, 'ru'>, Record<AccountMessageKey, string>> = {
  en,
  uz,
  tg,
  ky,
};

export function translateAccount(
  language: Language,
  key: AccountMessageKey,
  params: Record<string, string | number> = {},
): string {
  const text = language === 'ru' ? ru[key] : translations[language][key];
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

/** The message for an IPC error kind ('weak-password:no-digit' → the weak-password text). */
export function errorKey(kind: string): AccountMessageKey {
  const base = kind.startsWith('weak-password') ? 'weak-password' : kind;
  const key = `acc.err.${base}`;
  return key in ru ? (key as AccountMessageKey) : 'acc.err.other';
}
