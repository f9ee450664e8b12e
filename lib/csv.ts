/**
 * Text a spreadsheet would run as a formula when it opens a CSV (OWASP's CSV injection list):
 * cells starting with `=`, `+`, `-`, `@`, a tab or a carriage return.
 */
const formulaStart = /^[=+\-@\t\r]/;

/**
 * One CSV cell. Text that could start a formula is prefixed with `'`, so spreadsheets show it as
 * text; a cell with a comma, quote or line break is quoted. Numbers the app computed are written
 * as they are (a negative number is data, not a formula).
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return String(value);
  const text = formulaStart.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A whole CSV document: the header, then one line per row, every cell through `csvCell`. */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  return [header, ...rows].map((cells) => cells.map(csvCell).join(",")).join("\n") + "\n";
}
