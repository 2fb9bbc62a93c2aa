/**
 * The shape every Shtrih-M command shares (docs/protocols/shtrih.md §3): a request message is the
 * command code (1 byte, or `FF xx`) followed by its payload; a reply message repeats the code,
 * then an error byte, then — only when the error is 0 — the reply data.
 *
 * Each command is one `CommandCodec` with both directions, so the driver (encodes requests,
 * decodes replies) and the emulator (decodes requests, encodes replies) share one layout.
 * Decoders never throw: a payload that is too short, too long or holds an impossible value comes
 * back as `{ kind: 'malformed' }`.
 */
import { err, ok, type Result } from '../../common/result.ts';
import { ByteReader, ByteWriter, MalformedPayload } from './numbers.ts';

export type DecodeError = { kind: 'malformed'; command: number; message: string };

export type CommandCodec<Request, Reply> = {
  readonly code: number;
  readonly name: string;
  /** The whole message: code bytes + payload. */
  encodeRequest(request: Request): Uint8Array;
  /** The payload: what follows the code bytes. */
  decodeRequest(payload: Uint8Array): Result<Request, DecodeError>;
  /** A successful reply message: code bytes, error 0, data. */
  encodeReply(reply: Reply): Uint8Array;
  /** The data after the error byte of a successful reply. */
  decodeReply(data: Uint8Array): Result<Reply, DecodeError>;
};

export type CommandParts<Request, Reply> = {
  writeRequest(writer: ByteWriter, request: Request): void;
  /** Must consume the payload exactly (`ByteReader.end()` is called after it). */
  readRequest(reader: ByteReader): Request;
  writeReply(writer: ByteWriter, reply: Reply): void;
  /** May leave bytes unread: newer firmware appends fields an older layout does not know. */
  readReply(reader: ByteReader): Reply;
};

export function codeBytes(code: number): Uint8Array {
  return code > 0xff ? Uint8Array.of(0xff, code & 0xff) : Uint8Array.of(code);
}

export function commandHex(code: number): string {
  return `${code.toString(16).toUpperCase().padStart(2, '0')}h`;
}

function guarded<T>(code: number, read: () => T): Result<T, DecodeError> {
  try {
    return ok(read());
  } catch (error) {
    if (error instanceof MalformedPayload) {
      return err({ kind: 'malformed', command: code, message: error.message });
    }
    return err({ kind: 'malformed', command: code, message: String(error) });
  }
}

export function defineCommand<Request, Reply>(
  code: number,
  name: string,
  parts: CommandParts<Request, Reply>,
): CommandCodec<Request, Reply> {
  const prefix = codeBytes(code);
  return {
    code,
    name,
    encodeRequest(request) {
      const writer = new ByteWriter().bytes(prefix);
      parts.writeRequest(writer, request);
      return writer.finish();
    },
    decodeRequest(payload) {
      return guarded(code, () => {
        const reader = new ByteReader(payload);
        const request = parts.readRequest(reader);
        reader.end();
        return request;
      });
    },
    encodeReply(reply) {
      const writer = new ByteWriter().bytes(prefix).u8(0);
      parts.writeReply(writer, reply);
      return writer.finish();
    },
    decodeReply(data) {
      return guarded(code, () => parts.readReply(new ByteReader(data)));
    },
  };
}

/** A reply carrying a non-zero error code: the code bytes and the error, nothing else. */
export function encodeErrorReply(code: number, errorCode: number): Uint8Array {
  return Uint8Array.of(...codeBytes(code), errorCode);
}

export type SplitRequest = { code: number; payload: Uint8Array };

/** Device side: which command a message carries. */
export function splitRequest(message: Uint8Array): Result<SplitRequest, DecodeError> {
  if (message.length === 0) return err({ kind: 'malformed', command: 0, message: 'empty' });
  if (message[0] !== 0xff) return ok({ code: message[0]!, payload: message.slice(1) });
  if (message.length < 2) {
    return err({ kind: 'malformed', command: 0xff, message: 'FF without a sub-command' });
  }
  return ok({ code: 0xff00 | message[1]!, payload: message.slice(2) });
}

export type SplitReply = { errorCode: number; data: Uint8Array };

export type ReplyMismatch =
  | DecodeError
  /** The message answers another command: a stale reply, never this command's answer. */
  | { kind: 'other-command'; command: number; received: Uint8Array };

/**
 * Host side: the error code and data of the reply to `code`. Some firmware answers an `FF xx`
 * command with just `FF EE` (the sub-command left out, `EE` the error); that two-byte form is
 * read as an error reply, as the vendor's own driver does.
 */
export function splitReply(message: Uint8Array, code: number): Result<SplitReply, ReplyMismatch> {
  const prefix = codeBytes(code);
  if (prefix.length === 2 && message.length === 2 && message[0] === 0xff && message[1] !== 0) {
    if (message[1] !== prefix[1]) return ok({ errorCode: message[1]!, data: new Uint8Array(0) });
  }
  for (let index = 0; index < prefix.length; index++) {
    if (message[index] !== prefix[index]) {
      return err({ kind: 'other-command', command: code, received: message });
    }
  }
  if (message.length < prefix.length + 1) {
    return err({ kind: 'malformed', command: code, message: 'reply without an error byte' });
  }
  return ok({ errorCode: message[prefix.length]!, data: message.slice(prefix.length + 1) });
}
