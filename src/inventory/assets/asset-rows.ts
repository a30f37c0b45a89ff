import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

/** The columns an asset list may have (a CMMS export's header row names them; order is free). */
export const assetColumns = [
  'asset_tag',
  'serial',
  'manufacturer',
  'model',
  'software_version',
  'mac',
  'ip',
  'hostname',
  'location',
  'department',
  'owner',
] as const;
export type AssetColumn = (typeof assetColumns)[number];

/** One asset as the hospital's records declare it: every field but the tag may be missing. */
export interface AssetRecord extends Partial<Record<AssetColumn, string>> {
  asset_tag: string;
  /** 1-based line of the file (CSV) or index in the array (JSON), for reports and evidence. */
  line: number;
}

export interface RejectedRow {
  line: number;
  reason: string;
}

export interface AssetList {
  assets: AssetRecord[];
  rejected: RejectedRow[];
  /** Columns in the file that are not asset columns: read past, named in the report. */
  ignoredColumns: string[];
}

const macPattern = /^[0-9a-f]{2}([:.-]?[0-9a-f]{2}){5}$/i;
const ipv4Pattern = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

/** A MAC in Vigil's notation (lower case, colons), or undefined when the text is not one. */
export function normaliseMac(text: string): string | undefined {
  if (!macPattern.test(text.trim())) return undefined;
  return text
    .replace(/[^0-9a-fA-F]/g, '')
    .toLowerCase()
    .match(/../g)!
    .join(':');
}

/** Checks one row; returns the asset, or why it is rejected. Duplicates are the caller's to find. */
function readRow(raw: Record<string, unknown>, line: number): AssetRecord | RejectedRow {
  if (raw.__fields !== undefined)
    return {
      line,
      reason: `has ${raw.__fields} fields where the header names ${raw.__expected} (an unquoted comma?)`,
    };
  const asset: AssetRecord = { asset_tag: '', line };
  for (const column of assetColumns) {
    const value = raw[column];
    if (value === undefined || value === null || value === '') continue;
    if (typeof value !== 'string' && typeof value !== 'number')
      return { line, reason: `${column} must be text` };
    const text = String(value).trim();
    if (text.length > 256) return { line, reason: `${column} is longer than 256 characters` };
    if (text !== '') asset[column] = text;
  }
  if (asset.asset_tag === '') return { line, reason: 'asset_tag is empty' };
  if (asset.mac !== undefined) {
    const mac = normaliseMac(asset.mac);
    if (mac === undefined)
      return { line, reason: `mac "${asset.mac}" is not a MAC address (expected six hex pairs)` };
    asset.mac = mac;
  }
  if (asset.ip !== undefined && !ipv4Pattern.test(asset.ip))
    return { line, reason: `ip "${asset.ip}" is not an IPv4 address` };
  return asset;
}

/** Rejects a row whose tag, MAC or serial repeats an earlier row's: one asset, one row. */
function withoutDuplicates(rows: (AssetRecord | RejectedRow)[]): (AssetRecord | RejectedRow)[] {
  const firstLine = new Map<string, number>();
  return rows.map((row) => {
    if ('reason' in row) return row;
    for (const [column, value] of [
      ['asset_tag', row.asset_tag],
      ['mac', row.mac],
      ['serial', row.serial],
    ] as const) {
      if (value === undefined) continue;
      const key = `${column}:${value.toLowerCase()}`;
      const earlier = firstLine.get(key);
      if (earlier !== undefined)
        return { line: row.line, reason: `${column} "${value}" repeats line ${earlier}` };
    }
    for (const [column, value] of [
      ['asset_tag', row.asset_tag],
      ['mac', row.mac],
      ['serial', row.serial],
    ] as const)
      if (value !== undefined) firstLine.set(`${column}:${value.toLowerCase()}`, row.line);
    return row;
  });
}

/**
 * Reads a CMMS export: CSV with a header row naming the columns (`asset_tag` required), or JSON
 * (an array of objects with those keys). Bad rows are rejected with their line and reason, good
 * ones kept; only an unreadable file or one without `asset_tag` fails as a whole.
 */
export function readAssetList(path: string): AssetList {
  const text = readFileSync(path, 'utf8');
  let records: { raw: Record<string, unknown>; line: number }[];
  let columns: string[];
  if (path.toLowerCase().endsWith('.json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new Error(`${path}: not JSON: ${(error as Error).message}`);
    }
    if (!Array.isArray(parsed)) throw new Error(`${path}: expected a JSON array of asset objects`);
    records = parsed.map((raw, index) => ({
      raw: typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {},
      line: index + 1,
    }));
    columns = [
      ...new Set(parsed.flatMap((raw) => (typeof raw === 'object' && raw !== null ? Object.keys(raw) : []))),
    ];
  } else {
    let parsed: { record: string[]; info: { lines: number } }[];
    try {
      parsed = parse(text, {
        bom: true,
        info: true,
        relax_column_count: true,
        skip_empty_lines: true,
        trim: true,
      }) as unknown as typeof parsed;
    } catch (error) {
      throw new Error(`${path}: not readable as CSV: ${(error as Error).message}`);
    }
    columns = (parsed[0]?.record ?? []).map((name) => name.toLowerCase());
    records = [];
    for (const { record, info } of parsed.slice(1)) {
      if (record.length !== columns.length) {
        // A field count off the header's usually means an unquoted comma: the values would shift.
        records.push({
          raw: { __fields: `${record.length}`, __expected: `${columns.length}` },
          line: info.lines,
        });
        continue;
      }
      records.push({
        raw: Object.fromEntries(columns.map((column, index) => [column, record[index]])),
        line: info.lines,
      });
    }
  }
  if (!columns.includes('asset_tag'))
    throw new Error(`${path}: no asset_tag column (expected a header row with ${assetColumns.join(', ')})`);
  const rows = withoutDuplicates(records.map(({ raw, line }) => readRow(raw, line)));
  return {
    assets: rows.filter((row): row is AssetRecord => !('reason' in row)),
    rejected: rows.filter((row): row is RejectedRow => 'reason' in row),
    ignoredColumns: columns.filter((column) => !(assetColumns as readonly string[]).includes(column)),
  };
}
