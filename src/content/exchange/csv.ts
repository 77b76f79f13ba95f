import type { ImportProblem } from "./types.js";

/** One record of a delimited file, with the physical line it starts on (1-based). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

export interface CsvParse {
  records: CsvRecord[];
  /** Lines skipped as comments (`comment` option), with their text: Anki keeps headers there. */
  comments: { line: number; text: string }[];
  problems: ImportProblem[];
}

export interface CsvOptions {
  delimiter?: string;
  /** A record starting with this character (unquoted) is a comment line, not data. */
  comment?: string;
}

/**
 * Reads RFC 4180 text: fields split by `delimiter`, a field in double quotes may hold the
 * delimiter, line breaks and `""` for a quote. Accepts a UTF-8 BOM and CRLF, LF or CR line
 * ends (a line break inside quotes becomes "\n"). Blank lines are skipped. A record that is
 * malformed (an unclosed quote, text after a closing quote) is reported with the line it
 * starts on and left out, never thrown.
 */
export function parseCsv(text: string, options: CsvOptions = {}): CsvParse {
  const delimiter = options.delimiter ?? ",";
  const source = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const out: CsvParse = { records: [], comments: [], problems: [] };

  let fields: string[] = [];
  let field = "";
  let fieldStart = true; // no character of the current field read yet
  let quoted = false; // inside a quoted field
  let closedQuote = false; // the current field's closing quote has been read
  let anyQuoted = false; // the record had a quoted field: `""` alone is a record, not a blank
  let line = 1;
  let recordLine = 1;
  let quoteLine = 1;
  let broken: string | null = null;

  const endField = () => {
    fields.push(field);
    field = "";
    fieldStart = true;
    closedQuote = false;
  };
  const endRecord = () => {
    endField();
    const blank = fields.length === 1 && fields[0] === "" && !anyQuoted;
    if (broken) out.problems.push({ line: recordLine, message: broken });
    else if (!blank) out.records.push({ line: recordLine, fields });
    fields = [];
    anyQuoted = false;
    broken = null;
  };

  for (let i = 0; i < source.length; i++) {
    const c = source[i] as string;
    if (quoted) {
      if (c === '"') {
        if (source[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
          closedQuote = true;
        }
      } else if (c === "\r" || c === "\n") {
        if (c === "\r" && source[i + 1] === "\n") i++;
        field += "\n";
        line++;
      } else {
        field += c;
      }
      continue;
    }
    if (c === "\r" || c === "\n") {
      if (c === "\r" && source[i + 1] === "\n") i++;
      endRecord();
      line++;
      recordLine = line;
      continue;
    }
    if (fieldStart && fields.length === 0 && options.comment && c === options.comment) {
      // A comment runs to the end of its line; quotes in it mean nothing.
      let end = i;
      while (end < source.length && source[end] !== "\n" && source[end] !== "\r") end++;
      out.comments.push({ line, text: source.slice(i + 1, end) });
      i = end - 1;
      fieldStart = false;
      fields = [];
      field = "";
      // The line break that follows ends nothing: mark the record blank.
      anyQuoted = false;
      continue;
    }
    if (c === delimiter) {
      endField();
      continue;
    }
    if (c === '"' && fieldStart) {
      quoted = true;
      anyQuoted = true;
      quoteLine = line;
      fieldStart = false;
      continue;
    }
    if (closedQuote && !broken) {
      broken = `unexpected text after a closing quote (inside quotes write a " as "")`;
    }
    field += c;
    fieldStart = false;
  }
  if (quoted) {
    out.problems.push({
      line: recordLine,
      message: `the quoted field opened on line ${quoteLine} is never closed`,
    });
  } else if (!(fields.length === 0 && field === "" && fieldStart)) {
    endRecord();
  }
  return out;
}

/** One field as RFC 4180 writes it: in quotes when it holds a quote, delimiter or line break. */
export function csvField(value: string, delimiter = ","): string {
  const needsQuotes =
    value.includes('"') ||
    value.includes(delimiter) ||
    /[\r\n]/.test(value) ||
    value !== value.trim();
  return needsQuotes ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Records as CSV text, CRLF between records as RFC 4180 says, one at the end. */
export function stringifyCsv(rows: readonly (readonly string[])[], delimiter = ","): string {
  return rows
    .map((row) => row.map((v) => csvField(v, delimiter)).join(delimiter))
    .join("\r\n")
    .concat(rows.length > 0 ? "\r\n" : "");
}
