/**
 * E-mail adapter for alerts and answers to people who left an address instead of a phone:
 * SMTP when configured (email-smtp.ts); otherwise the development gateway appends each message
 * as a JSON line to email-outbox.jsonl in the data directory, like the SMS one.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { privateFileMode } from '../../platform/private-files.ts';

export type EmailMessage = { to: string; subject: string; text: string; sentAtMs: number };

export interface EmailGateway {
  send(message: EmailMessage): Promise<void>;
}

export function createDevEmailGateway(dataDir: string): EmailGateway {
  const file = join(dataDir, 'email-outbox.jsonl');
  return {
    async send(message) {
      appendFileSync(file, `${JSON.stringify(message)}\n`, {
        encoding: 'utf8',
        mode: privateFileMode,
      });
    },
  };
}
