/**
 * The only two raw Electron IPC channels. Every contract command travels inside `kiosk:invoke`
 * and is validated by the main-process dispatcher; one channel keeps the attack surface one
 * handler wide (docs/reliability.md §7: validate the sender of every IPC message).
 */
export const invokeChannel = 'kiosk:invoke';
export const eventChannel = 'kiosk:event';

/** What the preload sends on `invokeChannel`. */
export type InvokeMessage = { channel: string; args: unknown };
