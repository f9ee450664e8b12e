import "server-only";
import net from "node:net";
import { Duplex } from "node:stream";

/** A connection's error when the database did not answer in time. */
export class DatabaseTimeoutError extends Error {
  readonly code = "DATABASE_TIMEOUT";

  constructor(timeoutMs: number) {
    super(`the database did not answer within ${timeoutMs} ms`);
    this.name = "DatabaseTimeoutError";
  }
}

/** What postgres.js hands its `socket` option: the parsed connection options. */
interface ConnectOptions {
  host: string[];
  port: number[];
  path?: string | false;
}

/**
 * Sockets for postgres.js (its `socket` option) that give up on a database that stops answering.
 * postgres.js itself waits for ever once connected: a pooler or server that accepts and never
 * answers, or a connection whose peer vanished without a reset, would hang every request that
 * gets the connection and keep its transaction open. Here, once bytes are sent (the start-up
 * message first, so connecting is covered too), the socket is destroyed if nothing comes back
 * within `timeoutMs`: postgres.js fails the queries waiting on it (the caller answers 503) and
 * opens a new connection for the next ones, and a server that did get the statements rolls their
 * transaction back when the connection goes. An idle connection has nothing outstanding and is
 * left alone.
 *
 * The socket is handed over still connecting (net.Socket queues writes until it is), and fails
 * only by emitting `error` and `close`, as postgres.js's own sockets do: a factory that threw
 * would leave the pool's connection slot stuck in "connecting" for good. The watched stream sits
 * below TLS (postgres.js negotiates it on top), which is why it is a Duplex of its own: TLS over a
 * net.Socket reads the handle directly and would bypass the watch. Only the first host of
 * DATABASE_URL is used.
 */
export function createDeadlineSocketFactory(timeoutMs: number) {
  return ({ host, port, path }: ConnectOptions): Duplex =>
    watch(path ? net.connect(path) : net.connect(port[0] ?? 5432, host[0] ?? "localhost"), timeoutMs, host[0]);
}

function watch(socket: net.Socket, timeoutMs: number, host: string | undefined): Duplex {
  let unanswered: NodeJS.Timeout | undefined;
  const stream: Duplex = new Duplex({
    allowHalfOpen: false,
    // As a net.Socket does: `close` once the socket has closed, a turn of the event loop after
    // `error`. postgres.js rolls back in between, and writes to a closed connection crash it.
    emitClose: false,
    write(chunk: Buffer, _encoding, callback) {
      unanswered ??= setTimeout(() => stream.destroy(new DatabaseTimeoutError(timeoutMs)), timeoutMs);
      socket.write(chunk, callback);
    },
    read() {
      socket.resume();
    },
    final(callback) {
      socket.end(callback);
    },
    destroy(error, callback) {
      clearTimeout(unanswered);
      socket.destroy();
      callback(error);
    },
  });
  socket.on("data", (chunk: Buffer) => {
    clearTimeout(unanswered);
    unanswered = undefined;
    if (!stream.push(chunk)) socket.pause();
  });
  socket.on("end", () => stream.push(null));
  socket.on("error", (error) => stream.destroy(error));
  socket.on("close", () => {
    stream.destroy();
    stream.emit("close");
  });
  // What postgres.js reads of a net.Socket: the host (TLS server name), readyState, keep-alive.
  return Object.defineProperties(stream, {
    host: { value: host },
    readyState: { get: () => (stream.destroyed ? "closed" : socket.readyState) },
    setKeepAlive: { value: (enable?: boolean, delayMs?: number) => socket.setKeepAlive(enable, delayMs) },
  });
}
