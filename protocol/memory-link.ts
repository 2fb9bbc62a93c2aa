import type { ByteLink } from './link.ts';

/**
 * Two connected in-memory ByteLinks. Bytes written on one side arrive on the other
 * asynchronously (next macrotask), never synchronously, so drivers see the same
 * re-entrancy as with a real port.
 */
export function createMemoryLinkPair(): [ByteLink, ByteLink] {
  const sides = [makeSide(), makeSide()] as const;
  sides[0].peer = sides[1];
  sides[1].peer = sides[0];
  return [sides[0].link, sides[1].link];
}

type Side = {
  link: ByteLink;
  peer: Side | null;
  onData: (chunk: Uint8Array) => void;
  onClose: (reason: string) => void;
  closed: boolean;
};

function makeSide(): Side {
  const side: Side = {
    peer: null,
    onData: () => {},
    onClose: () => {},
    closed: false,
    link: {
      async write(bytes) {
        if (side.closed) throw new Error('memory link: write after close');
        const peer = side.peer;
        const copy = Uint8Array.from(bytes);
        setImmediate(() => {
          if (peer && !peer.closed) peer.onData(copy);
        });
      },
      setDataListener(listener) {
        side.onData = listener;
      },
      setCloseListener(listener) {
        side.onClose = listener;
      },
      async close() {
        if (side.closed) return;
        side.closed = true;
        const peer = side.peer;
        if (peer && !peer.closed) setImmediate(() => peer.onClose('peer closed'));
      },
    },
  };
  return side;
}
