import * as fs from "node:fs";

/** Sections of an INI file: section name → key (lower-cased) → value. */
export type IniDocument = Map<string, Map<string, string>>;

/**
 * Parses ovh.conf the way python-ovh (ConfigParser) and go-ovh (go-ini) read it: `[section]`
 * headers, `key = value` or `key: value`, whole-line `#`/`;` comments, keys case-insensitive.
 * Matching surrounding quotes are dropped as go-ini does. Keys before any section are ignored.
 */
export function parseIni(text: string): IniDocument {
  const doc: IniDocument = new Map();
  let current: Map<string, string> | undefined;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      const name = (header[1] ?? "").trim();
      current = doc.get(name) ?? new Map<string, string>();
      doc.set(name, current);
      continue;
    }
    const sep = line.search(/[=:]/);
    if (sep <= 0 || current === undefined) continue;
    const key = line.slice(0, sep).trim().toLowerCase();
    current.set(key, unquote(line.slice(sep + 1).trim()));
  }
  return doc;
}

function unquote(value: string): string {
  const m = /^(["'])(.*)\1$/.exec(value);
  return m ? (m[2] ?? "") : value;
}

/**
 * Reads the given files, highest priority first, and merges them key by key (the first file that
 * sets a key wins), which matches the official SDKs where ./ovh.conf overrides ~/.ovh.conf, which
 * overrides /etc/ovh.conf. Missing files are skipped.
 */
export function readIniFiles(files: readonly string[]): { doc: IniDocument; origin: Map<string, string> } {
  const doc: IniDocument = new Map();
  // "section\u0000key" → file that provided the value, so messages can say where a value came from.
  const origin = new Map<string, string>();
  for (const file of files) {
    let text: string;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "ENOENT" || code === "ENOTDIR") continue;
      throw new Error(`Cannot read OVH configuration file ${file}: ${code ?? String(err)}`);
    }
    for (const [section, entries] of parseIni(text)) {
      const target = doc.get(section) ?? new Map<string, string>();
      doc.set(section, target);
      for (const [key, value] of entries) {
        if (target.has(key)) continue;
        target.set(key, value);
        origin.set(`${section}\u0000${key}`, file);
      }
    }
  }
  return { doc, origin };
}
