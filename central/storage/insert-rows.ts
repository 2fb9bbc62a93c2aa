/**
 * Plain one-row INSERTs that concurrent works issue in the same wave (storage/postgres.ts)
 * are sent as one multi-row INSERT: PostgreSQL starts its executor, reads the table's CHECK
 * constraints and opens its indexes once for the rows instead of once per row (a transfer's
 * row, with its seven indexes, cost the server about half as much CPU that way, measured on
 * this project's bench machine).
 *
 * Only statements whose outcome per row is known without asking are merged: `INSERT INTO t
 * (columns) VALUES (…)` with nothing after the values (no ON CONFLICT, no RETURNING), where
 * every value is a `?`, a quoted literal, a number or NULL. Such a statement either inserts
 * exactly its one row or fails; merged, the rows either all go in (each work hears 1) or the
 * statement fails and every work of the wave hears it, as before merging. Group commit then
 * runs the batch's items one by one, and the failing one is found alone. A trigger that skips
 * a row (a BEFORE trigger returning NULL; central has none) makes the merged INSERT report
 * fewer rows than it carried, and nobody can tell whose: the adapter then fails the whole
 * wave the same way.
 */

/** A one-row INSERT split into what every row shares and its row of values. */
export type InsertRow = {
  /** `INSERT INTO t (a, b, c)` as written. */
  head: string;
  /** The row's values: `?` where a parameter goes, or a literal as written. */
  values: readonly string[];
};

const HEAD_AND_ROW =
  /^\s*(INSERT\s+INTO\s+[A-Za-z_][\w.]*\s*\([^()'";]*\))\s*VALUES\s*\((.*)\)\s*$/is;
const VALUE = /^(?:\?|'[^']*'|-?\d+(?:\.\d+)?|NULL)$/i;

/** Splits `a, 'b, c', ?` at the commas outside quotes. */
function splitValues(row: string): string[] | null {
  const values: string[] = [];
  let current = '';
  let quoted = false;
  for (const char of row) {
    if (char === "'") quoted = !quoted;
    if (char === ',' && !quoted) {
      values.push(current.trim());
      current = '';
    } else {
      current += char;
    }
  }
  if (quoted) return null;
  values.push(current.trim());
  return values;
}

/** The statement's shared head and row, or null when it is not a plain one-row INSERT. */
export function insertRowOf(sql: string): InsertRow | null {
  const match = HEAD_AND_ROW.exec(sql);
  if (match === null) return null;
  const values = splitValues(match[2]!);
  if (values === null || !values.every((value) => VALUE.test(value))) return null;
  if (!values.includes('?')) return null;
  return { head: match[1]!.replace(/\s+/g, ' '), values };
}

/**
 * One multi-row INSERT for rows of the same statement, each row's parameters given as SQL
 * literals in the order of its `?`s.
 */
export function multiRowInsert(row: InsertRow, literalsPerRow: readonly (readonly string[])[]) {
  const tuples = literalsPerRow.map((literals) => {
    let next = 0;
    const filled = row.values.map((value) => {
      if (value !== '?') return value;
      const literal = literals[next];
      next += 1;
      if (literal === undefined) throw new Error('central db: a row has fewer values than ?s');
      return literal;
    });
    if (next !== literals.length) throw new Error('central db: a row has more values than ?s');
    return `(${filled.join(', ')})`;
  });
  return `${row.head} VALUES ${tuples.join(', ')}`;
}
