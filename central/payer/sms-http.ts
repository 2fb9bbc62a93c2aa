/**
 * SMS gateway adapter for a provider's HTTP API: POST {phone, text} as JSON to a configured
 * URL with the key as a bearer token. A refusal or a timeout rejects, so the caller knows the
 * code never left (and the payer can ask again after the resend pause).
 */
import type { SmsGateway } from './sms.ts';
import { type EnvConfig, fromEnvConfig } from '../env-config.ts';

export type HttpSmsOptions = {
  url: string;
  apiKey: string;
  timeoutMs: number;
  fetch?: typeof fetch;
};

export class SmsSendError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SmsSendError';
  }
}

export function createHttpSmsGateway(options: HttpSmsOptions): SmsGateway {
  const doFetch = options.fetch ?? fetch;
  const url = new URL(options.url);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new SmsSendError(`SMS gateway URL must be http(s): ${url.protocol}`);
  }
  return {
    async send(message) {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), options.timeoutMs);
      try {
        const response = await doFetch(url, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${options.apiKey}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify({ phone: message.phone, text: message.text }),
          signal: controller.signal,
        });
        // The provider's body may echo the text (with the code): never put it in the error.
        await response.body?.cancel();
        if (!response.ok) throw new SmsSendError(`SMS gateway answered ${response.status}`);
      } catch (error) {
        if (error instanceof SmsSendError) throw error;
        const why = controller.signal.aborted ? `no answer in ${options.timeoutMs} ms` : 'failed';
        throw new SmsSendError(`SMS gateway ${why}`);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** Without CENTRAL_SMS_TIMEOUT_MS: how long a provider may take to take one message. */
const SMS_TIMEOUT_MS_DEFAULT = 10_000;

/**
 * The provider from the environment (`npm run central`): CENTRAL_SMS_URL and
 * CENTRAL_SMS_API_KEY, both or neither (then the development gateway writes a file), and
 * CENTRAL_SMS_TIMEOUT_MS. A half-set or malformed configuration is an error, never a silent
 * fallback to the file: payers would get no codes and nobody would know why.
 */
export function smsConfigFromEnv(
  env: Record<string, string | undefined>,
): EnvConfig<HttpSmsOptions> {
  const url = env.CENTRAL_SMS_URL ?? '';
  const apiKey = env.CENTRAL_SMS_API_KEY ?? '';
  const timeout = env.CENTRAL_SMS_TIMEOUT_MS ?? '';
  if (url === '' && apiKey === '') {
    return timeout === ''
      ? null
      : { invalid: 'CENTRAL_SMS_TIMEOUT_MS is set without CENTRAL_SMS_URL' };
  }
  if (url === '') return { invalid: 'CENTRAL_SMS_URL is not set (CENTRAL_SMS_API_KEY is)' };
  if (apiKey === '') return { invalid: 'CENTRAL_SMS_API_KEY is not set (CENTRAL_SMS_URL is)' };
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    return { invalid: `CENTRAL_SMS_URL is not an http(s) URL: ${url}` };
  }
  const timeoutMs = timeout === '' ? SMS_TIMEOUT_MS_DEFAULT : Number(timeout);
  if (!Number.isSafeInteger(timeoutMs) || timeoutMs < 100 || timeoutMs > 120_000) {
    return {
      invalid: `CENTRAL_SMS_TIMEOUT_MS must be whole milliseconds, 100 to 120000: ${timeout}`,
    };
  }
  return { url, apiKey, timeoutMs };
}

/** The gateway the environment names, or null for the development one; a bad one throws. */
export function smsGatewayFromEnv(
  env: Record<string, string | undefined> = process.env,
): SmsGateway | null {
  return fromEnvConfig(smsConfigFromEnv(env), createHttpSmsGateway);
}
