import { useEffect, useState } from 'react';
import type { KeyboardKey } from '../app/text-entry.ts';
import { Keyboard } from './keyboard.tsx';

type Typable = HTMLInputElement | HTMLTextAreaElement;

/** Long enough for a tap's release to reach the button it started on. */
const HIDE_AFTER_MS = 400;

const typableInputs = new Set(['text', 'password', 'search', 'number', 'tel', 'email', 'url']);

function typable(element: EventTarget | null): Typable | null {
  if (element instanceof HTMLTextAreaElement) return element.readOnly ? null : element;
  if (element instanceof HTMLInputElement && typableInputs.has(element.type)) {
    return element.readOnly ? null : element;
  }
  return null;
}

/**
 * The on-screen keyboard for screens built of ordinary fields (service mode): it opens under
 * whichever field has the focus and types into it as a key on a physical keyboard would, so
 * the field's own onChange sees every key. The kiosk has no physical keyboard.
 */
export function FocusKeyboard() {
  const [target, setTarget] = useState<Typable | null>(null);
  useEffect(() => {
    let hiding: ReturnType<typeof setTimeout> | undefined;
    const onFocusIn = (event: FocusEvent) => {
      const field = typable(event.target);
      if (field === null) return;
      clearTimeout(hiding);
      setTarget(field);
    };
    // The keyboard goes a moment after the field loses the focus, not at once: a tap on a
    // button below it must land on the button, not on whatever moves up into its place.
    const onFocusOut = (event: FocusEvent) => {
      if (typable(event.relatedTarget) !== null) return;
      clearTimeout(hiding);
      hiding = setTimeout(() => setTarget(null), HIDE_AFTER_MS);
    };
    document.addEventListener('focusin', onFocusIn);
    document.addEventListener('focusout', onFocusOut);
    return () => {
      clearTimeout(hiding);
      document.removeEventListener('focusin', onFocusIn);
      document.removeEventListener('focusout', onFocusOut);
    };
  }, []);
  // A block body: newer Chromium answers scrollIntoView with a promise, not a cleanup.
  useEffect(() => {
    target?.scrollIntoView({ block: 'center' });
  }, [target]);
  if (target === null || !target.isConnected) return null;
  const onKey = (key: KeyboardKey) => {
    if (key.kind === 'next') return;
    const value = key.kind === 'erase' ? target.value.slice(0, -1) : target.value + key.char;
    // React tracks the value it set: the prototype's setter makes the change an input event.
    const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(target), 'value')?.set;
    setter?.call(target, value);
    target.dispatchEvent(new Event('input', { bubbles: true }));
  };
  return <Keyboard mode="text" onKey={onKey} />;
}
