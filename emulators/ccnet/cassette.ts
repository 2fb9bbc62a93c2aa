import { assert } from '../../common/assert.ts';
import { kopecks } from '../../common/money.ts';
import type { CassetteContents, CassetteNote, Note } from './device-state.ts';

const OPERATOR_TRAY_MAX = 1000;

/** The cassette (ground truth of the cash) and the tray an operator clears jams into. */
export class Cassette {
  readonly #notes: CassetteNote[] = [];
  readonly #operatorTray: Note[] = [];
  readonly #capacity: number;

  constructor(capacity: number) {
    assert(Number.isSafeInteger(capacity) && capacity > 0, 'capacity');
    this.#capacity = capacity;
  }

  get full(): boolean {
    return this.#notes.length >= this.#capacity;
  }

  contents(): CassetteContents {
    const notes = this.#notes.map((note) => ({ ...note }));
    const total = notes.reduce((sum, note) => sum + note.noteKopecks, 0);
    return { notes, totalKopecks: kopecks(total) };
  }

  /** Cash collection: empties the cassette and returns what was in it. */
  collect(): CassetteContents {
    const contents = this.contents();
    this.#notes.length = 0;
    return contents;
  }

  add(note: CassetteNote): void {
    this.#notes.push(note);
  }

  toOperatorTray(note: Note): void {
    if (this.#operatorTray.length < OPERATOR_TRAY_MAX) this.#operatorTray.push(note);
  }
}
