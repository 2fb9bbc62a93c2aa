/**
 * A phone as the fiscal data format wants it in 1073, 1074 and 1171: `+` and digits, the
 * country code first (`+78002506114`). Central's configuration keeps phones as people write
 * them (`8 800 250-61-14`, `+7 495 215-38-60`); the printed slip shows them so, the registrar
 * gets this form. A Russian number dialled with the trunk prefix 8 becomes +7. Pure.
 */
export function ffdPhone(written: string): string {
  const digits = written.replace(/\D/g, '');
  if (written.trim().startsWith('+')) return `+${digits}`;
  if (digits.length === 11 && (digits.startsWith('8') || digits.startsWith('7'))) {
    return `+7${digits.slice(1)}`;
  }
  if (digits.length === 10) return `+7${digits}`;
  return `+${digits}`;
}
