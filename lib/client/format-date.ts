const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

/** A day in the reader's locale, e.g. "Mar 3, 2026". */
export const formatDay = (isoDate: string) => dayFormat.format(new Date(isoDate));

const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** A moment in the reader's locale and time zone, e.g. "Mar 3, 2026, 14:05". */
export const formatDateTime = (isoDateTime: string) => dateTimeFormat.format(new Date(isoDateTime));
