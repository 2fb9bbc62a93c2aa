/**
 * E-mail through an SMTP server (nodemailer): alert e-mails to operators and answers to people
 * who left an address instead of a phone. Configured by CENTRAL_SMTP_URL (smtp:// or smtps://,
 * with the user and password in it if the server wants them) and CENTRAL_MAIL_FROM (the
 * sender, e.g. `Терминалы <alerts@operator.ru>`), both or neither; neither keeps the
 * development gateway (a file in the data directory). A refusal or a silent server rejects
 * the send within the timeout, so the caller knows the message did not leave.
 */
import nodemailer from 'nodemailer';
import type { EmailGateway } from './email.ts';
import { type EnvConfig, fromEnvConfig } from '../env-config.ts';

export type SmtpOptions = {
  /** smtp://user:password@host:587 (STARTTLS when offered) or smtps://…:465. */
  url: string;
  from: string;
  timeoutMs: number;
};

export class EmailSendError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmailSendError';
  }
}

const SMTP_TIMEOUT_MS = 15_000;

export function createSmtpEmailGateway(options: SmtpOptions): EmailGateway {
  const transport = nodemailer.createTransport({
    url: options.url,
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs,
  });
  return {
    async send(message) {
      try {
        await transport.sendMail({
          from: options.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          date: new Date(message.sentAtMs),
        });
      } catch (error) {
        // The server's answer may quote the message: the error says only that it failed.
        const code = (error as { code?: unknown }).code;
        throw new EmailSendError(`SMTP send failed${typeof code === 'string' ? ` (${code})` : ''}`);
      }
    },
  };
}

/** An address as a sender: `a@b.ru` or `Name <a@b.ru>`. */
const FROM = /^(?:[^<>\r\n]*<[^<>\s@]+@[^<>\s@]+>|[^<>\s@]+@[^<>\s@]+)$/;

export function smtpConfigFromEnv(env: Record<string, string | undefined>): EnvConfig<SmtpOptions> {
  const url = env.CENTRAL_SMTP_URL ?? '';
  const from = env.CENTRAL_MAIL_FROM ?? '';
  if (url === '' && from === '') return null;
  if (url === '') return { invalid: 'CENTRAL_SMTP_URL is not set (CENTRAL_MAIL_FROM is)' };
  if (from === '') return { invalid: 'CENTRAL_MAIL_FROM is not set (CENTRAL_SMTP_URL is)' };
  if (!URL.canParse(url) || !/^smtps?:$/.test(new URL(url).protocol)) {
    return { invalid: 'CENTRAL_SMTP_URL is not an smtp:// or smtps:// URL' };
  }
  if (!FROM.test(from.trim())) {
    return { invalid: `CENTRAL_MAIL_FROM is not an address: ${from}` };
  }
  return { url, from: from.trim(), timeoutMs: SMTP_TIMEOUT_MS };
}

/** The SMTP gateway the environment names, or null for the development one; a bad one throws. */
export function emailGatewayFromEnv(
  env: Record<string, string | undefined> = process.env,
): EmailGateway | null {
  return fromEnvConfig(smtpConfigFromEnv(env), createSmtpEmailGateway);
}
