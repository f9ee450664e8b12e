import { userError } from "@/lib/errors";

/** The longest period a usage report or the billing export covers, in UTC days, both ends included (API.md). */
export const maxUsagePeriodDays = 366;

const dayMs = 86_400_000;
const isoDay = (date: Date) => date.toISOString().slice(0, 10);

export interface UsagePeriod {
  from: string;
  to: string;
}

/** The period asked for: `to` defaults to today (UTC), `from` to the first day of `to`'s month. */
export function usagePeriod(input: { from?: string; to?: string }, now = new Date()): UsagePeriod {
  const to = input.to ?? isoDay(now);
  return { from: input.from ?? `${to.slice(0, 7)}-01`, to };
}

/** Why a period (its defaults filled in) cannot be served, or null when it can. */
export function usagePeriodProblem({ from, to }: UsagePeriod): string | null {
  if (from > to) return `from (${from}) must not be after to (${to})`;
  const days = Math.round((Date.parse(to) - Date.parse(from)) / dayMs) + 1;
  if (!(days <= maxUsagePeriodDays)) return `at most ${maxUsagePeriodDays} days at a time (${from} to ${to} is ${days} days)`;
  return null;
}

/** The period with its defaults, or `invalid_input` when it is reversed or longer than the bound. */
export function resolveUsagePeriod(input: { from?: string; to?: string }, now = new Date()): UsagePeriod {
  const period = usagePeriod(input, now);
  const problem = usagePeriodProblem(period);
  if (problem) throw userError("invalid_input", problem);
  return period;
}
