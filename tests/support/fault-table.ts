/**
 * The figures a fault suite prints when it ends: per fault, the cases run and how long the app
 * took to answer under the fault (the slowest case), so a run shows how failures are bounded.
 */
export function createFaultTable(title: string) {
  const rows = new Map<string, { cases: number; slowestMs: number }>();
  return {
    /** Records one case of `fault` and how long the answer under it took. */
    record(fault: string, ms: number) {
      const row = rows.get(fault) ?? { cases: 0, slowestMs: 0 };
      row.cases += 1;
      row.slowestMs = Math.max(row.slowestMs, ms);
      rows.set(fault, row);
    },
    print() {
      const lines = [...rows].map(([fault, { cases, slowestMs }]) => `  ${fault.padEnd(58)} ${String(cases).padStart(5)} ${`${Math.round(slowestMs)} ms`.padStart(12)}`);
      console.log([`${title}`, `  ${"fault".padEnd(58)} ${"cases".padStart(5)} ${"time to answer".padStart(12)}`, ...lines].join("\n"));
    },
  };
}

/** Runs `work` and returns its result with the milliseconds it took. */
export async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}
