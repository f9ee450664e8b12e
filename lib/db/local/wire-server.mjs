// Plain JavaScript, typed by ./wire-server.d.mts: it runs inside the database's worker thread
// (./pglite-worker.mjs), which Node loads as it is, without the app's bundler or a TypeScript loader.
import fs from "node:fs";
import net from "node:net";

/**
 * PGlite served over the Postgres wire protocol to many connections at once: the local mode's
 * app (over a Unix socket, from ./pglite-worker.mjs) and tests that run several app processes
 * against one database (as Supabase's pooler serves many functions).
 *
 * PGlite is one session, so connections take turns. @electric-sql/pglite-socket takes turns per
 * protocol message, which is enough inside transactions but lets two connections' extended-query
 * messages interleave outside them (A's Parse, B's Parse, A's Bind → "bind message supplies N
 * parameters"). Here a connection's turn is a whole request up to its Sync (or simple Query), and
 * while a transaction or a request is open only its connection gets turns. A client may pipeline
 * several requests in one write: each Sync ends a turn of its own, in order.
 */

const sslRequestCode = 80877103;
const cancelRequestCode = 80877102;
const flush = 0x48; // H
const terminate = 0x58; // X
const notificationResponse = 0x41; // A
/**
 * Messages after which the client waits for answers: Sync, simple Query, Terminate, and Flush (a
 * Parse and Describe sent ahead to learn parameter types; the Bind follows, and no other
 * connection may replace the unnamed statement in between).
 */
const turnEnds = new Set(["S", "Q", "X", "H"]);

/**
 * The backend's messages of one turn, less the notifications, which go to `onNotification`: PGlite
 * is one session, so a NOTIFY committed by any connection comes back in that connection's answer.
 * @param {Buffer} output
 * @param {(channel: string, payload: string) => void} onNotification
 */
function takeNotifications(output, onNotification) {
  const kept = [];
  let start = 0;
  for (let offset = 0; offset + 5 <= output.length; ) {
    const end = offset + 1 + output.readInt32BE(offset + 1);
    if (output[offset] === notificationResponse) {
      // Int32 process id, then the channel and the payload, each a NUL-terminated string.
      const channelEnd = output.indexOf(0, offset + 9);
      const payloadEnd = output.indexOf(0, channelEnd + 1);
      onNotification(output.toString("utf8", offset + 9, channelEnd), output.toString("utf8", channelEnd + 1, payloadEnd));
      kept.push(output.subarray(start, offset));
      start = end;
    }
    offset = end;
  }
  if (start === 0) return output;
  kept.push(output.subarray(start));
  return Buffer.concat(kept);
}

/**
 * @param {import("@electric-sql/pglite").PGlite} db
 * @param {{ socketPath?: string, onNotification?: (channel: string, payload: string) => void }} [options]
 * @returns {Promise<import("./wire-server.d.mts").WireServer>}
 */
