import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvField, csvLines, csvRow } from '../../../../../shared/domain/evidence/csv.js';

/** An RFC 4180 reader, enough to read back what the writer wrote. */
function parse(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  return rows;
}

describe('CSV (RFC 4180)', () => {
  it('quotes only fields with a comma, a quote or a line break, and doubles the quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
  });

  it('writes empty cells for null and undefined, numbers and booleans as text, objects as JSON', () => {
    expect(csvRow([null, undefined, 0, false, 1.5, { a: 1 }, ['x', 'y']])).toBe(
      ',,0,false,1.5,"{""a"":1}","[""x"",""y""]"\r\n',
    );
  });

  it('reads back as written, whatever the text', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string({ unit: 'grapheme' }), { minLength: 1, maxLength: 5 }), { maxLength: 5 }),
        (rows) => {
          const text = rows.map(csvRow).join('');
          expect(parse(text)).toEqual(rows);
        },
      ),
    );
  });

  it('streams the header then one line per record', async () => {
    const lines: string[] = [];
    const table = { header: ['id', 'note'], cells: (r: { id: number; note: string }) => [r.id, r.note] };
    for await (const line of csvLines(table, [{ id: 1, note: 'a, b' }])) lines.push(line);
    expect(lines).toEqual(['id,note\r\n', '1,"a, b"\r\n']);
  });
});
