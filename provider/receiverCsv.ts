/**
 * The contact list of an SmsReceiverSlot, checked and normalized before anything is sent: OVH's rules for a
 * receivers file (`;` separator, a `number` column, numbers in international format, no accents or special
 * characters; shared/reference/ovh-sms-api.md §4 "Receivers") applied with a real CSV parser and
 * libphonenumber's full metadata. National numbers become international with `defaultCountry`.
 *
 * The canonical form (trimmed cells, `+33662000000` numbers, `\n` line ends) is what is uploaded and what
 * the content hash is taken of (provider/listHash.ts), so the same list always hashes the same whatever its
 * spacing or quoting.
 */
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/max";

/** The countries OVH sells SMS accounts in: a national number is read as one of theirs. */
export const SMS_COUNTRIES = ["FR", "GB", "IE", "ES", "IT", "PL"] as const;
export type SmsCountry = (typeof SMS_COUNTRIES)[number];

/** The size limit of a /me/document upload (and of a receivers file). */
export const MAX_CSV_BYTES = 10 * 1024 * 1024;

export interface CanonicalCsv {
  text: string;
  columns: string[];
  records: number;
}

/** A problem with the list: `path` below the `csv` input (a record and column of an array). */
export interface CsvProblem {
  path: (string | number)[];
  message: string;
}

/** A record of the array form: column name → cell text. */
export type CsvRecord = Record<string, string>;

/** Where a cell is, for messages: `line 3, column 1 (number)` in a text, `[2].number` in an array. */
type Locate = (row: number, column: number, name: string) => CsvProblem["path"] | string;

/** A CSV text as the program or OVH gives it. */
export function csvFromText(text: string, defaultCountry?: SmsCountry): CanonicalCsv | CsvProblem[] {
  let parsed: { record: string[]; info: { lines: number } }[];
  try {
    // With `info`, each record comes with where it ended (csv-parse's types do not say so).
    parsed = parse(text, {
      delimiter: ";",
      trim: true,
      skip_empty_lines: true,
      bom: true,
      info: true,
    }) as unknown as typeof parsed;
  } catch (error) {
    // csv-parse says where ("… on line 3"); its column count, when it has one, is 1-based below.
    const e = error as { message: string; column?: number };
    const column = typeof e.column === "number" && e.column > 0 ? ` (column ${e.column})` : "";
    return [{ path: [], message: `is not a valid ;-separated CSV${column}: ${e.message}` }];
  }
  const [header, ...rows] = parsed;
  if (!header) return [{ path: [], message: 'is empty: a header line with a "number" column is needed' }];
  const lines = rows.map((row) => row.info.lines);
  return canonical(
    header.record,
    rows.map((row) => row.record),
    defaultCountry,
    (row, column, name) =>
      row < 0 ? `line 1, column ${column + 1}` : `line ${lines[row]}, column ${column + 1} (${name})`,
  );
}

/** The array form: one object per receiver, its keys the columns. */
export function csvFromRecords(
  records: CsvRecord[],
  defaultCountry?: SmsCountry,
): CanonicalCsv | CsvProblem[] {
  // Pulumi does not keep the order of an object's keys on its way to the provider: `number` comes first,
  // then the other columns in alphabetical order, whatever the program wrote.
  const keys = new Set(records.flatMap((record) => Object.keys(record)));
  const columns = [...keys].sort((a, b) =>
    a === "number" ? -1 : b === "number" ? 1 : a < b ? -1 : a > b ? 1 : 0,
  );
  const rows = records.map((record) => columns.map((name) => (record[name] ?? "").trim()));
  return canonical(columns, rows, defaultCountry, (row, _column, name) =>
    row < 0 ? `column ${JSON.stringify(name)}` : [row, name],
  );
}

function canonical(
  rawHeader: string[],
  rows: string[][],
  defaultCountry: SmsCountry | undefined,
  locate: Locate,
): CanonicalCsv | CsvProblem[] {
  const problems: CsvProblem[] = [];
  const at = (row: number, column: number, name: string, message: string) => {
    const where = locate(row, column, name);
    problems.push(
      typeof where === "string" ? { path: [], message: `${where}: ${message}` } : { path: where, message },
    );
  };
  const header = rawHeader.map((name) => name.trim());
  header.forEach((name, i) => {
    const bad = cellProblem(name);
    if (name === "") at(-1, i, name, "a column has no name");
    else if (bad) at(-1, i, name, `the column name ${JSON.stringify(name)} ${bad}`);
    else if (header.indexOf(name) !== i) at(-1, i, name, `the column ${name} appears twice`);
  });
  const numberColumn = header.indexOf("number");
  if (numberColumn < 0) {
    const close = header.find((name) => name.toLowerCase() === "number");
    return [
      ...problems,
      {
        path: [],
        message:
          `needs a column named "number" (OVH's rule; columns: ${header.join(", ") || "none"})` +
          (close ? `: rename ${JSON.stringify(close)} to "number"` : ""),
      },
    ];
  }
  const out = rows.map((cells, row) =>
    header.map((name, column) => {
      const value = (cells[column] ?? "").trim();
      const bad = cellProblem(value);
      if (bad) {
        at(row, column, name, `${JSON.stringify(value)} ${bad}`);
        return value;
      }
      if (column !== numberColumn) return value;
      const number = international(value, defaultCountry);
      if (typeof number === "string") return number;
      at(row, column, name, number.problem);
      return value;
    }),
  );
  if (rows.length === 0)
    problems.push({ path: [], message: "has no receiver: add numbers below the header" });
  if (problems.length > 0) return problems;
  const text = stringify([header, ...out], { delimiter: ";", record_delimiter: "unix" });
  if (Buffer.byteLength(text) > MAX_CSV_BYTES)
    return [{ path: [], message: `is larger than ${MAX_CSV_BYTES} bytes, OVH's limit for a file` }];
  return { text, columns: header, records: out.length };
}

/**
 * OVH refuses accents and special characters in a receivers file (liste_de_destinataire_sms guide), and
 * its own reader splits lines on `;`: a cell that holds one (quoted in CSV) would shift every column after it.
 */
function cellProblem(value: string): string | undefined {
  const bad = /[^\x20-\x7e]|[;"]/.exec(value);
  if (!bad) return undefined;
  const shown = bad[0] === "\n" || bad[0] === "\r" ? "a line break" : JSON.stringify(bad[0]);
  return `contains ${shown}: OVH accepts only plain ASCII letters, digits and punctuation other than ; and "`;
}

function international(value: string, defaultCountry: SmsCountry | undefined): string | { problem: string } {
  if (value === "") return { problem: "the number is empty" };
  const national = !value.startsWith("+");
  if (national && !defaultCountry)
    return {
      problem:
        `${value} is a national number: write it in international format (+33612345678) or set ` +
        `defaultCountry (one of ${SMS_COUNTRIES.join(", ")})`,
    };
  const phone = parsePhoneNumberFromString(value, defaultCountry as CountryCode | undefined);
  if (!phone || !phone.isValid())
    return {
      problem:
        `${value} is not a valid phone number` +
        (national ? ` in ${defaultCountry}` : " (international format: + then country code and number)"),
    };
  return phone.number;
}
