/**
 * Registration data of the emulated ККТ and the derived numbers it prints: the registration
 * number (РН ККТ, tag 1037) is 10 digits of sequence number plus 6 check digits, the check
 * being CRC-16 (polynomial 0x1021, start 0xFFFF) over the ASCII of the sequence number, the
 * user's ИНН padded with zeros to 12 digits and the ККТ serial padded to 20 (docs/protocols/
 * shtrih-emulator.md, "Registration").
 */
import { createHmac } from 'node:crypto';
import { assert } from '../../common/assert.ts';

export type Registration = {
  /** 1048, printed on every receipt. */
  userName: string;
  /** 1018: 10 or 12 digits. */
  userInn: string;
  /** 1009 / 1187. */
  address: string;
  place: string;
  /** 1036, mandatory for an automatic device. */
  automatNumber: string;
  /** ККТ serial number, up to 20 digits. */
  serialNumber: string;
  /** The first 10 digits of РН ККТ, as the tax office assigned them. */
  registrationSequence: string;
  /** 1055 tax systems registered, as a bit mask (bit0 ОСН … bit5 ПСН). */
  taxSystemsMask: number;
  /** 1060. */
  fnsSite: string;
};

export function crc16Ccitt(bytes: Uint8Array): number {
  let crc = 0xffff;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit += 1) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
  }
  return crc;
}

/** 1037: `sequence(10) + check(6)`. */
export function registrationNumber(reg: Registration): string {
  assert(/^\d{10}$/.test(reg.registrationSequence), 'registration: sequence must be 10 digits');
  assert(/^\d{10}$|^\d{12}$/.test(reg.userInn), 'registration: ИНН must be 10 or 12 digits');
  assert(/^\d{1,20}$/.test(reg.serialNumber), 'registration: serial must be 1..20 digits');
  const text =
    reg.registrationSequence + reg.userInn.padStart(12, '0') + reg.serialNumber.padStart(20, '0');
  const check = crc16Ccitt(new TextEncoder().encode(text));
  return reg.registrationSequence + String(check).padStart(6, '0');
}

/**
 * The emulator's fiscal sign (ФП, 1077): a real ФН signs with a key only it holds; ours is an
 * HMAC of the document's identifying fields under a fixed device key, read as a big-endian
 * u32, so the same document always gets the same sign and a changed field gets another.
 */
export function fiscalSignOf(fields: readonly (string | number)[], deviceKey: string): number {
  const mac = createHmac('sha256', deviceKey).update(fields.join('|')).digest();
  return mac.readUInt32BE(0);
}

export const DEFAULT_REGISTRATION: Registration = {
  userName: 'ООО "ПЛАТЕЖНЫЙ АГЕНТ"',
  userInn: '7707083893',
  address: 'г. Москва, ул. Примерная, д. 1',
  place: 'Терминал в помещении для посетителей',
  automatNumber: '00000001',
  serialNumber: '0012345678',
  registrationSequence: '0000000001',
  taxSystemsMask: 0b000010,
  fnsSite: 'www.nalog.gov.ru',
};
