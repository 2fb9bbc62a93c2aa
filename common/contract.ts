/**
 * The one IPC contract. Every renderer→main command and main→renderer event is a zod schema
 * here; main validates everything it receives against it, the renderer types its calls by it.
 * Areas live in common/contract/*.ts and are merged below.
 */
import type { z } from 'zod';
import { accountCommands, accountEvents } from './contract/account.ts';
import type { IpcError } from './contract/base.ts';
import { kioskCommands, kioskEvents } from './contract/kiosk.ts';
import { paymentCommands, paymentEvents } from './contract/payment.ts';
import { remoteCommands, remoteEvents } from './contract/remote.ts';
import { serviceCommands, serviceEvents } from './contract/service.ts';
import type { Result } from './result.ts';

export * from './contract/account.ts';
export * from './contract/base.ts';
export * from './contract/fiscal.ts';
export * from './contract/kiosk.ts';
export * from './contract/panel.ts';
export * from './contract/payment.ts';
export * from './contract/remote.ts';
export * from './contract/service.ts';

export const commands = {
  ...accountCommands,
  ...kioskCommands,
  ...paymentCommands,
  ...serviceCommands,
  ...remoteCommands,
} as const;

export const events = {
  ...accountEvents,
  ...kioskEvents,
  ...paymentEvents,
  ...serviceEvents,
  ...remoteEvents,
} as const;

export type Commands = typeof commands;
export type Channel = keyof Commands;
export type CommandArgs<C extends Channel> = z.input<Commands[C]['args']>;
export type CommandValue<C extends Channel> = z.output<Commands[C]['result']>;
export type CommandResult<C extends Channel> = Result<CommandValue<C>, IpcError>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.hasOwn(commands, value);
}

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && Object.hasOwn(events, value);
}

/** What the preload exposes as `window.kiosk` and the headless client implements too. */
export type KioskBridge = {
  invoke<C extends Channel>(channel: C, args: CommandArgs<C>): Promise<CommandResult<C>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};

/** Wire format over WebSocket (headless host) — Electron IPC carries the same objects. */
export type WireRequest = { id: number; channel: string; args: unknown };
export type WireReply = { id: number; result: Result<unknown, IpcError> };
export type WireEvent = { event: string; payload: unknown };
