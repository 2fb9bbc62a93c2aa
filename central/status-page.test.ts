import { describe, expect, it } from 'vitest';
import { statusPageHtml } from './status-page.ts';

const status = {
  transferId: '019ab000-0000-7000-8000-000000000001',
  status: 'credited' as const,
  amountKopecks: 123_456,
  recipientMasked: 'Иванов <script>alert(1)</script> "И."',
  acceptedAtMs: Date.UTC(2026, 10, 25, 21, 30),
  sentAtMs: Date.UTC(2026, 10, 25, 22, 0),
  creditedAtMs: Date.UTC(2026, 10, 26, 9, 15),
  returnedAtMs: null,
};

describe('statusPageHtml', () => {
  it('says the status in Russian with the amount in roubles and Moscow times', () => {
    const html = statusPageHtml(status, status.transferId);
    expect(html).toContain('Зачислен на лицевой счёт');
    expect(html).toContain('1 234,56 руб.');
    expect(html).toContain('26.11.2026 00:30 МСК'); // 21:30 UTC + 3 h crosses midnight
    expect(html).not.toContain('Возвращён');
  });

  it('never shows the recipient, not even masked', () => {
    const html = statusPageHtml(status, status.transferId);
    expect(html).not.toContain('Иванов');
    expect(html).not.toContain('Получатель');
  });

  it('escapes every text it shows', () => {
    const html = statusPageHtml(status, '<img src=x>');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x&gt;');
  });

  it('has a page for an unknown transfer', () => {
    expect(statusPageHtml(null, 'x')).toContain('не найден');
  });
});
