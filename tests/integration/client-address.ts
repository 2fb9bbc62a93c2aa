/**
 * Unsigned payer-app requests sent from a chosen loopback address (127.0.0.1, 127.0.0.2, …),
 * so a test can be two clients at once over real TCP: central sees them as two `request.ip`s.
 */
import { request as httpRequest } from 'node:http';

export type AddressedAnswer = {
  status: number;
  code: string | null;
  body: Record<string, unknown>;
  retryAfterSec: number | null;
};

export function fetchFrom(
  baseUrl: string,
  localAddress: string,
  method: 'GET' | 'POST',
  target: string,
  options: { body?: unknown; bearer?: string } = {},
): Promise<AddressedAnswer> {
  const url = new URL(target, baseUrl);
  const bodyText = options.body === undefined ? null : JSON.stringify(options.body);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (bodyText !== null) headers['content-type'] = 'application/json';
  if (options.bearer !== undefined) headers.authorization = `Bearer ${options.bearer}`;
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method,
        headers,
        localAddress,
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const body = (text === '' ? {} : JSON.parse(text)) as Record<string, unknown>;
          const error = body.error as { code?: string } | undefined;
          const retryAfter = response.headers['retry-after'];
          resolve({
            status: response.statusCode ?? 0,
            code: error?.code ?? null,
            body,
            retryAfterSec: retryAfter === undefined ? null : Number(retryAfter),
          });
        });
      },
    );
    outgoing.on('error', reject);
    if (bodyText !== null) outgoing.write(bodyText);
    outgoing.end();
  });
}
