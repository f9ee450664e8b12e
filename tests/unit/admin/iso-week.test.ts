import { describe, expect, it } from "vitest";
import { isoWeekOf, lastFullWeek, parseIsoWeek, weekBefore } from "@/lib/admin/iso-week";

const utc = (text: string) => new Date(`${text}T00:00:00.000Z`);

describe("ISO weeks", () => {
  it("starts a week on Monday 00:00 UTC and ends it the next Monday", () => {
    const week = isoWeekOf(new Date("2026-12-02T13:21:50Z"));
    expect(week).toEqual({ id: "2026-W49", start: utc("2026-11-30"), end: utc("2026-12-07") });
    // Sunday 23:59:59.999 is still the week; Monday 00:00 is the next.
    expect(isoWeekOf(new Date("2026-12-06T23:59:59.999Z")).id).toBe("2026-W49");
    expect(isoWeekOf(new Date("2026-12-07T00:00:00.000Z")).id).toBe("2026-W50");
  });

  it("gives days around New Year to the year of their week's Thursday", () => {
    expect(isoWeekOf(utc("2021-01-03")).id).toBe("2020-W53");
    expect(isoWeekOf(utc("2024-12-30")).id).toBe("2025-W01");
    expect(isoWeekOf(utc("2026-01-01")).id).toBe("2026-W01");
    expect(parseIsoWeek("2025-W01")!.start).toEqual(utc("2024-12-30"));
    expect(parseIsoWeek("2020-W53")!.start).toEqual(utc("2020-12-28"));
  });

  it("parses every week it writes and refuses what names no week", () => {
    for (let day = utc("2019-12-20").getTime(); day < utc("2027-01-10").getTime(); day += 86_400_000) {
      const week = isoWeekOf(new Date(day));
      expect(parseIsoWeek(week.id)).toEqual(week);
    }
    for (const text of ["2026-W00", "2026-W54", "2027-W53", "2025-W53", "2026-w05", "2026-W5", "26-W05", "2026W05", "1969-W10", "", "2026-W05 "]) {
      expect(parseIsoWeek(text), text).toBeNull();
    }
    expect(parseIsoWeek("2026-W53")!.start).toEqual(utc("2026-12-28"));
    expect(parseIsoWeek("2020-W53")).not.toBeNull();
  });

  it("steps back a week and finds the last week that has ended", () => {
    expect(weekBefore(parseIsoWeek("2026-W01")!).id).toBe("2025-W52");
    expect(lastFullWeek(new Date("2026-12-02T13:00:00Z")).id).toBe("2026-W48");
    // On Monday 00:00 the week just ended is the last full one.
    expect(lastFullWeek(utc("2026-12-07")).id).toBe("2026-W49");
  });
});
