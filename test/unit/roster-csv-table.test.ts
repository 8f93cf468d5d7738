// Reading one roster CSV file as SIS exports really write them, and refusing the ones that cannot be trusted
// (a Latin-1 export, a broken quote, a file cut mid-row) with the file and line named.
import { describe, expect, it } from 'vitest';
import { columnIndex, eachRecord, openCsv, type CsvTable } from '../../server/roster/csv-table';

function table(text: string | Buffer, file = 'users.csv'): CsvTable {
  const opened = openCsv(file, Buffer.isBuffer(text) ? text : Buffer.from(text));
  if (!opened.ok) throw new Error(opened.problem.message);
  return opened.table;
}

function records(text: string | Buffer) {
  const rows: { fields: string[]; line: number }[] = [];
  const problem = eachRecord(table(text), (fields, line) => rows.push({ fields: [...fields], line }));
  if (problem) throw new Error(problem.message);
  return rows;
}

function problemOf(text: string | Buffer, file = 'users.csv') {
  const opened = openCsv(file, Buffer.isBuffer(text) ? text : Buffer.from(text));
  if (!opened.ok) return opened.problem;
  const problem = eachRecord(opened.table, () => {});
  if (!problem) throw new Error('read without a problem');
  return problem;
}

describe('roster CSV files', () => {
  it('read LF, CRLF and a last line without a newline alike', () => {
    const expected = [
      { fields: ['1', 'a'], line: 2 },
      { fields: ['2', 'b'], line: 3 },
    ];
    expect(records('id,name\n1,a\n2,b\n')).toEqual(expected);
    expect(records('id,name\r\n1,a\r\n2,b\r\n')).toEqual(expected);
    expect(records('id,name\r\n1,a\r\n2,b')).toEqual(expected);
    expect(records('id,name\r1,a\r2,b')).toEqual(expected);
  });

  it('skip a UTF-8 byte order mark, even before a quoted header', () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const withBom = table(Buffer.concat([bom, Buffer.from('"sourcedId","givenName"\r\nu1,Zoë\r\n')]));
    expect(withBom.header).toEqual(['sourcedId', 'givenName']);
    expect(records(Buffer.concat([bom, Buffer.from('"sourcedId","givenName"\r\nu1,Zoë\r\n')]))[0]!.fields).toEqual([
      'u1',
      'Zoë',
    ]);
  });

  it('read quoted fields with commas, doubled quotes and line breaks, keeping each record on its own first line', () => {
    const rows = records('id,title,note\n1,"Biology, Period 2","say ""hi"""\n2,"two\nlines",x\n3,plain,y\n');
    expect(rows).toEqual([
      { fields: ['1', 'Biology, Period 2', 'say "hi"'], line: 2 },
      { fields: ['2', 'two\nlines', 'x'], line: 3 },
      { fields: ['3', 'plain', 'y'], line: 5 },
    ]);
  });

  it('skip blank lines and keep counting them', () => {
    expect(records('id,name\n\n1,a\r\n\r\n2,b\n\n')).toEqual([
      { fields: ['1', 'a'], line: 3 },
      { fields: ['2', 'b'], line: 5 },
    ]);
  });

  it('match columns by name whatever their case, spaces or order', () => {
    const csv = table(' SourcedID ,givenname,ext_vendor_id,metadata.sped\n');
    expect(columnIndex(csv, 'sourcedId')).toBe(0);
    expect(columnIndex(csv, 'givenName')).toBe(1);
    expect(columnIndex(csv, 'metadata.sped')).toBe(3);
    expect(columnIndex(csv, 'familyName')).toBe(-1);
    expect(columnIndex(csv, 'grades', 'ext_vendor_id')).toBe(2);
  });

  it('tolerate empty fields after the last column (a spreadsheet trailing comma)', () => {
    expect(records('id,name\n1,a,,\n')).toEqual([{ fields: ['1', 'a'], line: 2 }]);
  });

  it('read a header with a trailing comma, whether its rows have one or not', () => {
    expect(records('id,name,\n1,a,\n2,b\n')).toEqual([
      { fields: ['1', 'a'], line: 2 },
      { fields: ['2', 'b'], line: 3 },
    ]);
  });

  it('keep a stray quote inside an unquoted field as text', () => {
    expect(records('id,name\n1,5" floppy\n')[0]!.fields).toEqual(['1', '5" floppy']);
  });

  it('refuse a Latin-1 export as not UTF-8, naming the line of the first bad byte', () => {
    const latin1 = Buffer.concat([Buffer.from('id,name\n1,Ana\n2,Jos'), Buffer.from([0xe9]), Buffer.from('\n')]);
    expect(problemOf(latin1)).toMatchObject({ code: 'not_utf8', file: 'users.csv', line: 3 });
  });

  it('refuse a UTF-16 export as not UTF-8, saying what it is', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('id,name\r\n', 'utf16le')]);
    const problem = problemOf(utf16);
    expect(problem).toMatchObject({ code: 'not_utf8', line: 1 });
    expect(problem.message).toContain('UTF-16');
  });

  it('refuse a quote that never closes (a cut file or a broken quote), naming the line and column it opens on', () => {
    const problem = problemOf('id,name,email\n1,a,a@x\n2,"Bob,b@x\n3,c,c@x\n');
    expect(problem).toMatchObject({ code: 'truncated_file', file: 'users.csv', line: 3, column: 'name' });
    expect(problem.message).toContain('line 3');
  });

  it('refuse text after a closing quote, naming the line and column', () => {
    expect(problemOf('id,name\n1,"Bob" Jr\n')).toMatchObject({ code: 'unreadable_file', line: 2, column: 'name' });
  });

  it('refuse a file cut in the middle of its last row as truncated', () => {
    const problem = problemOf('id,name,email\r\n1,a,a@x\r\n2,b');
    expect(problem).toMatchObject({ code: 'truncated_file', file: 'users.csv', line: 3 });
    expect(problem.message).toMatch(/cut short/);
  });

  it('refuse a row with a missing or extra field in the middle of the file', () => {
    expect(problemOf('id,name,email\n1,a\n2,b,b@x\n')).toMatchObject({ code: 'unreadable_file', line: 2 });
    expect(problemOf('id,name\n1,a,extra\n2,b\n')).toMatchObject({ code: 'unreadable_file', line: 2 });
  });

  it('refuse an empty file: it has no header', () => {
    expect(problemOf('')).toMatchObject({ code: 'unreadable_file', file: 'users.csv' });
  });

  it('name the file by its base name only', () => {
    expect(problemOf('id\n"x', 'enrollments.csv').message).toMatch(/^enrollments\.csv/);
  });
});
