import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { closeDb, getDb, getEmbeddedDatabase } from "@/lib/db/client";
import { hitRateLimits, longestRateLimitWindowSeconds, pruneRateLimitWindows, refundRateLimits, takeRateLimits } from "@/lib/usage/rate-limit";

beforeAll(() => getDb());
afterAll(() => closeDb());
beforeEach(async () => {
  await (await getEmbeddedDatabase()).exec("delete from private.rate_limit_windows");
});

async function hitsByKey(): Promise<Record<string, number>> {
  const rows = await (await getEmbeddedDatabase()).query<{ key: string; hits: number }>("select key, hits from private.rate_limit_windows order by key");
  return Object.fromEntries(rows.rows.map((row) => [row.key, row.hits]));
}

const tight = { limit: 2, windowSeconds: 900 };
const loose = { limit: 100, windowSeconds: 900 };

describe("takeRateLimits", () => {
  it("counts an attempt on every key only while all of them are under their limit: a refused one counts nowhere", async () => {
    const attempt = () => takeRateLimits([{ key: "tight", rule: tight }, { key: "loose", rule: loose }]);
    expect((await attempt()).every((result) => result.allowed)).toBe(true);
    expect((await attempt()).every((result) => result.allowed)).toBe(true);
    const refused = await attempt();
    expect(refused.map((result) => result.allowed)).toEqual([false, true]);
    expect(await hitsByKey()).toEqual({ loose: 2, tight: 2 });
  });

  it("gives a refunded attempt back, so only what is not refunded (failures) stays counted", async () => {
    const taken = await takeRateLimits([{ key: "tight", rule: tight }, { key: "loose", rule: loose }]);
    await refundRateLimits(taken);
    expect(await hitsByKey()).toEqual({ loose: 0, tight: 0 });
    await takeRateLimits([{ key: "tight", rule: tight }]);
    await takeRateLimits([{ key: "tight", rule: tight }]);
    expect((await takeRateLimits([{ key: "tight", rule: tight }]))[0]!.allowed).toBe(false);
  });

  it("admits no more than the limit when attempts race", async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => takeRateLimits([{ key: "tight", rule: tight }])));
    expect(results.filter(([result]) => result!.allowed)).toHaveLength(2);
    expect(await hitsByKey()).toEqual({ tight: 2 });
  });
});

describe("pruneRateLimitWindows", () => {
  it("deletes windows older than the longest rule's window, in bounded batches, and keeps the rest", async () => {
    const pg = await getEmbeddedDatabase();
    await pg.query(
      "insert into private.rate_limit_windows (key, window_start, hits) select 'old:' || n, now() - make_interval(secs => $1 + 60), 1 from generate_series(1, 25) n",
      [longestRateLimitWindowSeconds],
    );
    await pg.query("insert into private.rate_limit_windows (key, window_start, hits) values ('recent', now() - make_interval(secs => $1 - 60), 1), ('current', now(), 1)", [
      longestRateLimitWindowSeconds,
    ]);
    expect(await pruneRateLimitWindows({ batchSize: 10, maxBatches: 2 })).toBe(20);
    expect(await pruneRateLimitWindows({ batchSize: 10, maxBatches: 2 })).toBe(5);
    expect(await pruneRateLimitWindows({ batchSize: 10, maxBatches: 2 })).toBe(0);
    expect(Object.keys(await hitsByKey())).toEqual(["current", "recent"]);
  });

  it("is safe because no rule may count over a longer window than pruning keeps", async () => {
    const tooLong = { limit: 1, windowSeconds: longestRateLimitWindowSeconds + 1 };
    await expect(hitRateLimits([{ key: "too-long", rule: tooLong }])).rejects.toThrow(/longest/);
    await expect(takeRateLimits([{ key: "too-long", rule: tooLong }])).rejects.toThrow(/longest/);
  });
});
