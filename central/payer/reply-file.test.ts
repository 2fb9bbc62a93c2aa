import { describe, expect, it } from 'vitest';
import { checkReplyFile, sniffReplyType } from './reply-file.ts';

const b64 = (bytes: number[] | Buffer) => Buffer.from(bytes).toString('base64');
const PNG_HEAD = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13];

describe('a scanned reply is told by its bytes', () => {
  it('knows PNG, JPEG and PDF by their first bytes, nothing else', () => {
    expect(sniffReplyType(Buffer.from(PNG_HEAD))).toBe('image/png');
    expect(sniffReplyType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]))).toBe('image/jpeg');
    expect(sniffReplyType(Buffer.from('%PDF-1.7\n%âãÏÓ'))).toBe('application/pdf');
    expect(sniffReplyType(Buffer.from('GIF89a'))).toBeNull();
    expect(sniffReplyType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    // A truncated signature is not the type.
    expect(sniffReplyType(Buffer.from(PNG_HEAD.slice(0, 7)))).toBeNull();
  });

  it('takes a matching or absent declaration, and names the file itself', () => {
    const png = checkReplyFile({ fileName: '../../etc/passwd"', dataBase64: b64(PNG_HEAD) });
    expect(png).toMatchObject({ ok: true, value: { contentType: 'image/png' } });
    expect(png.ok && png.value.fileName).toMatch(/^reply-[0-9a-f]{8}\.png$/);
    const jpg = checkReplyFile({
      fileName: 'a.jpg',
      contentType: 'image/jpg',
      dataBase64: b64([0xff, 0xd8, 0xff, 0xdb]),
    });
    expect(jpg).toMatchObject({ ok: true, value: { contentType: 'image/jpeg' } });
  });

  it('refuses with a reason: not base64, empty, too big, another type, a false declaration', () => {
    const code = (input: Parameters<typeof checkReplyFile>[0]) => {
      const answer = checkReplyFile(input);
      return answer.ok ? 'ok' : `${answer.error.status} ${answer.error.code}`;
    };
    expect(code({ fileName: 'x', dataBase64: 'not base64!' })).toBe('400 bad-base64');
    expect(code({ fileName: 'x', dataBase64: '' })).toBe('422 empty-file');
    const big = Buffer.concat([Buffer.from(PNG_HEAD), Buffer.alloc(5 * 1024 * 1024)]);
    expect(code({ fileName: 'x', dataBase64: b64(big) })).toBe('413 file-too-large');
    expect(code({ fileName: 'x.png', dataBase64: b64(Buffer.from('MZ\x90\x00')) })).toBe(
      '415 unsupported-file-type',
    );
    expect(code({ fileName: 'x', contentType: 'application/pdf', dataBase64: b64(PNG_HEAD) })).toBe(
      '415 file-type-mismatch',
    );
  });
});
