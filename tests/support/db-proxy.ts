import net from "node:net";

/**
 * A TCP proxy in front of a Postgres server, for tests of what the app does when the network to
 * its database misbehaves, and for counting the round trips a request costs. It forwards bytes
 * unchanged; it reads the client's messages (the frontend half of the wire protocol, plaintext
 * only: the test database refuses TLS) only to count them and to cut a connection at a chosen one.
 *
 * - `drop()` cuts every open connection at once, as a pooler restart or a dead backend does; given
 *   a message to wait for, it cuts when a client sends it, before the server sees it (e.g. the
 *   UPDATE after a BEGIN: the server rolls back what the transaction did so far).
 * - `stall()` holds every byte both ways, on open and new connections alike, until `resume()`: a
 *   database that accepts and never answers. Bytes held for a connection that closes meanwhile
 *   are discarded, as a blackholed network loses them.
 * - `delay(ms)` adds a one-way delay to every byte in each direction (a round trip costs 2 × ms).
 * - `counts` counts client messages by type (`Q` simple query, `P` Parse, `B` Bind, `E` Execute,
 *   `S` Sync, `H` Flush …) and flights: a burst of client bytes that the server then answers, the
 *   unit a round trip is budgeted in (statements pipelined together and answered together count
 *   once). A connection's start-up handshake counts too; `connections` says how many were opened.
 */
export interface DbProxy {
  /** DATABASE_URL for the app: the target's, with the proxy's port. */
  url: string;
  counts: ProxyCounts;
  resetCounts(): void;
  /** Cuts every open connection now, or, with `at`, when a client sends a matching message. */
  drop(at?: MessageMatch): Promise<CutMessage | null>;
  /** Holds every byte from now, or, with `at`, from a matching message on (it is held too). */
  stall(at?: MessageMatch): Promise<CutMessage | null>;
  resume(): void;
  delay(ms: number): void;
  close(): Promise<void>;
}

export interface ProxyCounts {
  messages: Record<string, number>;
  /** The text of every statement (Parse or simple Query) in the order clients sent them. */
  statements: string[];
  flights: number;
  connections: number;
}

export interface MessageMatch {
  /** The message's type byte, e.g. "Q" (simple query) or "P" (Parse). */
  type: string;
  /** For Q and P: the statement text must match. */
  sql?: RegExp;
  /** The nth matching message from now (default 1). */
  nth?: number;
}

export interface CutMessage {
  type: string;
  sql: string | null;
}

/** Requests that come before the start-up message, in its place (a cancel request is a start-up of its own). */
const preambleCodes = new Set([80877103 /* SSLRequest */, 80877104 /* GSSENCRequest */]);

type Direction = "toServer" | "toClient";

interface Queued {
  bytes: Buffer;
  /** performance.now() at which the bytes may go. */
  due: number;
}

interface Trigger {
  action: "drop" | "stall";
  match: MessageMatch;
  seen: number;
  resolve: (cut: CutMessage) => void;
}

interface Pipe {
  client: net.Socket;
  upstream: net.Socket;
  /** Client bytes not yet a whole message. */
  partial: Buffer;
  started: boolean;
  /** The client has sent bytes the server has not answered yet. */
  awaitingAnswer: boolean;
  toServer: Queued[];
  toClient: Queued[];
  flushing: Partial<Record<Direction, NodeJS.Timeout>>;
  closed: boolean;
}

/** The text of a simple Query (`Q`) or of a Parse (`P`, after the statement's name). */
function statementText(message: Buffer): string | null {
  const type = String.fromCharCode(message[0]!);
  const body = message.subarray(5);
  if (type === "Q") return body.subarray(0, body.indexOf(0)).toString("utf8");
  if (type === "P") {
    const afterName = body.indexOf(0) + 1;
    return body.subarray(afterName, body.indexOf(0, afterName)).toString("utf8");
  }
  return null;
}

