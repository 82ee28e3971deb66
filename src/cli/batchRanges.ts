/**
 * The ranges file of `ltx-retake batch`: Premiere's own marker export as it is, a CSV written by
 * hand with the same columns, or a JSON list.
 *
 * Premiere's File > Export > Markers (CSV) writes UTF-16 with a byte-order mark, despite the name
 * tab-separated, one header line `Marker Name, Description, In, Out, Duration, Marker Type` (the
 * header is translated in other languages, the column order is not) and a trailing tab on each
 * line; times are the sequence's timecode, `HH:MM:SS:FF`, or `HH;MM;SS;FF` when drop-frame.
 * Sources: public scripts that read the export (a marker-import panel whose comments quote
 * English rows at 25 fps and 29.97 drop-frame, R1ON/ConvertCSV reading it as UCS-2 with Russian
 * headers, asus4/AAEdit splitting on tabs and ';'); Adobe documents only "CSV".
 */

export type TimeValue = { kind: 'seconds'; seconds: number } | { kind: 'timecode'; text: string; dropFrame: boolean };

export interface RangeRow {
  /** How the row is named in sentences: "line 3" of a CSV, "entry 2" of a JSON list. */
  where: string;
  name: string;
  description: string;
  /** The mode column as written, or null when there is none. */
  mode: string | null;
  in: TimeValue;
  out: TimeValue;
  /** Premiere's Duration column, which says whether Out is the last frame or the one after it. */
  duration: TimeValue | null;
}

export interface ParsedRanges {
  rows: RangeRow[];
  /** One sentence per row (or file) that cannot be read. */
  problems: string[];
}

/** The text of the file: UTF-16 (either byte order, with or without a byte-order mark) or UTF-8. */
export function decodeRangesText(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return swapBytes(bytes.subarray(2)).toString('utf16le');
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString('utf8');
  // UTF-16 without a mark: ASCII text has a zero byte beside every character.
  if (bytes.length >= 4 && bytes[1] === 0 && bytes[3] === 0) return bytes.toString('utf16le');
  if (bytes.length >= 4 && bytes[0] === 0 && bytes[2] === 0) return swapBytes(bytes).toString('utf16le');
  return bytes.toString('utf8');
}

function swapBytes(bytes: Buffer): Buffer {
  const copy = Buffer.from(bytes.subarray(0, bytes.length - (bytes.length % 2)));
  return copy.swap16();
}

export function parseRanges(bytes: Buffer, fileName: string): ParsedRanges {
  const text = decodeRangesText(bytes);
  const trimmed = text.trim();
  if (!trimmed) return { rows: [], problems: [`${fileName} is empty: give one range per line (name, description, in, out).`] };
  if (/\.json$/i.test(fileName) || trimmed.startsWith('[') || trimmed.startsWith('{')) return parseJsonRanges(trimmed, fileName);
  return parseDelimitedRanges(text);
}

// ---- JSON: [{ "name", "prompt" | "description", "mode", "in" | "from", "out" | "to" }] or { "ranges": [...] } ----

function parseJsonRanges(text: string, fileName: string): ParsedRanges {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { rows: [], problems: [`${fileName} is not valid JSON (${(e as Error).message}).`] };
  }
  const list = Array.isArray(value) ? value : (value as { ranges?: unknown })?.ranges;
  if (!Array.isArray(list)) return { rows: [], problems: [`${fileName} must hold a list of ranges, or an object with a "ranges" list.`] };
  const rows: RangeRow[] = [];
  const problems: string[] = [];
  list.forEach((entry: unknown, i) => {
    const where = `entry ${i + 1}`;
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) return problems.push(`${cap(where)} is not an object with "in", "out" and "prompt".`);
    const e = entry as Record<string, unknown>;
    const text = (key: string) => (typeof e[key] === 'string' ? (e[key] as string) : e[key] === undefined ? '' : null);
    const [name, description, mode] = [text('name'), text('prompt') || text('description'), text('mode')];
    if (name === null || description === null || mode === null) return problems.push(`${cap(where)}: "name", "prompt" and "mode" must be text.`);
    const times = (['in', 'out'] as const).map((key) => jsonTime(e[key] ?? e[key === 'in' ? 'from' : 'to'], key, where));
    const bad = times.find((t): t is string => typeof t === 'string');
    if (bad) return problems.push(bad);
    rows.push({ where, name, description, mode: mode || null, in: times[0] as TimeValue, out: times[1] as TimeValue, duration: null });
  });
  return { rows, problems };
}

