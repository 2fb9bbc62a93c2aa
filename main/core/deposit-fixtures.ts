import { rubles } from '../../common/money.ts';
import type { BillTableRow } from './deposit-machine.ts';

/** Common Russian firmware layout (docs/protocols/ccnet.md §8). */
export const rubleBillTable: BillTableRow[] = [
  [2, 10],
  [3, 50],
  [4, 100],
  [5, 500],
  [6, 1_000],
  [7, 5_000],
  [12, 200],
  [13, 2_000],
].map(([billType, value]) => ({ billType: billType!, noteKopecks: rubles(value!) }));
