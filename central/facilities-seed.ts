/**
 * Demo facilities: a deterministic set per region following the real naming patterns
 * («ФКУ СИЗО-1 УФСИН России по г. Москве»), with treasury accounting details whose INN check
 * digit is valid, and the nicknames visitors actually use as aliases (docs/domain.md §3).
 */
import { innWithCheckDigit } from '../common/inn.ts';
import { createRng, type Rng } from '../common/prng.ts';
import { REGIONS, type RegionSeed, territorialBody } from './regions.ts';

export type FacilityType = 'СИЗО' | 'ИК' | 'КП' | 'ЛИУ' | 'ЛПУ' | 'ВК' | 'ИЦ' | 'Т';

export type FacilitySeed = {
  id: string;
  regionCode: string;
  type: FacilityType;
  number: number;
  shortName: string;
  fullName: string;
  aliases: string[];
  address: string;
  phone: string;
  accounting: {
    recipient: string;
    inn: string;
    kpp: string;
    bik: string;
    bankName: string;
    treasuryAccount: string;
    account: string;
    oktmo: string;
  };
};

const TYPE_SLUG: Record<FacilityType, string> = {
  СИЗО: 'sizo',
  ИК: 'ik',
  КП: 'kp',
  ЛИУ: 'liu',
  ЛПУ: 'lpu',
  ВК: 'vk',
  ИЦ: 'ic',
  Т: 't',
};

const FULL_TYPE: Record<FacilityType, string> = {
  СИЗО: 'Следственный изолятор',
  ИК: 'Исправительная колония',
  КП: 'Колония-поселение',
  ЛИУ: 'Лечебное исправительное учреждение',
  ЛПУ: 'Лечебно-профилактическое учреждение',
  ВК: 'Воспитательная колония',
  ИЦ: 'Исправительный центр',
  Т: 'Тюрьма',
};

/** Nicknames by region and facility, as visitors say them. */
const ALIASES: Record<string, string[]> = {
  '77-sizo-1': ['Матросская тишина'],
  '77-sizo-2': ['Бутырка', 'Бутырская тюрьма'],
  '77-sizo-4': ['Медведь'],
  '77-sizo-5': ['Водник'],
  '77-sizo-6': ['Печатники'],
  '77-sizo-7': ['Капотня'],
  '78-sizo-1': ['Кресты'],
  '78-sizo-2': ['Арсеналка'],
  '33-t-2': ['Владимирский централ'],
};

const STREETS = [
  'ул. Ленина',
  'ул. Советская',
  'ул. Заводская',
  'Кромское шоссе',
  'ул. Российская',
  'Портовая наб.',
  'ул. Тюремная',
  'ул. Промышленная',
  'ул. Садовая',
  'ул. Лесная',
];
const SETTLEMENTS = [
  'пос. Сосновка',
  'пос. Белый Яр',
  'с. Каменка',
  'пос. Октябрьский',
  'пос. Лесной',
  'пос. Горный',
  'с. Никольское',
  'пос. Заречный',
  'пос. Ударный',
  'пос. Северный',
];

function digits(rng: Rng, count: number): string {
  let out = '';
  for (let index = 0; index < count; index += 1) out += String(rng.int(10));
  return out;
}

type Plan = { type: FacilityType; number: number };

function planFor(region: RegionSeed, rng: Rng): Plan[] {
  if (region.code === '77') {
    return [1, 2, 3, 4, 5, 6, 7].map((number) => ({ type: 'СИЗО' as const, number }));
  }
  const plans: Plan[] = [{ type: 'СИЗО', number: 1 }];
  if (region.main || rng.chance(0.5)) plans.push({ type: 'СИЗО', number: 2 });
  const colonies = 2 + rng.int(region.main ? 8 : 5);
  for (let number = 1; number <= colonies; number += 1) plans.push({ type: 'ИК', number });
  if (rng.chance(0.7)) plans.push({ type: 'КП', number: colonies + 1 });
  if (rng.chance(0.4)) plans.push({ type: 'ЛИУ', number: 1 + rng.int(5) });
  if (rng.chance(0.2)) plans.push({ type: 'ЛПУ', number: 1 });
  if (rng.chance(0.15)) plans.push({ type: 'ВК', number: 1 + rng.int(3) });
  if (rng.chance(0.3)) plans.push({ type: 'ИЦ', number: 1 });
  if (region.code === '33') plans.push({ type: 'Т', number: 2 });
  return plans;
}

function facilityOf(region: RegionSeed, plan: Plan, rng: Rng): FacilitySeed {
  const body = territorialBody(region);
  const id = `${region.code}-${TYPE_SLUG[plan.type]}-${plan.number}`;
  const code = `${plan.type}-${plan.number}`;
  const shortName = `ФКУ ${code} ${body}`;
  const inCapital = plan.type === 'СИЗО' || plan.type === 'ЛПУ' || rng.chance(0.3);
  const place = inCapital ? `г. ${region.capital}` : rng.pick(SETTLEMENTS);
  const postcode = `${region.code === '77' ? '1' : String(1 + rng.int(6))}${digits(rng, 5)}`;
  const address = `${postcode}, ${place}, ${rng.pick(STREETS)}, д. ${1 + rng.int(120)}`;
  const phone = `+7 (${digits(rng, 3)}) ${digits(rng, 3)}-${digits(rng, 2)}-${digits(rng, 2)}`;
  const inn = innWithCheckDigit(`${region.code}${digits(rng, 7)}`);
  return {
    id,
    regionCode: region.code,
    type: plan.type,
    number: plan.number,
    shortName,
    fullName: `ФКУ «${FULL_TYPE[plan.type]} № ${plan.number} ${body}»`,
    aliases: ALIASES[id] ?? [],
    address,
    phone,
    accounting: {
      recipient: `УФК по ${region.byName} (${shortName}, л/с ${digits(rng, 11)})`,
      inn,
      kpp: `${region.code}${digits(rng, 2)}01001`,
      bik: `0${digits(rng, 8)}`,
      bankName: `ОТДЕЛЕНИЕ ${region.capital.toUpperCase()} БАНКА РОССИИ//УФК по ${region.byName}`,
      treasuryAccount: `40102810${digits(rng, 12)}`,
      account: `03212643${region.code}0000${digits(rng, 6)}`,
      oktmo: `${region.code}${digits(rng, 6)}`,
    },
  };
}

/** Every demo facility, the same list on every run. */
export function demoFacilities(seed = 20_261_125): FacilitySeed[] {
  const rng = createRng(seed);
  const facilities: FacilitySeed[] = [];
  for (const region of REGIONS) {
    for (const plan of planFor(region, rng)) facilities.push(facilityOf(region, plan, rng));
  }
  return facilities;
}
