/**
 * SMS gateway adapter: a provider's HTTP API when configured (sms-http.ts); otherwise the
 * development gateway appends each message as a JSON line to a file in the data directory and
 * keeps the recent ones in memory for GET /v1/dev/sms, so a demo or a test can read the code.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { privateFileMode } from '../../platform/private-files.ts';

export type SmsMessage = { phone: string; text: string; sentAtMs: number };

export interface SmsGateway {
  send(message: SmsMessage): Promise<void>;
}

/** Messages kept in memory for the listing endpoint; the file keeps them all. */
const RECENT_MAX = 500;

export type DevSmsGateway = SmsGateway & { recent(phone: string | null): SmsMessage[] };

export function createDevSmsGateway(dataDir: string): DevSmsGateway {
  const file = join(dataDir, 'sms-outbox.jsonl');
  const recent: SmsMessage[] = [];
  return {
    async send(message) {
      // Codes in clear: the file is private to central's user.
      appendFileSync(file, `${JSON.stringify(message)}\n`, {
        encoding: 'utf8',
        mode: privateFileMode,
      });
      recent.push(message);
      if (recent.length > RECENT_MAX) recent.splice(0, recent.length - RECENT_MAX);
    },
    recent: (phone) => recent.filter((message) => phone === null || message.phone === phone),
  };
}

/** What the payer receives; a code never appears in a log line. */
export function smsText(purpose: 'register' | 'reset', code: string): string {
  const what = purpose === 'register' ? 'регистрации' : 'смены пароля';
  return `Код ${what}: ${code}. Никому не сообщайте его.`;
}
