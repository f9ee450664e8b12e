// ISO 8601 weeks in UTC: Monday 00:00 to the next Monday, week 1 being the one with the year's first Thursday.

const dayMs = 86_400_000;
const weekMs = 7 * dayMs;

export interface IsoWeek {
  /** `YYYY-Www`, as `?week=` takes it. */
  id: string;
  /** The Monday the week starts on, 00:00 UTC. */
  start: Date;
  /** The next Monday, 00:00 UTC (not part of the week). */
  end: Date;
}

/** The Monday (00:00 UTC) of the week holding `date`. */
function mondayOf(date: Date): Date {
  const day = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  const weekday = (new Date(day).getUTCDay() + 6) % 7;
  return new Date(day - weekday * dayMs);
}

function weekStarting(start: Date): IsoWeek {
  // The week belongs to the year of its Thursday.
  const thursday = new Date(start.getTime() + 3 * dayMs);
  const year = thursday.getUTCFullYear();
  const firstMonday = mondayOf(new Date(Date.UTC(year, 0, 4)));
  const number = Math.round((start.getTime() - firstMonday.getTime()) / weekMs) + 1;
  return { id: `${year}-W${String(number).padStart(2, "0")}`, start, end: new Date(start.getTime() + weekMs) };
}

/** The ISO week holding `date`. */
export const isoWeekOf = (date: Date): IsoWeek => weekStarting(mondayOf(date));

/** The week `weeks` before (negative: after) this one. */
export const weekBefore = (week: IsoWeek, weeks = 1): IsoWeek => weekStarting(new Date(week.start.getTime() - weeks * weekMs));

/** The last week that has ended by `now`. */
export const lastFullWeek = (now: Date): IsoWeek => weekBefore(isoWeekOf(now));

/** `YYYY-Www` as a week, or null when it names none (week 00, week 53 of a 52-week year, a bad shape). */
export function parseIsoWeek(text: string): IsoWeek | null {
  const match = /^(\d{4})-W(\d{2})$/.exec(text);
  if (!match) return null;
  const year = Number(match[1]);
  const number = Number(match[2]);
  // Years before 1970 hold no figures of this app (and Date.UTC reads years under 100 as 19xx).
  if (year < 1970 || number < 1 || number > 53) return null;
  const firstMonday = mondayOf(new Date(Date.UTC(year, 0, 4)));
  const week = weekStarting(new Date(firstMonday.getTime() + (number - 1) * weekMs));
  return week.id === text ? week : null;
}
