/**
 * SMS gateway adapter for a provider's HTTP API: POST {phone, text} as JSON to a configured
 * URL with the key as a bearer token. A refusal or a timeout rejects, so the caller knows the
 * code never left (and the payer can ask again after the resend pause).
 */
import type { SmsGateway } from './sms.ts';

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
