import { describe, expect, it } from 'vitest';
import { ServiceSettingsSchema } from '../../common/contract.ts';
import { limits } from '../../common/limits.ts';
import { defaultSettings } from '../service/settings-service.ts';
import { type CentralTerms, narrowedFields, narrowSettings } from './effective-terms.ts';

const central: CentralTerms = {
  version: 7,
  paymentKopecksMin: 1_000,
  paymentKopecksMax: 1_000_000,
  commissionRateBasisPoints: 250,
  commissionKopecksMin: 3_000,
  acceptedNotesKopecks: [5_000, 10_000, 50_000, 100_000],
  languages: ['ru', 'uz'],
};

describe('local settings only narrow what central allows', () => {
  it('a lower local commission does not undercut central; a higher one stands', () => {
    const local = { ...defaultSettings(), commissionBasisPoints: 0, commissionMinKopecks: 0 };
    const effective = narrowSettings(local, central);
    expect(effective.commissionBasisPoints).toBe(250);
    expect(effective.commissionMinKopecks).toBe(3_000);
    const higher = narrowSettings({ ...local, commissionBasisPoints: 400 }, central);
    expect(higher.commissionBasisPoints).toBe(400);
  });

  it('the cap is the lower of the two, and never above the 115-ФЗ bound', () => {
    const local = { ...defaultSettings(), depositKopecksMax: 1_500_000 };
    expect(narrowSettings(local, central).depositKopecksMax).toBe(1_000_000);
    expect(
      narrowSettings({ ...local, depositKopecksMax: 500_000 }, central).depositKopecksMax,
    ).toBe(500_000);
    const generous = { ...central, paymentKopecksMax: 60_000_000 };
    expect(narrowSettings(local, generous).depositKopecksMax).toBe(limits.anonymousCashKopecksMax);
  });

  it('notes central left out (or below its minimum) are off; languages are the common ones', () => {
    const local = defaultSettings();
    const effective = narrowSettings(local, { ...central, paymentKopecksMin: 6_000 });
    const enabled = effective.acceptedNotes.filter((n) => n.enabled).map((n) => n.noteKopecks);
    expect(enabled).toEqual([10_000, 50_000, 100_000]);
    expect(effective.languages).toEqual(['ru', 'uz']);
    expect(ServiceSettingsSchema.safeParse(effective).success).toBe(true);
    expect(narrowedFields(local, effective)).toEqual(
      expect.arrayContaining(['commissionBasisPoints', 'acceptedNotes', 'languages']),
    );
  });

  it('a default language central does not offer falls back to its first', () => {
    const local = { ...defaultSettings(), languages: ['ru' as const, 'tg' as const] };
    const effective = narrowSettings({ ...local, defaultLanguage: 'tg' }, central);
    expect(effective.languages).toEqual(['ru']);
    expect(effective.defaultLanguage).toBe('ru');
  });
});

describe('the 115-ФЗ cap in the operator settings', () => {
  it('refuses 15 000.01 ₽ and says why; 15 000 ₽ is fine', () => {
    const over = ServiceSettingsSchema.safeParse({
      ...defaultSettings(),
      depositKopecksMax: 1_500_001,
    });
    expect(over.success).toBe(false);
    expect(over.error?.issues[0]?.message).toMatch(/115-ФЗ/);
    const at = ServiceSettingsSchema.safeParse({
      ...defaultSettings(),
      depositKopecksMax: 1_500_000,
    });
    expect(at.success).toBe(true);
  });
});
