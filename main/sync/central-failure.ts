/**
 * How the sender reads a failed call to central. The shape matches the central client's
 * error union (kinds 'network' | 'timeout' | 'http' | 'invalid-response').
 */
export type CentralFailure =
  | { kind: 'network'; message?: string }
  | { kind: 'timeout'; message?: string }
  | {
      kind: 'http';
      status: number;
      code?: string;
      message?: string;
      /** From Retry-After (429/503): central says when to come back. */
      retryAfterMs?: number | null;
    }
  | { kind: 'invalid-response'; message?: string };

export type Disposition = 'delivered' | 'permanent' | 'transient';

/**
 * 2xx: central has it. A 4xx that can never succeed (400, 404, 409, 422 …) is permanent: the
 * row is parked for the operator. Retried: 408/425/429 (come back later), 401/403 (a clock or
 * enrolment the operator can fix; the key and body stay valid), 5xx, and every transport error.
 */
export function dispositionOf(failure: CentralFailure): Disposition {
  if (failure.kind !== 'http') return 'transient';
  const { status } = failure;
  if (status >= 200 && status < 300) return 'delivered';
  if (status === 408 || status === 425 || status === 429) return 'transient';
  if (status === 401 || status === 403) return 'transient';
  if (status >= 400 && status < 500) return 'permanent';
  return 'transient';
}

export function describeFailure(failure: CentralFailure): string {
  switch (failure.kind) {
    case 'http': {
      const code = failure.code ? ` ${failure.code}` : '';
      const message = failure.message ? `: ${failure.message}` : '';
      return `http ${failure.status}${code}${message}`.slice(0, 500);
    }
    case 'network':
    case 'timeout':
    case 'invalid-response':
      return `${failure.kind}${failure.message ? `: ${failure.message}` : ''}`.slice(0, 500);
  }
}
