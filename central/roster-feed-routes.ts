/**
 * The roster feed's routes (openapi.yaml): the operator issues a registry's one-time code,
 * the registry enrols its key, then sends signed batches of records and gets one answer per
 * record. A batch's signature is checked before any record is read; records are then
 * checked one by one, so one bad record never costs the others.
 */
import {
  type RegistryCodeRequestSchema,
  type RegistryEnrolRequestSchema,
  RosterBatchSchema,
} from '../common/central-wire-roster.ts';
import type { z } from 'zod';
import type { RefusalLog } from './auth.ts';
import type { CentralDb } from './db.ts';
import { ApiFailure, apiError } from './errors.ts';
import { type RouteContext, rawBodyOf, route } from './http.ts';
import { createRateLimiter } from './rate-limit.ts';
import { createRosterFeed, type RosterFeedOptions } from './roster-feed.ts';
import { createRegistryStore } from './roster-feed-registries.ts';

export function registerRosterFeedRoutes(
  context: RouteContext,
  db: CentralDb,
  options: RosterFeedOptions & { logRefusal?: RefusalLog } = {},
): void {
  const registries = createRegistryStore(db, options.logRefusal);
  const feed = createRosterFeed(db, options);
  const enrolLimiter = createRateLimiter(db, 'registry-enrol', { burst: 5, refillPerMinute: 5 });

  route(context, 'POST', '/v1/admin/roster-registries', 'admin', async (request, reply) => {
    const input = request.body as z.infer<typeof RegistryCodeRequestSchema>;
    const issued = await registries.issueCode(input.registryId, input.facilityIds, context.nowMs());
    return reply.code(201).send(issued);
  });

  route(context, 'POST', '/v1/registry/enrol', 'none', async (request, reply) => {
    const input = request.body as z.infer<typeof RegistryEnrolRequestSchema>;
    const taken = await enrolLimiter.take(`registry-enrol:${input.registryId}`, context.nowMs());
    if (!taken.ok) {
      const seconds = Math.max(1, Math.ceil(taken.retryAfterMs / 1000));
      throw new ApiFailure(apiError(429, 'rate-limited', `retry in ${seconds} s`), {
        'retry-after': String(seconds),
      });
    }
    const enrolled = await registries.enrol(input, context.nowMs());
    if (!enrolled.ok) throw new ApiFailure(enrolled.error);
    return reply.code(201).send(enrolled.value);
  });

  route(context, 'POST', '/v1/registry/roster-batches', 'none', async (request) => {
    const nowMs = context.nowMs();
    const verified = await registries.verifier.verify(
      {
        method: request.method,
        url: request.url,
        headers: request.headers,
        rawBody: rawBodyOf(request),
      },
      nowMs,
    );
    if (!verified.ok) throw new ApiFailure(verified.error);
    const registryId = verified.value;
    const scope = await registries.scopeOf(registryId);
    if (scope === null) {
      throw new ApiFailure(apiError(401, 'signature-invalid', 'the signature does not verify'));
    }
    const batch = RosterBatchSchema.safeParse(request.body);
    if (!batch.success) throw new ApiFailure(apiError(400, 'bad-request', 'records: 1 to 500'));
    return { results: await feed.apply(registryId, scope, batch.data.records, nowMs) };
  });
}
