import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveOverWire, type WireServer } from "@/lib/db/local/wire-server.mjs";

// The wire protocol by hand (https://www.postgresql.org/docs/current/protocol-message-formats.html),
// so the test controls how messages are split into writes, as a pipelining client does.
const cstring = (text: string) => Buffer.from(`${text}\0`);
const int16 = (value: number) => Buffer.from([value >> 8, value & 0xff]);
const int32 = (value: number) => {
  const buffer = Buffer.alloc(4);
  buffer.writeInt32BE(value);
  return buffer;
};
const message = (type: string, ...parts: Buffer[]) => {
  const body = Buffer.concat(parts);
  return Buffer.concat([Buffer.from(type), int32(body.length + 4), body]);
};
const startup = () => {
  const body = Buffer.concat([int32(196608), cstring("user"), cstring("postgres"), cstring("database"), cstring("postgres"), Buffer.from([0])]);
  return Buffer.concat([int32(body.length + 4), body]);
};
/** Parse, Bind, Describe, Execute, Sync of one unnamed statement with text parameters: no Describe sent ahead to wait on. */
const request = (text: string, params: string[] = []) =>
  Buffer.concat([
    message("P", cstring(""), cstring(text), int16(0)),
    message("B", cstring(""), cstring(""), int16(0), int16(params.length), ...params.flatMap((param) => [int32(Buffer.byteLength(param)), Buffer.from(param)]), int16(0)),
    message("D", Buffer.from("P"), cstring("")),
    message("E", cstring(""), int32(0)),
    message("S"),
  ]);

interface Reply {
  type: string;
  body: Buffer;
}

/** A raw connection that collects the backend's messages and can wait for the n-th ReadyForQuery. */
async function connect(server: WireServer): Promise<{ socket: net.Socket; replies: Reply[]; readyFor: (count: number) => Promise<Reply[]> }> {
  const port = Number(new URL(server.url).port);
  const socket = server.socketPath ? net.connect(server.socketPath) : net.connect(port, "127.0.0.1");
  const replies: Reply[] = [];
  let buffer = Buffer.alloc(0);
  const waiting: { count: number; resolve: () => void }[] = [];
  socket.on("data", (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    while (buffer.length >= 5 && buffer.length >= 1 + buffer.readInt32BE(1)) {
      const length = 1 + buffer.readInt32BE(1);
      replies.push({ type: String.fromCharCode(buffer[0]!), body: buffer.subarray(5, length) });
      buffer = buffer.subarray(length);
    }
    const ready = replies.filter((reply) => reply.type === "Z").length;
    for (const wait of waiting.filter((entry) => entry.count <= ready)) wait.resolve();
  });
  const readyFor = (count: number) =>
    new Promise<void>((resolve) => {
      waiting.push({ count, resolve });
      socket.emit("data", Buffer.alloc(0));
    }).then(() => replies);
  socket.write(startup());
  await readyFor(1);
  replies.length = 0;
  return { socket, replies, readyFor };
}

/** The types of the answers, less ParameterStatus (S), which the server may send at any time. */
const types = (replies: Reply[]) =>
  replies
    .map((reply) => reply.type)
    .filter((type) => type !== "S")
    .join("");
/** The text of each DataRow's first column. */
const values = (replies: Reply[]) => replies.filter((reply) => reply.type === "D").map((reply) => reply.body.toString("utf8", 6, 6 + reply.body.readInt32BE(2)));
/** The transaction status of each ReadyForQuery: I idle, T in a transaction, E failed. */
const statuses = (replies: Reply[]) => replies.filter((reply) => reply.type === "Z").map((reply) => String.fromCharCode(reply.body[0]!));

