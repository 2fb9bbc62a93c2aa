/**
 * The password rule for payer accounts. The kiosk checks it before a call leaves (so the payer
 * hears why at once) and central checks it again where it sets a password, so both refuse the
 * same passwords with the same reason.
 */
export type PasswordProblem = 'too-short' | 'too-long' | 'no-letter' | 'no-digit' | 'has-phone';
export const PASSWORD_CHARS_MIN = 8;
export const PASSWORD_CHARS_MAX = 128;
/** Digits of a Russian mobile number without the country code. */
const PHONE_DIGITS = 10;

/** null when acceptable; otherwise why not. */
export function passwordProblem(password: string, phone: string | null): PasswordProblem | null {
  if (password.length < PASSWORD_CHARS_MIN) return 'too-short';
  if (password.length > PASSWORD_CHARS_MAX) return 'too-long';
  if (!/\p{L}/u.test(password)) return 'no-letter';
  if (!/\d/.test(password)) return 'no-digit';
  // The login is the phone: a password holding its last ten digits is guessable.
  if (phone !== null) {
    const phoneDigits = phone.replace(/\D/g, '').slice(-PHONE_DIGITS);
    if (password.replace(/\D/g, '').includes(phoneDigits)) return 'has-phone';
  }
  return null;
}
