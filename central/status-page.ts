/**
 * The page a receipt's QR code opens (/t/<id>?c=<code>): the transfer's status in plain
 * Russian, its dates and the amount credited — what the receipt's holder already has. Never a
 * name, not even masked: a photo of a receipt must not tell a stranger whom it was for. Plain
 * HTML with no scripts, so it works on any phone; an unknown id and a wrong code get the same
 * "not found" page.
 */
import { formatRublesPlain, kopecks } from '../common/money.ts';
import type { PublicTransferStatus, TransferStatus } from './transfers.ts';

const STATUS_TEXT: Record<TransferStatus, string> = {
  accepted: 'Принят, передаётся в учреждение',
  sent: 'Отправлен в учреждение, ожидает зачисления',
  credited: 'Зачислен на лицевой счёт',
  returned: 'Не зачислен, возвращается отправителю',
};

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** Moscow time, without Intl time-zone data (not every runtime ships it). */
function moscowTime(ms: number | null): string {
  if (ms === null) return '—';
  const iso = new Date(ms + 3 * 60 * 60 * 1000).toISOString();
  return `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)} ${iso.slice(11, 16)} МСК`;
}

export function statusPageHtml(status: PublicTransferStatus | null, transferId: string): string {
  const rows =
    status === null
      ? '<p>Перевод не найден. Откройте ссылку из QR-кода на чеке целиком.</p>'
      : [
          `<p class="status">${escapeHtml(STATUS_TEXT[status.status])}</p>`,
          '<dl>',
          `<dt>Сумма к зачислению</dt><dd>${formatRublesPlain(kopecks(status.amountKopecks))} руб.</dd>`,
          `<dt>Принят</dt><dd>${moscowTime(status.acceptedAtMs)}</dd>`,
          `<dt>Отправлен</dt><dd>${moscowTime(status.sentAtMs)}</dd>`,
          `<dt>Зачислен</dt><dd>${moscowTime(status.creditedAtMs)}</dd>`,
          status.returnedAtMs === null
            ? ''
            : `<dt>Возвращён</dt><dd>${moscowTime(status.returnedAtMs)}</dd>`,
          '</dl>',
        ].join('\n');
  return `<!doctype html>
<html lang="ru"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Статус перевода</title>
<style>body{font-family:sans-serif;max-width:30rem;margin:1rem auto;padding:0 1rem}
.status{font-size:1.3rem;font-weight:bold}dt{color:#555;margin-top:.5rem}dd{margin:0}</style>
</head><body>
<h1>Перевод № ${escapeHtml(transferId)}</h1>
${rows}
</body></html>
`;
}
