import { describe, expect, it } from "vitest";
import { usageQuerySchema } from "@/app/(chat)/api/usage/schema";
import { isAppError } from "@/lib/errors";
import { resolveUsagePeriod } from "@/lib/usage/period";

const now = new Date("2026-11-20T12:00:00Z");

function problemOf(query: Record<string, string>): string | null {
  try {
    resolveUsagePeriod(query, now);
    return null;
  } catch (error) {
    if (!isAppError(error)) throw error;
    expect(error.code).toBe("invalid_input");
    return error.publicMessage;
  }
}

describe("the usage period", () => {
  it("defaults to this UTC month up to today, and `from` to the first of `to`'s month", () => {
    expect(resolveUsagePeriod({}, now)).toEqual({ from: "2026-11-01", to: "2026-11-20" });
    expect(resolveUsagePeriod({ to: "2026-03-15" }, now)).toEqual({ from: "2026-03-01", to: "2026-03-15" });
    expect(resolveUsagePeriod({ from: "2026-01-01" }, now)).toEqual({ from: "2026-01-01", to: "2026-11-20" });
  });

  it("covers at most 366 days, both ends included", () => {
    expect(resolveUsagePeriod({ from: "2024-01-01", to: "2024-12-31" }, now)).toEqual({ from: "2024-01-01", to: "2024-12-31" });
    expect(problemOf({ from: "2024-01-01", to: "2025-01-01" })).toMatch(/at most 366 days/);
  });

  it("bounds a period given by one end only: the other end's default counts", () => {
    expect(problemOf({ from: "0001-01-01" })).toMatch(/at most 366 days/);
    expect(problemOf({ from: "2025-11-19" })).toMatch(/at most 366 days/);
    expect(problemOf({ from: "2025-11-20" })).toBeNull();
    expect(problemOf({ from: "2027-01-01" })).toMatch(/must not be after/);
  });

  it("is what the route's query schema checks, with the defaults filled in", () => {
    const tooLong = usageQuerySchema.safeParse({ from: "0001-01-01" });
    expect(tooLong.success).toBe(false);
    expect(tooLong.error?.issues[0]?.message).toMatch(/at most 366 days/);
    expect(usageQuerySchema.safeParse({ from: "2026-11-01", to: "2026-11-02" }).data).toEqual({ from: "2026-11-01", to: "2026-11-02" });
    expect(usageQuerySchema.safeParse({ to: "2026-02-10" }).data).toEqual({ from: "2026-02-01", to: "2026-02-10" });
  });
});
