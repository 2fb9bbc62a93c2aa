/** Account handlers for who is at the kiosk: codes, registration, login, logout, profile. */
import type { accountCommands } from '../../common/contract.ts';
import { ok } from '../../common/result.ts';
import type { HandlersFor } from '../hosts/dispatch.ts';
import type { AccountCalls, AccountHandlerDeps } from './account-calls.ts';
import { describeFailure } from './account-errors.ts';

type AuthChannel =
  | 'account:requestCode'
  | 'account:register'
  | 'account:login'
  | 'account:loginWithCode'
  | 'account:resetPassword'
  | 'account:logout'
  | 'account:current'
  | 'account:touch'
  | 'account:updateProfile'
  | 'account:notifications'
  | 'account:setNotification'
  | 'account:changePassword';

export type AuthHandlers = Pick<HandlersFor<typeof accountCommands>, AuthChannel>;

export function createAuthHandlers(deps: AccountHandlerDeps, calls: AccountCalls): AuthHandlers {
  const { client, offline, authed, view, opened, checkNewPassword } = calls;
  return {
    async 'account:requestCode'({ phone, purpose }) {
      const api = client();
      if (api === null) return offline();
      const sent = await api.requestCode(phone, purpose);
      return sent.ok ? sent : describeFailure(sent.error);
    },

    async 'account:register'({ phone, code, password, passwordAgain, displayName }) {
      const api = client();
      if (api === null) return offline();
      const weak = checkNewPassword(password, passwordAgain, phone);
      if (weak !== null) return weak;
      return opened(api, await api.register({ phone, code, password, displayName }));
    },

    async 'account:login'({ phone, password }) {
      const api = client();
      if (api === null) return offline();
      return opened(api, await api.login({ phone, password }));
    },

    async 'account:loginWithCode'({ phone, code }) {
      const api = client();
      if (api === null) return offline();
      return opened(api, await api.loginWithCode({ phone, code }));
    },

    async 'account:resetPassword'({ phone, code, newPassword, newPasswordAgain }) {
      const api = client();
      if (api === null) return offline();
      const weak = checkNewPassword(newPassword, newPasswordAgain, phone);
      if (weak !== null) return weak;
      return opened(api, await api.resetPassword({ phone, code, newPassword }));
    },

    'account:logout'() {
      deps.session.end('exit');
      return ok({ loggedOut: true as const });
    },

    async 'account:current'() {
      const api = client();
      const token = deps.session.token();
      if (api === null || token === null) return ok(null);
      deps.session.touch();
      const account = await view(api, token);
      // A session central no longer knows has just been ended: nobody is logged in.
      if (!account.ok && deps.session.token() === null) return ok(null);
      // Set in the app while this payer stands here: the next receipt already names them.
      if (account.ok) deps.session.learnSenderName(account.value.senderName);
      return account;
    },

    'account:touch'() {
      deps.session.touch();
      return ok({ loggedIn: deps.session.token() !== null });
    },

    async 'account:updateProfile'(input) {
      const patch: { displayName?: string; email?: string | null } = {};
      if (input.displayName !== undefined) patch.displayName = input.displayName;
      if (input.email !== undefined) patch.email = input.email === '' ? null : input.email;
      const saved = await authed((api, token) => api.updateProfile(token, patch));
      if (!saved.ok) return saved;
      const { phone, displayName, email, walletKopecks, senderName } = saved.value;
      return ok({ phone, displayName, email, walletKopecks, senderName });
    },

    async 'account:notifications'() {
      const got = await authed((api, token) => api.notifications(token));
      return got.ok ? ok(got.value.preferences) : got;
    },

    async 'account:setNotification'(choice) {
      const saved = await authed((api, token) => api.setNotification(token, choice));
      return saved.ok ? ok(saved.value.preferences) : saved;
    },

    async 'account:changePassword'({ currentPassword, newPassword, newPasswordAgain }) {
      const weak = checkNewPassword(newPassword, newPasswordAgain, deps.session.phone());
      if (weak !== null) return weak;
      const changed = await authed((api, token) =>
        api.changePassword(token, { currentPassword, newPassword }),
      );
      return changed.ok ? ok({ changed: true as const }) : changed;
    },
  };
}