describe("the wire server", () => {
  let db: PGlite;
  let server: WireServer;
  const notifications: [string, string][] = [];
  beforeAll(async () => {
    db = await PGlite.create();
    await db.exec("create table notes (id int primary key, body text)");
    server = await serveOverWire(db, { onNotification: (channel, payload) => notifications.push([channel, payload]) });
  });
  afterAll(async () => {
    await server.close();
    await db.close();
  });

  it("answers a Parse/Bind/Describe/Execute/Sync sent at once, and several of them in one write, in order", async () => {
    const { socket, readyFor } = await connect(server);
    socket.write(Buffer.concat([request("select $1::int + 1 as answer", ["41"]), request("select 'two' as second"), request("select $1::text || $2::text", ["thr", "ee"])]));
    const replies = await readyFor(3);
    expect(types(replies)).toBe("12TDCZ".repeat(3));
    expect(values(replies)).toEqual(["42", "two", "three"]);
    socket.destroy();
  });

  it("answers a request that fails with its error alone, the rest of it skipped up to its Sync, and the next one as usual", async () => {
    const { socket, readyFor } = await connect(server);
    socket.write(Buffer.concat([request("select $1::int from nowhere", ["1"]), request("select 'after' as next")]));
    const replies = await readyFor(2);
    expect(types(replies)).toBe("EZ12TDCZ");
    expect(values(replies)).toEqual(["after"]);
    expect(statuses(replies)).toEqual(["I", "I"]);
    socket.destroy();
  });

  it("keeps a transaction pipelined in one write to its connection, while another connection waits its turn", async () => {
    const alice = await connect(server);
    const bob = await connect(server);
    alice.socket.write(Buffer.concat([request("begin"), request("insert into notes values (1, $1)", ["first"])]));
    await alice.readyFor(2);
    // Bob's read comes while Alice's transaction is open: it is answered after her commit, not inside it.
    bob.socket.write(request("select count(*)::text from notes"));
    alice.socket.write(Buffer.concat([request("insert into notes values (2, $1)", ["second"]), request("commit")]));
    const aliceReplies = await alice.readyFor(4);
    const bobReplies = await bob.readyFor(1);
    expect(statuses(aliceReplies)).toEqual(["T", "T", "T", "I"]);
    expect(aliceReplies.some((reply) => reply.type === "E")).toBe(false);
    expect(values(bobReplies)).toEqual(["2"]);
    alice.socket.destroy();
    bob.socket.destroy();
  });

  it("hands notifications to its listener instead of the connection that committed them", async () => {
    const { socket, readyFor } = await connect(server);
    socket.write(Buffer.concat([request("listen mneme_test"), request("select pg_notify('mneme_test', 'hello')")]));
    const replies = await readyFor(2);
    expect(replies.some((reply) => reply.type === "A")).toBe(false);
    expect(notifications).toContainEqual(["mneme_test", "hello"]);
    socket.destroy();
  });

  it("serves postgres.js's pool with unnamed statements and no prepared ones", async () => {
    const sql = postgres(server.url, { prepare: false, max: 4, onnotice: () => {} });
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        index % 3 === 0
          ? sql.begin(async (tx) => (await tx`select ${index}::int as n`)[0]!.n as number)
          : sql`select ${index}::int as n`.then((rows) => rows[0]!.n as number),
      ),
    );
    expect(results).toEqual(Array.from({ length: 12 }, (_, index) => index));
    await sql.end();
  });
});

describe("the wire server on a Unix socket", () => {
  it("is reachable by its owner only", async () => {
    const db = await PGlite.create();
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "mneme-wire-"));
    const socketPath = path.join(directory, ".s.PGSQL.5432");
    const server = await serveOverWire(db, { socketPath });
    try {
      expect(fs.statSync(directory).mode & 0o777).toBe(0o700);
      expect(fs.statSync(socketPath).mode & 0o777).toBe(0o600);
      const sql = postgres(server.url, { path: socketPath, prepare: false, max: 1, onnotice: () => {} });
      expect(await sql`select 1 as one`).toEqual([{ one: 1 }]);
      await sql.end();
    } finally {
      await server.close();
      await db.close();
      fs.rmSync(directory, { recursive: true, force: true });
    }
  });
});
