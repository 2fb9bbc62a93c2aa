import type { ReactNode } from 'react';
import type { KeyboardKey } from '../app/text-entry.ts';
import { Keyboard } from './keyboard.tsx';
import type { KeyboardMode } from './layout.ts';

/**
 * A form with the keyboard: one above the other in portrait, side by side in landscape, so that
 * on the 1080 px high landscape screen neither the fields nor the keys have to scroll away.
 */
export function TypingArea(props: {
  mode: KeyboardMode;
  onKey: (key: KeyboardKey) => void;
  children: ReactNode;
}) {
  return (
    <div className="typing-area">
      <div className="typing-content">{props.children}</div>
      <Keyboard mode={props.mode} onKey={props.onKey} />
    </div>
  );
}