function jsonTime(value: unknown, key: 'in' | 'out', where: string): TimeValue | string {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? { kind: 'seconds', seconds: value } : `${cap(where)}: "${key}" must be seconds from the start (got ${value}).`;
  if (typeof value === 'string') return parseTime(value) ?? `${cap(where)}: "${key}" is neither seconds nor a timecode (got "${value}").`;
  return `${cap(where)} has no "${key}": give it in seconds or as a timecode.`;
}

// ---- CSV / tab-separated, Premiere's columns ----

type Column = 'name' | 'description' | 'in' | 'out' | 'duration' | 'mode';

const HEADER_NAMES: Record<string, Column> = {
  'marker name': 'name', name: 'name',
  description: 'description', comment: 'description', comments: 'description', prompt: 'description',
  in: 'in', start: 'in', from: 'in',
  out: 'out', end: 'out', to: 'out',
  duration: 'duration',
  mode: 'mode',
};

/** Premiere's column order, for its export in a language whose header is not recognised. */
const PREMIERE_ORDER: Column[] = ['name', 'description', 'in', 'out', 'duration'];

function parseDelimitedRanges(text: string): ParsedRanges {
  const firstLine = text.split(/\r?\n/, 1)[0];
  const delimiter = firstLine.includes('\t') ? '\t' : firstLine.includes(',') ? ',' : ';';
  const records = splitRecords(text, delimiter);
  const problems: string[] = [];
  if (!records.length) return { rows: [], problems: ['The ranges file has no rows.'] };
  const header = records[0].fields.map((f) => f.trim().toLowerCase());
  const named = header.map((h) => HEADER_NAMES[h] ?? null);
  let columns: Array<Column | null>;
  let body = records.slice(1);
  if (named.includes('in') && named.includes('out')) {
    columns = named;
  } else if (parseTime(records[0].fields[2] ?? '') !== null) {
    columns = PREMIERE_ORDER; // no header line at all
    body = records;
  } else if (records[0].fields.length >= 5) {
    columns = PREMIERE_ORDER; // Premiere's header in another language
  } else {
    return { rows: [], problems: ['The ranges file\'s first line must name its columns: name, description, in, out (and optionally mode, duration).'] };
  }
  const rows: RangeRow[] = [];
  for (const record of body) {
    if (record.fields.every((f) => f.trim() === '')) continue;
    const where = `line ${record.line}`;
    const get = (c: Column) => {
      const i = columns.indexOf(c);
      return i >= 0 ? (record.fields[i] ?? '').trim() : '';
    };
    const times: Partial<Record<'in' | 'out' | 'duration', TimeValue | null>> = {};
    let bad = false;
    for (const key of ['in', 'out', 'duration'] as const) {
      const raw = get(key);
      times[key] = raw === '' ? null : parseTime(raw);
      if ((key !== 'duration' || raw !== '') && times[key] === null) {
        problems.push(raw === '' ? `${cap(where)} has no ${key} time.` : `${cap(where)}: the ${key} time "${raw}" is neither seconds nor a timecode (HH:MM:SS:FF).`);
        bad = true;
        break;
      }
    }
    if (bad) continue;
    rows.push({ where, name: get('name'), description: get('description'), mode: get('mode') || null, in: times.in!, out: times.out!, duration: times.duration ?? null });
  }
  return { rows, problems };
}

/** Records of a delimited file: fields may be quoted ("" for a quote), and a quoted field may hold line breaks. */
function splitRecords(text: string, delimiter: string): Array<{ line: number; fields: string[] }> {
  const records: Array<{ line: number; fields: string[] }> = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (c === delimiter) {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      fields.push(field);
      records.push({ line: recordLine, fields });
      fields = [];
      field = '';
      line++;
      recordLine = line;
    } else {
      field += c;
    }
  }
  if (field !== '' || fields.length) {
    fields.push(field);
    records.push({ line: recordLine, fields });
  }
  return records;
}

/** Seconds ("12", "12.5") or a timecode ("00:00:12:05", drop-frame "00;00;12;05" or "00:00:12;05"). */
export function parseTime(raw: string): TimeValue | null {
  const text = raw.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return { kind: 'seconds', seconds: Number(text) };
  const m = /^(\d+)[:;](\d\d)[:;](\d\d)([:;])(\d\d)$/.exec(text);
  if (!m) return null;
  return { kind: 'timecode', text: `${m[1]}:${m[2]}:${m[3]}:${m[5]}`, dropFrame: text.includes(';') };
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
