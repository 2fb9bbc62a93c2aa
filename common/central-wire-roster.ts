/**
 * The roster feed's wire (central/openapi.yaml, tag roster-feed): what a facility registry
 * sends central (arrivals, moves between facilities, releases, name fixes) and what central
 * answers for each record. The CSV import (central/roster-feed-csv.ts) builds the same records.
 *
 * A record is identified by `recordId` and carries a `version`: sending the same id and
 * version again changes nothing, an older version is ignored, a newer one replaces it.
 * `personId` is the registry's own number for the person (one per person nationally, kept
 * when they move or come back); central never answers it to kiosks or payers.
 */
import { z } from 'zod';
import { facilityId, inmateRefPattern, terminalId, timeMs } from './central-wire-base.ts';

export const ROSTER_BATCH_RECORDS_MAX = 500;

export const registryId = terminalId;
export const recordIdPattern = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,79}$/;
export const personIdPattern = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
/** A name part as written in the facility's file: letters, spaces, hyphens, apostrophes. */
const namePattern = /^[A-Za-zА-Яа-яЁё\u0400-\u04FF][A-Za-zА-Яа-яЁё\u0400-\u04FF' -]*$/;

const namePart = z.string().min(1).max(64).regex(namePattern);

export const RosterPersonSchema = z.object({
  surname: namePart,
  name: namePart,
  /** Empty when the documents have none (common among people from Central Asia). */
  patronymic: z
    .string()
    .max(64)
    .regex(/^[A-Za-zА-Яа-яЁё\u0400-\u04FF' -]*$/),
  birthYear: z.number().int().min(1900).max(2100),
  /** Day and month of birth; 0 when not known. */
  birthDay: z.number().int().min(0).max(31),
  birthMonth: z.number().int().min(0).max(12),
});
export type RosterPerson = z.infer<typeof RosterPersonSchema>;

const base = {
  recordId: z.string().regex(recordIdPattern),
  version: z.number().int().min(1).max(2_147_483_647),
  personId: z.string().regex(personIdPattern),
  /** When it happened at the facility (not when it was sent). */
  effectiveAtMs: timeMs,
};

export const RosterArrivalSchema = z
  .object({ ...base, kind: z.literal('arrival'), facilityId, person: RosterPersonSchema })
  .strict();
export const RosterMoveSchema = z
  .object({
    ...base,
    kind: z.literal('transfer'),
    fromFacilityId: facilityId,
    toFacilityId: facilityId,
  })
  .strict();
export const RosterReleaseSchema = z
  .object({ ...base, kind: z.literal('release'), facilityId })
  .strict();
export const RosterCorrectionSchema = z
  .object({ ...base, kind: z.literal('correction'), person: RosterPersonSchema })
  .strict();

export const RosterRecordSchema = z.discriminatedUnion('kind', [
  RosterArrivalSchema,
  RosterMoveSchema,
  RosterReleaseSchema,
  RosterCorrectionSchema,
]);
export type RosterRecord = z.infer<typeof RosterRecordSchema>;
export type RosterRecordKind = RosterRecord['kind'];

export const RosterBatchSchema = z.object({
  /** Each item is checked on its own: one bad record is that record's rejection. */
  records: z.array(z.record(z.string(), z.unknown())).min(1).max(ROSTER_BATCH_RECORDS_MAX),
});

export const ROSTER_OUTCOMES = ['applied', 'superseded', 'duplicate', 'stale', 'rejected'] as const;
export type RosterOutcome = (typeof ROSTER_OUTCOMES)[number];

export const RosterRecordResultSchema = z.object({
  recordId: z.string().max(80),
  version: z.number().int().min(0).max(2_147_483_647),
  /**
   * applied: the person's state changed; superseded: kept in the history but older than the
   * person's current state; duplicate: this id and version were applied before; stale: a
   * newer version of this record is already here; rejected: see error.
   */
  outcome: z.enum(ROSTER_OUTCOMES),
  inmateRef: z.string().regex(inmateRefPattern).optional(),
  /** Pending transfers that followed the person to the new facility or went back to payers. */
  transfersFollowed: z.number().int().min(0).max(1_000_000).optional(),
  transfersReturned: z.number().int().min(0).max(1_000_000).optional(),
  error: z.object({ code: z.string().max(64), message: z.string().max(300) }).optional(),
});
export type RosterRecordResult = z.infer<typeof RosterRecordResultSchema>;

export const RosterBatchResultSchema = z.object({
  results: z.array(RosterRecordResultSchema).max(ROSTER_BATCH_RECORDS_MAX),
});

export const RegistryCodeRequestSchema = z.object({
  registryId,
  /** Facilities whose people this registry may write; ["*"] is a national registry. */
  facilityIds: z
    .array(z.string().regex(/^(\*|[a-z0-9-]{3,40})$/))
    .min(1)
    .max(500),
});
export const RegistryCodeSchema = z.object({ registryId, code: z.string(), expiresAtMs: timeMs });
export const RegistryEnrolRequestSchema = z.object({
  registryId,
  code: z.string().min(4).max(32),
  publicKeyPem: z.string().min(40).max(400),
});
export const RegistryEnrolResponseSchema = z.object({ registryId, enrolledAtMs: timeMs });

export const rosterWireComponents = {
  RosterPerson: RosterPersonSchema,
  RosterRecord: RosterRecordSchema,
  RosterBatch: RosterBatchSchema,
  RosterRecordResult: RosterRecordResultSchema,
  RosterBatchResult: RosterBatchResultSchema,
  RegistryCodeRequest: RegistryCodeRequestSchema,
  RegistryCode: RegistryCodeSchema,
  RegistryEnrolRequest: RegistryEnrolRequestSchema,
  RegistryEnrolResponse: RegistryEnrolResponseSchema,
} as const;
