const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

/** A day in the reader's locale, e.g. "Mar 3, 2026". */
export const formatDay = (isoDate: string) => dayFormat.format(new Date(isoDate));