export async function serveOverWire(db, { socketPath, onNotification } = {}) {
  /** A connection's request, or work of the database's own thread (`exclusive`). @type {(ClientTurn | TaskTurn)[]} */
  const queue = [];
  /** @type {Connection | null} */
  let owner = null;
  let running = false;

  async function run() {
    if (running) return;
    running = true;
    try {
      for (;;) {
        const index = owner ? queue.findIndex((turn) => "connection" in turn && turn.connection === owner) : 0;
        if (index === -1 || queue.length === 0) break;
        const [turn] = queue.splice(index, 1);
        if (!("connection" in turn)) {
          await Promise.resolve().then(turn.task).then(turn.resolve, turn.reject); // a task that throws fails alone
          continue;
        }
        const { connection } = turn;
        /** @type {Buffer[]} */
        const output = [];
        // The whole request in one call: PGlite runs the messages of a buffer in order, and each call
        // costs a pass through its JavaScript and its file system's sync on top of Postgres's work.
        const request = turn.messages.filter((message) => message[0] !== terminate);
        if (request.length > 0) {
          const input = request.length === 1 ? request[0] : Buffer.concat(request);
          await db.runExclusive(() =>
            db.execProtocolRawStream(new Uint8Array(input.buffer, input.byteOffset, input.length), {
              onRawData: (data) => void output.push(Buffer.from(data)),
            }),
          );
        }
        // One write per turn: the client reads the whole answer at once, and notifications are whole messages here.
        const answer = onNotification ? takeNotifications(Buffer.concat(output), onNotification) : Buffer.concat(output);
        if (!connection.closed && answer.length > 0) connection.socket.write(answer);
        const midRequest = turn.messages.at(-1)?.[0] === flush; // the client waits to send the rest
        if (connection.closed) {
          // It went away while its turn ran, before it could own the session, so onClose left the
          // transaction alone: undo it here. Kept as the owner, it would hold every other connection's
          // turns for good (each new one would time out connecting).
          if (db.isInTransaction()) await db.exec("rollback");
          owner = null;
        } else {
          owner = db.isInTransaction() || midRequest ? connection : null;
        }
        if (turn.messages.at(-1)?.[0] === terminate) connection.socket.end();
      }
    } finally {
      running = false;
    }
  }

  /** @param {Connection} connection @param {Buffer[]} messages */
  function take(connection, messages) {
    queue.push({ connection, messages });
    void run();
  }

  /** @param {Connection} connection @param {Buffer} chunk */
  function onData(connection, chunk) {
    connection.buffer = connection.buffer.length === 0 ? chunk : Buffer.concat([connection.buffer, chunk]);
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
      if (turnEnds.has(String.fromCharCode(message[0]))) {
        take(connection, connection.pending);
        connection.pending = [];
      }
    }
  }

  /** @param {Connection} connection */
  function onClose(connection) {
    connection.closed = true;
    for (let index = queue.length - 1; index >= 0; index--) if (queue[index].connection === connection) queue.splice(index, 1);
    if (owner === connection) {
      owner = null;
      // A client that went away mid-transaction: undo it, as a server does when a backend exits.
      void db.exec("rollback").then(run, run);
    }
  }

  /** @type {Set<net.Socket>} */
  const sockets = new Set();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    /** @type {Connection} */
    const connection = { socket, buffer: Buffer.alloc(0), pending: [], started: false, closed: false };
    if (!socketPath) socket.setNoDelay(true);
    socket.on("data", (chunk) => onData(connection, chunk));
    socket.on("close", () => onClose(connection));
    socket.on("error", () => socket.destroy());
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    if (socketPath) server.listen(socketPath, () => resolve(undefined));
    else server.listen(0, "127.0.0.1", () => resolve(undefined));
  });
  // The socket's directory is already the owner's alone; this keeps the socket so if it is moved.
  if (socketPath) fs.chmodSync(socketPath, 0o600);
  const address = server.address();
  return {
    url: socketPath
      ? "postgresql://postgres@localhost/postgres"
      : `postgresql://postgres:postgres@127.0.0.1:${typeof address === "object" && address ? address.port : 0}/postgres`,
    socketPath,
    exclusive(task) {
      return new Promise((resolve, reject) => {
        queue.push({ task, resolve, reject });
        void run();
      });
    },
    async close() {
      await new Promise((resolve) => {
        server.close(() => resolve(undefined));
        for (const socket of sockets) socket.destroy();
      });
    },
  };
}

/**
 * @typedef {object} Connection
 * @property {net.Socket} socket
 * @property {Buffer} buffer
 * @property {Buffer[]} pending
 * @property {boolean} started
 * @property {boolean} closed
 *
 * @typedef {{ connection: Connection, messages: Buffer[] }} ClientTurn
 * @typedef {{ task: () => Promise<unknown>, resolve: (value: unknown) => void, reject: (error: unknown) => void }} TaskTurn
 */
