import type { AccountView } from '../../../common/contract.ts';
import { displayNamePart } from '../../../common/names.ts';

/** «Ирина» however it was typed («ирина», «ИРИНА»); the phone when no name was given. */
export function greetingName(account: Pick<AccountView, 'displayName' | 'phone'>): string {
  const name = displayNamePart(account.displayName);
  return name === '' ? account.phone : name;
}