export async function startDbProxy(targetUrl: string): Promise<DbProxy> {
  const target = new URL(targetUrl);
  const pipes = new Set<Pipe>();
  const counts: ProxyCounts = { messages: {}, statements: [], flights: 0, connections: 0 };
  let stalled = false;
  let delayMs = 0;
  let trigger: Trigger | null = null;

  function matches(pending: Trigger, message: Buffer, type: string): boolean {
    if (type !== pending.match.type) return false;
    const sql = statementText(message);
    if (pending.match.sql && (sql === null || !pending.match.sql.test(sql))) return false;
    pending.seen += 1;
    return pending.seen === (pending.match.nth ?? 1);
  }

  function arm(action: Trigger["action"], match: MessageMatch): Promise<CutMessage> {
    return new Promise((resolve) => {
      trigger = { action, match, seen: 0, resolve };
    });
  }

  function cutAll() {
    for (const pipe of pipes) close(pipe, true);
  }

  function close(pipe: Pipe, reset: boolean) {
    if (pipe.closed) return;
    pipe.closed = true;
    pipes.delete(pipe);
    pipe.toServer.length = 0;
    pipe.toClient.length = 0;
    clearTimeout(pipe.flushing.toServer);
    clearTimeout(pipe.flushing.toClient);
    // The client sees the connection reset; the server sees it end and rolls back an open transaction.
    if (reset) pipe.client.resetAndDestroy();
    else pipe.client.destroy();
    pipe.upstream.destroy();
  }

  /** Sends now, or once the delay has passed, or at `resume()`; order is kept either way. */
  function send(pipe: Pipe, direction: Direction, bytes: Buffer) {
    if (pipe.closed) return;
    const queue = pipe[direction];
    if (!stalled && delayMs === 0 && queue.length === 0) {
      write(pipe, direction, bytes);
      return;
    }
    queue.push({ bytes, due: performance.now() + delayMs });
    if (queue.length === 1) flushLater(pipe, direction);
  }

  function write(pipe: Pipe, direction: Direction, bytes: Buffer) {
    if (direction === "toServer") {
      pipe.awaitingAnswer = true;
      pipe.upstream.write(bytes);
    } else {
      if (pipe.awaitingAnswer) counts.flights++;
      pipe.awaitingAnswer = false;
      pipe.client.write(bytes);
    }
  }

  function flushLater(pipe: Pipe, direction: Direction) {
    const head = pipe[direction][0];
    if (!head || stalled || pipe.closed || pipe.flushing[direction]) return;
    pipe.flushing[direction] = setTimeout(() => {
      pipe.flushing[direction] = undefined;
      if (stalled || pipe.closed) return;
      const queue = pipe[direction];
      while (queue.length > 0 && queue[0]!.due <= performance.now()) write(pipe, direction, queue.shift()!.bytes);
      flushLater(pipe, direction);
    }, Math.max(0, head.due - performance.now()));
  }

  function fromClient(pipe: Pipe, chunk: Buffer) {
    if (pipe.closed) return;
    pipe.partial = Buffer.concat([pipe.partial, chunk]);
    const whole: Buffer[] = [];
    for (;;) {
      const buffer = pipe.partial;
      if (!pipe.started) {
        if (buffer.length < 8 || buffer.length < buffer.readInt32BE(0)) break;
        const length = buffer.readInt32BE(0);
        const code = buffer.readInt32BE(4);
        if (!preambleCodes.has(code)) pipe.started = true;
        whole.push(buffer.subarray(0, length));
        pipe.partial = buffer.subarray(length);
        continue;
      }
      if (buffer.length < 5) break;
      const length = 1 + buffer.readInt32BE(1);
      if (buffer.length < length) break;
      const message = buffer.subarray(0, length);
      pipe.partial = buffer.subarray(length);
      const type = String.fromCharCode(message[0]!);
      counts.messages[type] = (counts.messages[type] ?? 0) + 1;
      if (type === "P" || type === "Q") counts.statements.push(statementText(message) ?? "");
      if (trigger && matches(trigger, message, type)) {
        const { action, resolve } = trigger;
        trigger = null;
        // What came before the matching message goes on; it and what follows are cut, or held.
        if (whole.length > 0) send(pipe, "toServer", Buffer.concat(whole.splice(0)));
        const cut = { type, sql: statementText(message) };
        if (action === "drop") {
          cutAll();
          resolve(cut);
          return;
        }
        stalled = true;
        resolve(cut);
      }
      whole.push(message);
    }
    if (whole.length > 0) send(pipe, "toServer", Buffer.concat(whole));
  }

  const server = net.createServer((client) => {
    counts.connections++;
    client.setNoDelay(true);
    const upstream = net.connect(Number(target.port), target.hostname);
    upstream.setNoDelay(true);
    const pipe: Pipe = { client, upstream, partial: Buffer.alloc(0), started: false, awaitingAnswer: false, toServer: [], toClient: [], flushing: {}, closed: false };
    pipes.add(pipe);
    client.on("data", (chunk: Buffer) => fromClient(pipe, chunk));
    upstream.on("data", (chunk: Buffer) => send(pipe, "toClient", chunk));
    client.on("close", () => close(pipe, false));
    upstream.on("close", () => close(pipe, false));
    client.on("error", () => close(pipe, false));
    upstream.on("error", () => close(pipe, false));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  const url = new URL(targetUrl);
  url.hostname = "127.0.0.1";
  url.port = String(port);

  return {
    url: url.toString(),
    counts,
    resetCounts() {
      counts.messages = {};
      counts.statements = [];
      counts.flights = 0;
      counts.connections = 0;
    },
    drop(at) {
      if (at) return arm("drop", at);
      cutAll();
      return Promise.resolve(null);
    },
    stall(at) {
      if (at) return arm("stall", at);
      stalled = true;
      return Promise.resolve(null);
    },
    resume() {
      stalled = false;
      for (const pipe of pipes) {
        flushLater(pipe, "toServer");
        flushLater(pipe, "toClient");
      }
    },
    delay(ms) {
      delayMs = ms;
    },
    async close() {
      trigger = null;
      cutAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
