import net from "node:net";
import type { PGlite } from "@electric-sql/pglite";

/**
 * PGlite served over the Postgres wire protocol to many connections at once, for tests that run
 * several app processes against one database (as Supabase's pooler serves many functions).
 *
 * PGlite is one session, so connections take turns. @electric-sql/pglite-socket takes turns per
 * protocol message, which is enough inside transactions but lets two connections' extended-query
 * messages interleave outside them (A's Parse, B's Parse, A's Bind → "bind message supplies N
 * parameters"). Here a connection's turn is a whole request up to its Sync (or simple Query), and
 * while a transaction or a request is open only its connection gets turns.
 */
export interface WirePostgres {
  url: string;
  close(): Promise<void>;
}

const sslRequestCode = 80877103;
const cancelRequestCode = 80877102;
/**
 * Messages after which the client waits for answers: Sync, simple Query, Terminate, and Flush (a
 * Parse and Describe sent ahead to learn parameter types; the Bind follows, and no other
 * connection may replace the unnamed statement in between).
 */
const turnEnds = new Set(["S", "Q", "X", "H"]);

interface Turn {
  connection: Connection;
  messages: Buffer[];
}

interface Connection {
  socket: net.Socket;
  buffer: Buffer;
  pending: Buffer[];
  started: boolean;
  closed: boolean;
}

export async function serveOverWire(db: PGlite): Promise<WirePostgres> {
  const queue: Turn[] = [];
  let owner: Connection | null = null;
  let running = false;

  async function run() {
    if (running) return;
    running = true;
    try {
      for (;;) {
        const index = owner ? queue.findIndex((turn) => turn.connection === owner) : 0;
        if (index === -1 || queue.length === 0) break;
        const [turn] = queue.splice(index, 1) as [Turn];
        const { connection } = turn;
        await db.runExclusive(async () => {
          for (const message of turn.messages) {
            if (message[0] === 0x58 /* X: Terminate */) continue;
            await db.execProtocolRawStream(new Uint8Array(message), {
              onRawData: (data) => void (!connection.closed && connection.socket.write(Buffer.from(data))),
            });
          }
        });
        const midRequest = turn.messages.at(-1)?.[0] === 0x48; /* H: Flush, the client waits to send the rest */
        owner = db.isInTransaction() || midRequest ? connection : null;
        if (turn.messages.at(-1)?.[0] === 0x58) connection.socket.end();
      }
    } finally {
      running = false;
    }
  }

  function take(connection: Connection, messages: Buffer[]) {
    queue.push({ connection, messages });
    void run();
  }

  function onData(connection: Connection, chunk: Buffer) {
    connection.buffer = Buffer.concat([connection.buffer, chunk]);
    for (;;) {
      const { buffer } = connection;
      if (!connection.started) {
        if (buffer.length < 8) return;
        const length = buffer.readInt32BE(0);
        const code = buffer.readInt32BE(4);
        if (code === sslRequestCode) {
          connection.socket.write("N");
          connection.buffer = buffer.subarray(8);
          continue;
        }
        if (code === cancelRequestCode) {
          connection.socket.end();
          return;
        }
        if (buffer.length < length) return;
        connection.started = true;
        connection.buffer = buffer.subarray(length);
        take(connection, [buffer.subarray(0, length)]);
        continue;
      }
      if (buffer.length < 5) return;
      const length = 1 + buffer.readInt32BE(1);
      if (buffer.length < length) return;
      const message = buffer.subarray(0, length);
      connection.buffer = buffer.subarray(length);
      connection.pending.push(message);
      if (turnEnds.has(String.fromCharCode(message[0]!))) {
        take(connection, connection.pending);
        connection.pending = [];
      }
    }
  }

  function onClose(connection: Connection) {
    connection.closed = true;
    for (let index = queue.length - 1; index >= 0; index--) if (queue[index]!.connection === connection) queue.splice(index, 1);
    if (owner === connection) {
      owner = null;
      // A client that went away mid-transaction: undo it, as a server does when a backend exits.
      void db.exec("rollback").then(run, run);
    }
  }

  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    const connection: Connection = { socket, buffer: Buffer.alloc(0), pending: [], started: false, closed: false };
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => onData(connection, chunk));
    socket.on("close", () => onClose(connection));
    socket.on("error", () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `postgresql://postgres:postgres@127.0.0.1:${port}/postgres`,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
  };
}
