/**
 * The one password rule for payer accounts, used wherever a password is set: registration,
 * reset and change at central, and the kiosk before a call leaves (so the payer hears why at
 * once). Both refuse the same passwords with the same reason.
 *
 * "Common" is zxcvbn's estimate (@zxcvbn-ts, maintained, with its common-password, name and
 * keyboard-pattern lists): fewer than 10^8 guesses fails. The stored hash is scrypt, so that
 * is the "offline, slow hash" resistance zxcvbn means by score 3. The lists are about 2 MB and
 * are loaded by central and the kiosk's main process only; the renderer does not import this.
 */
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

export type PasswordProblem =
  | 'too-short'
  | 'too-long'
  | 'no-letter'
  | 'no-digit'
  | 'has-phone'
  | 'common';
export const PASSWORD_CHARS_MIN = 8;
export const PASSWORD_CHARS_MAX = 128;
/** zxcvbn score 3: at least 10^8 guesses. */
export const PASSWORD_SCORE_MIN = 3;
/**
 * Characters zxcvbn looks at: its time grows with length (a 128-character check takes over
 * 100 ms) and longer passwords are not the weak ones.
 */
const SCORED_CHARS_MAX = 64;
/** Digits of a Russian mobile number without the country code. */
const PHONE_DIGITS = 10;

let estimator: ZxcvbnFactory | null = null;
function strength(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    dictionary,
    graphs: adjacencyGraphs,
    maxLength: SCORED_CHARS_MAX,
  });
  return estimator;
}

/** null when acceptable; otherwise the first thing wrong. */
export function passwordProblem(password: string, phone: string | null): PasswordProblem | null {
  if (password.length < PASSWORD_CHARS_MIN) return 'too-short';
  if (password.length > PASSWORD_CHARS_MAX) return 'too-long';
  if (!/\p{L}/u.test(password)) return 'no-letter';
  if (!/\d/.test(password)) return 'no-digit';
  // The login is the phone: a password holding its last ten digits is guessable.
  const phoneDigits = phone === null ? null : phone.replace(/\D/g, '').slice(-PHONE_DIGITS);
  if (phoneDigits !== null && password.replace(/\D/g, '').includes(phoneDigits)) {
    return 'has-phone';
  }
  const userInputs = phoneDigits === null ? [] : [phoneDigits];
  if (strength().check(password, userInputs).score < PASSWORD_SCORE_MIN) return 'common';
  return null;
}
