/**
 * A scanned reply as facility staff upload it: its type is what its first bytes say, never
 * only what the browser declared (a renamed file or a script with a .png name is refused).
 */
import { createHash } from 'node:crypto';
import { LETTER_REPLY_BYTES_MAX, type LetterReplyType } from '../../common/central-wire-wallet.ts';
import { err, ok, type Result } from '../../common/result.ts';
import { type ApiError, apiError } from '../errors.ts';

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"

const startsWith = (bytes: Uint8Array, magic: readonly number[]) =>
  bytes.length >= magic.length && magic.every((byte, index) => bytes[index] === byte);

/** The type the bytes are, or null for anything else. */
export function sniffReplyType(bytes: Uint8Array): LetterReplyType | null {
  if (startsWith(bytes, PNG)) return 'image/png';
  if (startsWith(bytes, JPEG)) return 'image/jpeg';
  if (startsWith(bytes, PDF)) return 'application/pdf';
  return null;
}

export type ReplyFile = {
  bytes: Buffer;
  contentType: LetterReplyType;
  sha256: string;
  fileName: string;
};

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const EXTENSION: Record<LetterReplyType, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'application/pdf': 'pdf',
};

/** Decodes and checks an upload: size first, then the bytes' type, then the declared one. */
export function checkReplyFile(input: {
  fileName: string;
  contentType?: string | undefined;
  dataBase64: string;
}): Result<ReplyFile, ApiError> {
  if (!BASE64.test(input.dataBase64) || input.dataBase64.length % 4 !== 0) {
    return err(apiError(400, 'bad-base64', 'dataBase64 is not base64'));
  }
  const bytes = Buffer.from(input.dataBase64, 'base64');
  if (bytes.length === 0) return err(apiError(422, 'empty-file', 'the file is empty'));
  if (bytes.length > LETTER_REPLY_BYTES_MAX) {
    const why = `the file is ${bytes.length} bytes; a reply may be at most ${LETTER_REPLY_BYTES_MAX} bytes (5 MB)`;
    return err(apiError(413, 'file-too-large', why));
  }
  const contentType = sniffReplyType(bytes);
  if (contentType === null) {
    const why = 'the file is not a PNG, JPEG or PDF (told by its first bytes)';
    return err(apiError(415, 'unsupported-file-type', why));
  }
  if (input.contentType !== undefined && input.contentType !== '') {
    const declared =
      input.contentType.toLowerCase() === 'image/jpg'
        ? 'image/jpeg'
        : input.contentType.toLowerCase();
    if (declared !== contentType) {
      const why = `the file was declared ${input.contentType} but its bytes are ${contentType}`;
      return err(apiError(415, 'file-type-mismatch', why));
    }
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  // The name the payer downloads: ours, so nothing the uploader typed reaches a header.
  const fileName = `reply-${sha256.slice(0, 8)}.${EXTENSION[contentType]}`;
  return ok({ bytes, contentType, sha256, fileName });
}
