// Made on first use, not when the module loads: the first Intl.DateTimeFormat of a page costs tens
// of milliseconds (the locale's data), and most pages that import these show no date at first.
let dayFormat: Intl.DateTimeFormat | undefined;
let dateTimeFormat: Intl.DateTimeFormat | undefined;

/** A day in the reader's locale, e.g. "Mar 3, 2026". */
export function formatDay(isoDate: string): string {
  dayFormat ??= new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });
  return dayFormat.format(new Date(isoDate));
}

/** A moment in the reader's locale and time zone, e.g. "Mar 3, 2026, 14:05". */
export function formatDateTime(isoDateTime: string): string {
  dateTimeFormat ??= new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
  return dateTimeFormat.format(new Date(isoDateTime));
}
