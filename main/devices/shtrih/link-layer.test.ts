import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryLinkPair } from '../../../protocol/memory-link.ts';
import { encodeErrorReply } from '../../../protocol/shtrih/command-codec.ts';
import { fromHex, toHex } from '../../../protocol/shtrih/frame.ts';
import { ScriptedShtrih } from '../../../tests/support/shtrih-scripted-device.ts';
import { type LinkOptions, ShtrihLinkLayer } from './link-layer.ts';

const options: LinkOptions = {
  ackTimeoutMs: 40,
  byteTimeoutMs: 40,
  enqAttemptsMax: 3,
  sendAttemptsMax: 4,
  answerRereadsMax: 3,
  answerWaitsMax: 3,
  staleAnswersMax: 3,
  staleAnswerTimeoutMs: 200,
  log: () => {},
};

const STATUS_REQUEST = fromHex('10 1E 00 00 00');
let layers: ShtrihLinkLayer[] = [];

/** The device echoes the command's first data byte as the operator: each answer is its own. */
function setUp(overrides: Partial<LinkOptions> = {}) {
  const [host, device] = createMemoryLinkPair();
  let counter = 0;
  const scripted = new ScriptedShtrih(device, (code) => {
    counter += 1;
    return code === 0x88 ? encodeErrorReply(code, 0x4a) : Uint8Array.of(code, 0, counter);
  });
  const layer = new ShtrihLinkLayer(host, { ...options, ...overrides });
  layers.push(layer);
  return { layer, scripted };
}

afterEach(async () => {
  for (const layer of layers) await layer.close();
  layers = [];
});

describe('ShtrihLinkLayer', () => {
  it('ENQ, command, ACK, answer, ACK: the plain exchange', async () => {
    const { layer, scripted } = setUp();
    const result = await layer.transact(STATUS_REQUEST, 500);
    expect(result).toEqual({ ok: true, value: fromHex('10 00 01') });
    expect(scripted.executed).toHaveLength(1);
    expect(toHex(scripted.commandFrames[0]!)).toBe('02 05 10 1E 00 00 00 0B');
    // The host's final ACK reaches the device on the next turn of the event loop.
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(scripted.holdsAnswer).toBe(false);
  });

  it('passes error answers through for the driver to read', async () => {
    const { layer } = setUp();
    expect(await layer.transact(fromHex('88 1E 00 00 00'), 500)).toEqual({
      ok: true,
      value: fromHex('88 4A'),
    });
  });

  it('resends a command the device refused with NAK (it did not run)', async () => {
    const { layer, scripted } = setUp();
    scripted.faults.nakCommands = 2;
    expect(await layer.transact(STATUS_REQUEST, 500)).toMatchObject({ ok: true });
    expect(scripted.commandFrames).toHaveLength(3);
    expect(scripted.executed).toHaveLength(1);
  });

  it('a lost ACK does not make the command run twice', async () => {
    const { layer, scripted } = setUp();
    scripted.faults.dropAck = 1;
    scripted.faults.answerDelayMs = 120;
    expect(await layer.transact(STATUS_REQUEST, 500)).toEqual({
      ok: true,
      value: fromHex('10 00 01'),
    });
    expect(scripted.executed).toHaveLength(1);
    expect(scripted.commandFrames).toHaveLength(1);
  });

  it('a lost ACK followed at once by the answer: the answer is taken', async () => {
    const { layer, scripted } = setUp();
    scripted.faults.dropAck = 1;
    expect(await layer.transact(STATUS_REQUEST, 500)).toMatchObject({ ok: true });
    expect(scripted.executed).toHaveLength(1);
  });

  it('NAKs an answer with a bad LRC and re-reads it with ENQ', async () => {
    const { layer, scripted } = setUp();
    scripted.faults.corruptAnswers = 2;
    expect(await layer.transact(STATUS_REQUEST, 500)).toEqual({
      ok: true,
      value: fromHex('10 00 01'),
    });
    expect(scripted.executed).toHaveLength(1);
  });

  it('gives up after too many garbled answers, without resending the command', async () => {
    const { layer, scripted } = setUp();
    scripted.faults.corruptAnswers = 10;
    expect(await layer.transact(STATUS_REQUEST, 500)).toEqual({
      ok: false,
      error: { kind: 'timeout' },
    });
    expect(scripted.executed).toHaveLength(1);
  });

  it('skips garbage (RNDIS FF, noise) before the answer STX', async () => {
    const { layer, scripted } = setUp();
    scripted.faults.garbageBeforeAnswer = fromHex('FF 00 7A FF');
    expect(await layer.transact(STATUS_REQUEST, 500)).toEqual({
      ok: true,
      value: fromHex('10 00 01'),
    });
  });

  it('answer timeout, then ENQ fetches the held answer: no second execution', async () => {
    const { layer, scripted } = setUp();
    scripted.faults.withholdAnswers = 1;
    expect(await layer.transact(STATUS_REQUEST, 80)).toEqual({
      ok: true,
      value: fromHex('10 00 01'),
    });
    expect(scripted.executed).toHaveLength(1);
    expect(scripted.commandFrames).toHaveLength(1);
  });

  it('a torn answer (byte timeout) is re-read like a garbled one', async () => {
    const { layer, scripted } = setUp();
    scripted.faults.truncateAnswerAt = 3;
    expect(await layer.transact(STATUS_REQUEST, 500)).toEqual({
      ok: true,
      value: fromHex('10 00 01'),
    });
    expect(scripted.executed).toHaveLength(1);
  });

  it('a slow command: ENQ meanwhile gets ACK, and the answer is awaited again', async () => {
    const { layer, scripted } = setUp();
    scripted.faults.answerDelayMs = 150;
    expect(await layer.transact(STATUS_REQUEST, 60)).toMatchObject({ ok: true });
    expect(scripted.executed).toHaveLength(1);
  });

  it('an old answer held from an earlier command is read, ACKed and dropped first', async () => {
    const { layer, scripted } = setUp();
    scripted.faults.withholdAnswers = 1;
    // The device keeps saying "preparing" (ACK to ENQ, nothing follows) past the wait budget.
    scripted.faults.stallEnq = true;
    const first = await layer.transact(STATUS_REQUEST, 30);
    scripted.faults.stallEnq = false;
    expect(first).toMatchObject({ ok: false, error: { kind: 'timeout' } });
    expect(scripted.holdsAnswer).toBe(true);
    expect(await layer.transact(STATUS_REQUEST, 500)).toEqual({
      ok: true,
      value: fromHex('10 00 02'),
    });
    expect(scripted.executed).toHaveLength(2);
  });

  it('reports offline when nothing answers ENQ, and sends no command', async () => {
    const { layer, scripted } = setUp();
    scripted.faults.silent = true;
    expect(await layer.transact(STATUS_REQUEST, 500)).toEqual({
      ok: false,
      error: { kind: 'offline' },
    });
    expect(scripted.executed).toHaveLength(0);
  });

  it('40 concurrent callers: frames never interleave and every caller gets its own answer', async () => {
    const { layer, scripted } = setUp();
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, index) =>
        layer.transact(Uint8Array.of(0x10, index, 0, 0, 0), 1000),
      ),
    );
    expect(results.every((result) => result.ok)).toBe(true);
    expect(scripted.executed.map((command) => command.payload[0])).toEqual(
      Array.from({ length: 40 }, (_, index) => index),
    );
    const answers = results.map((result) => (result.ok ? result.value[2] : -1));
    expect(answers).toEqual(Array.from({ length: 40 }, (_, index) => index + 1));
  });
});
