import { describe, expect, it } from 'vitest';
import { parseMessage } from './ws-client.ts';

describe('parseMessage', () => {
  it('reads replies and events of the wire format', () => {
    expect(parseMessage('{"id":3,"result":{"ok":true,"value":{"a":1}}}')).toEqual({
      id: 3,
      result: { ok: true, value: { a: 1 } },
    });
    expect(
      parseMessage('{"id":4,"result":{"ok":false,"error":{"kind":"busy","message":"m"}}}'),
    ).toEqual({
      id: 4,
      result: { ok: false, error: { kind: 'busy', message: 'm' } },
    });
    expect(parseMessage('{"event":"deposit:changed","payload":null}')).toEqual({
      event: 'deposit:changed',
      payload: null,
    });
  });

  it('drops anything malformed instead of throwing', () => {
    for (const bad of [
      '',
      'not json',
      '[]',
      'null',
      '{"id":"x","result":{}}',
      '{"id":1}',
      '{"x":1}',
    ]) {
      expect(parseMessage(bad), bad).toBeNull();
    }
    expect(parseMessage(42)).toBeNull();
  });

  it('gives an error without a kind the kind "internal"', () => {
    expect(parseMessage('{"id":1,"result":{"ok":false}}')).toEqual({
      id: 1,
      result: { ok: false, error: { kind: 'internal', message: '' } },
    });
  });
});
