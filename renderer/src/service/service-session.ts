import { createContext, useContext, useMemo } from 'react';
import type { ServiceRole } from '../../../common/contract.ts';
import { assertNever } from '../../../common/assert.ts';
import { t } from '../i18n/operator.ts';
import type { Bridge } from '../bridge/kiosk-bridge.ts';
import { type ServiceErrorKind, type SessionActions, sessionActions } from './actions.ts';

/** What every service section gets: the bridge, the session token and role, and the exit. */
export type ServiceSessionContext = {
  bridge: Bridge;
  token: string;
  role: ServiceRole;
  /** A command said the session is gone: leave service mode. */
  onSessionLost(): void;
};

export const ServiceContext = createContext<ServiceSessionContext | null>(null);

export function useService(): ServiceSessionContext {
  const value = useContext(ServiceContext);
  if (value === null) throw new Error('useService outside ServiceApp');
  return value;
}

/** The session's calls to main (actions.ts), bound to its token. */
export function useServiceActions(): SessionActions {
  const service = useService();
  return useMemo(() => sessionActions(service), [service]);
}

/** A refused service command in operator words, with main's own kind and message after it. */
export function errorText(refused: { kind: ServiceErrorKind; message: string }): string {
  return `${operatorWords(refused.kind)} (${refused.kind}: ${refused.message})`;
}

function operatorWords(kind: ServiceErrorKind): string {
  switch (kind) {
    case 'wrong-pin':
      return t('err.wrong-pin');
    case 'locked':
      return t('err.locked');
    case 'deposit-active':
      return t('err.deposit-active');
    case 'forbidden':
      return t('err.forbidden');
    case 'not-signed-in':
    case 'session-expired':
      return t('err.session-expired');
    case 'setup-required':
      return t('err.setup-required');
    case 'pins-unreadable':
      return t('err.pins-unreadable');
    case 'already-set-up':
      return t('err.already-set-up');
    case 'paper-out':
      return t('err.paper-out');
    case 'cover-open':
      return t('err.cover-open');
    case 'offline':
    case 'io':
      return t('err.printer-silent');
    case 'comment-required':
      return t('err.comment-required');
    case 'duplicate-note':
      return t('err.duplicate-note');
    case 'bad-path':
      return t('err.bad-path');
    case 'target-exists':
      return t('err.target-exists');
    case 'target-missing':
      return t('err.target-missing');
    case 'target-not-directory':
      return t('err.target-not-directory');
    case 'write-failed':
      return t('err.write-failed');
    case 'not-found':
      return t('err.not-found');
    case 'not-parked':
      return t('err.not-parked');
    case 'invalid':
      return t('err.invalid');
    case 'enrol-failed':
      return t('err.enrol-failed');
    case 'not-enrolled':
      return t('err.not-enrolled');
    case 'unavailable':
      return t('err.unavailable');
    case 'incomplete':
      return t('err.incomplete');
    case 'same-pins':
      return t('err.same-pins');
    case 'acceptor':
      return t('err.acceptor');
    case 'busy':
      return t('err.busy');
    case 'not-fiscal':
      return t('err.not-fiscal');
    case 'shift-closed':
      return t('err.shift-closed');
    case 'shift-expired':
      return t('err.shift-expired');
    case 'fn-blocked':
      return t('err.fn-blocked');
    case 'bad-password':
    case 'document-state':
    case 'device':
      return t('err.fiscal-device');
    case 'not-other-party':
      return t('err.not-other-party');
    case 'no-party':
      return t('err.no-party');
    case 'party-changed':
      return t('err.party-changed');
    case 'timeout':
      return t('err.timeout');
    case 'disconnected':
      return t('err.disconnected');
    case 'bad-request':
    case 'unknown-channel':
    case 'internal':
    case 'bad-reply':
    case 'other':
      return t('err.other');
    default:
      return assertNever(kind, 'service refusal');
  }
}
