/**
 * The building blocks of central's wire (central-wire.ts): ids, money and times as the API
 * bounds them. Every integer has a bound, so an absurd number is a 400, never a 500.
 */
import { z } from 'zod';

export const uuid7Pattern =
  /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-7[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$/;
export const inmateRefPattern = /^i[0-9a-z]{16}$/;
export const uuid7 = z.string().regex(uuid7Pattern);
export const kopecks = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
export const timeMs = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
export const nullableTimeMs = timeMs.nullable();
export const terminalId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/);
export const facilityId = z.string().regex(/^[a-z0-9-]{3,40}$/);
export const regionCode = z.string().regex(/^[0-9]{2}$/);

export const ErrorDetailSchema = z.object({
  code: z.string().max(64),
  message: z.string().max(2_000),
});
export const ErrorBodySchema = z.object({ error: ErrorDetailSchema });
