/** Import and export of decks: what the CLI's `content import` and `content export` call. */
export { CSV_COLUMNS } from "./csv-columns.js";
export {
  deckToCsv,
  type ExportOptions,
  type ExportResult,
  exportDeck,
  exportTarget,
} from "./export.js";
export {
  detectFormat,
  type ImportFormat,
  type ImportOptions,
  type ImportResult,
  importDeck,
} from "./import.js";
export type { ImportProblem } from "./types.js";
