import { describe, expect, it } from 'vitest';
import {
  birthDateOf,
  checkSearch,
  createMemoryGuardStore,
  type GuardKey,
  SEARCH_GUARD,
} from './search-guard.ts';

/** The day-of-birth allowance of the sweep guard, on the kiosk's memory store. */
const terminal: GuardKey[] = [{ scope: 'terminal', id: 'self' }];
const probe = (birthDay?: number, birthMonth?: number) => ({
  nameFingerprint: 'каримов|бахтиер',
  facilityId: '77-sizo-1',
  birthYear: 1995,
  birthDate: birthDateOf({ birthDay, birthMonth }),
});

describe('sweep guard: days of birth', () => {
  it('spells a day of birth as MM-DD, and nothing without both parts', () => {
    expect(birthDateOf({ birthDay: 2, birthMonth: 11 })).toBe('11-02');
    expect(birthDateOf({ birthDay: 2 })).toBe('');
  });

  it(`allows ${SEARCH_GUARD.datesPerName.terminal} days per name, repeats free, then refuses`, () => {
    const store = createMemoryGuardStore();
    const nowMs = 1_000_000;
    expect(checkSearch(store, terminal, probe(), nowMs).ok).toBe(true);
    for (let day = 1; day <= SEARCH_GUARD.datesPerName.terminal; day += 1) {
      expect(checkSearch(store, terminal, probe(day, 3), nowMs).ok).toBe(true);
    }
    expect(checkSearch(store, terminal, probe(1, 3), nowMs).ok).toBe(true);
    expect(checkSearch(store, terminal, probe(28, 3), nowMs)).toEqual({
      ok: false,
      scope: 'terminal',
    });
    // Without a day the name is still answered; a day later the allowance is back.
    expect(checkSearch(store, terminal, probe(), nowMs).ok).toBe(true);
    const later = nowMs + SEARCH_GUARD.windowMs + 1;
    expect(checkSearch(store, terminal, probe(28, 3), later).ok).toBe(true);
  });
});
