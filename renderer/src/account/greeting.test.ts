import { describe, expect, it } from 'vitest';
import { greetingName } from './greeting.ts';

describe('greetingName', () => {
  it('capitalises the name as people write it, whatever case it was typed in', () => {
    expect(greetingName({ displayName: 'ирина', phone: '+79120000000' })).toBe('Ирина');
    expect(greetingName({ displayName: 'ИРИНА ПЕТРОВНА', phone: '' })).toBe('Ирина Петровна');
    expect(greetingName({ displayName: ' анна-мария ', phone: '' })).toBe('Анна-Мария');
    expect(greetingName({ displayName: 'gulnora', phone: '' })).toBe('Gulnora');
  });

  it('greets by phone when no name was given', () => {
    expect(greetingName({ displayName: '  ', phone: '+79120000000' })).toBe('+79120000000');
  });
});
