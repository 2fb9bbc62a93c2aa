/** The emulator's confirmation page: what a payer sees at the provider, one button an outcome. */
import type { EmulatedPayment } from './server.ts';

const LABELS: Record<string, string> = {
  approve: 'Оплатить',
  decline: 'Отклонить',
  timeout: 'Уйти со страницы (тайм-аут)',
  'lost-webhook': 'Оплатить, уведомление потеряно',
  twice: 'Оплатить, уведомление дважды',
  late: 'Оплатить, уведомление с опозданием',
  forged: 'Поддельное уведомление',
};

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

export function confirmationPage(payment: EmulatedPayment, outcomes: readonly string[]): string {
  const method = payment.method === 'sbp' ? 'СБП' : 'Банковская карта';
  const buttons = outcomes
    .map(
      (outcome) =>
        `<button name="outcome" value="${outcome}" data-outcome="${outcome}">` +
        `${escapeHtml(LABELS[outcome] ?? outcome)}</button>`,
    )
    .join('\n');
  const done =
    payment.outcome === null ? '' : `<p>Уже обработан: ${escapeHtml(payment.outcome)}</p>`;
  return `<!doctype html><html lang="ru"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Эмулятор эквайринга</title>
<style>body{font-family:sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem}
button{display:block;width:100%;margin:.5rem 0;padding:.9rem;font-size:1rem}</style></head>
<body><h1>Эмулятор платёжного провайдера</h1>
<p>${escapeHtml(method)}: <strong>${escapeHtml(payment.amountValue)} ₽</strong></p>
<p>${escapeHtml(payment.description)}</p>${done}
<form method="post">${buttons}</form></body></html>`;
}
