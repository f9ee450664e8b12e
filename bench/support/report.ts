import os from "node:os";

/** The p-th percentile (nearest rank) of values already sorted ascending. */
export const percentile = (sorted: readonly number[], p: number): number => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

export const formatMs = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : "");
export const formatPercent = (fraction: number) => (Number.isFinite(fraction) ? `${(fraction * 100).toFixed(1)} %` : "");
export const formatTimes = (ratio: number) => (Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : "");
export const passOrFail = (holds: boolean) => (holds ? "PASS" : "FAIL");

export interface Column {
  header: string;
  /** Numbers are right-aligned. */
  align?: "left" | "right";
}

/** Every bench prints its figures as one Markdown table, so they paste into a note as they are. */
export function printTable(columns: readonly (Column | string)[], rows: readonly (readonly string[])[]): void {
  const normalized = columns.map((column) => (typeof column === "string" ? { header: column, align: "left" as const } : column));
  const escape = (cell: string) => cell.replaceAll("|", "\\|");
  console.log(`| ${normalized.map((column) => escape(column.header)).join(" | ")} |`);
  console.log(`| ${normalized.map((column) => (column.align === "right" ? "---:" : "---")).join(" | ")} |`);
  for (const row of rows) console.log(`| ${normalized.map((_, index) => escape(row[index] ?? "")).join(" | ")} |`);
}

/** What the figures were taken on: they are only comparable within one run, and the load says how quiet it was. */
export function describeMachine(): string {
  const cpus = os.cpus();
  const load = os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(" ");
  return `machine: ${cpus.length} × ${cpus[0]?.model.trim() ?? "unknown CPU"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, load average ${load}; node ${process.version}`;
}
