import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp } from "@/lib/auth/sign-up";
import { closeDb, getEmbeddedDatabase } from "@/lib/db/client";
import { LateStatementError } from "@/lib/db/flight";
import { withRideAlong, type RideAlong } from "@/lib/db/ride-along";
import { withUser, withUserAtOnce, type DbUser } from "@/lib/db/transaction";

let alice: DbUser;
beforeAll(async () => {
  const request = new Request("http://localhost/api/auth/signup");
  alice = (await signUp(request, { email: "flight@example.com", password: "flight-password", clientAddress: "192.0.2.1" })).session.user;
});
afterAll(() => closeDb());

async function titles() {
  const pg = await getEmbeddedDatabase();
  return (await pg.query<{ title: string }>("select title from public.chats where user_id = $1 order by title", [alice.id])).rows.map((row) => row.title);
}

const insertChat = (title: string) => sql`insert into chats (title) values (${title}) returning title`;

describe("transactions in flights (lib/db/flight.ts)", () => {
  it("runs statements issued together at once, as the user, and answers each", async () => {
    const [first, second] = await withUserAtOnce(alice, (tx) =>
      Promise.all([tx.execute<{ id: string }>(sql`select auth.uid() as id`), tx.execute<{ role: string }>(sql`select current_user as role`)]),
    );
    expect(first.rows).toEqual([{ id: alice.id }]);
    expect(second.rows).toEqual([{ role: "mneme_user" }]);
  });

  it("refuses a statement issued after COMMIT left, instead of running it outside the transaction", async () => {
    const late = withUserAtOnce(alice, async (tx) => {
      await tx.execute(insertChat("Before the late one"));
      await tx.execute(insertChat("Late"));
    });
    await expect(late).rejects.toMatchObject({ cause: expect.any(LateStatementError) });
    // What left with COMMIT is kept, as withUserAtOnce says; the late statement never ran.
    expect(await titles()).toEqual(["Before the late one"]);
  });

  it("waits for answers between statements when the work does, and rolls it all back when it throws", async () => {
    const failing = withUser(alice, async (tx) => {
      await tx.execute(insertChat("Rolled back"));
      await tx.execute(insertChat("Rolled back too"));
      throw new Error("changed my mind");
    });
    await expect(failing).rejects.toThrow("changed my mind");
    expect(await titles()).toEqual(["Before the late one"]);
  });

  it("sends COMMIT with the statements the work names as its last, once its earlier answers are in", async () => {
    const count = await withUser(alice, async (tx, flight) => {
      const { rows } = await tx.execute<{ n: number }>(sql`select count(*)::int as n from chats`);
      flight.commitWithThese();
      await tx.execute(insertChat(`Chat number ${rows[0]!.n + 1}`));
      return rows[0]!.n;
    });
    expect(await titles()).toEqual(["Before the late one", `Chat number ${count + 1}`]);
  });

  it("sends a ride-along with COMMIT, as the server, and rolls the work back when it fails", async () => {
    const settled: { outcome: unknown; committed: boolean }[] = [];
    const rideAlong = (text: string): RideAlong => ({
      statement: { text, params: [] },
      settle: (outcome, committed) => settled.push({ outcome, committed }),
      errorFor: (error) => new Error(`translated: ${(error as Error).message}`),
    });
    await withRideAlong(rideAlong("select current_user::text as role"), () => withUserAtOnce(alice, (tx) => tx.execute(insertChat("Kept"))));
    expect(settled.at(-1)).toEqual({ outcome: { rows: [{ role: "postgres" }] }, committed: true });

    const refused = withRideAlong(rideAlong("select 1 / 0"), () => withUserAtOnce(alice, (tx) => tx.execute(insertChat("Not kept"))));
    await expect(refused).rejects.toThrow("translated: division by zero");
    expect(settled.at(-1)?.committed).toBe(false);
    expect(await titles()).not.toContain("Not kept");
  });
});
