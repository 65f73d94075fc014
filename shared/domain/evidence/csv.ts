/**
 * CSV as RFC 4180 writes it: fields separated by commas, records ended by CRLF, a field quoted when it holds a comma,
 * a quote, CR or LF, and a quote inside a quoted field doubled. Spreadsheet tools and `csvkit` read it back as is.
 */

/** What a cell may hold; `null` and `undefined` are the empty cell, objects are written as their JSON. */
export type CsvValue = string | number | boolean | null | undefined | readonly unknown[] | Record<string, unknown>;

const NEEDS_QUOTES = /[",\r\n]/;

export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record, CRLF included. */
export function csvRow(values: readonly CsvValue[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** A table's shape: its header, and how a record becomes its cells (in the header's order). */
export interface CsvTable<T> {
  header: readonly string[];
  cells(record: T): readonly CsvValue[];
}

/** The header row, then one row per record, as they come: a year of records never sits in memory. */
export async function* csvLines<T>(
  table: CsvTable<T>,
  records: AsyncIterable<T> | Iterable<T>,
): AsyncGenerator<string> {
  yield csvRow(table.header);
  for await (const record of records) yield csvRow(table.cells(record));
}
