import type { PGlite } from "@electric-sql/pglite";

export interface WireServer {
  /** For postgres.js; over a Unix socket, together with its `path` option set to `socketPath`. */
  url: string;
  socketPath?: string;
  /**
   * Runs `task` (calls on the PGlite instance itself) as a turn of its own, after the turns queued
   * before it and never inside a connection's open transaction or request.
   */
  exclusive<T>(task: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface WireServerOptions {
  /** Listen on this Unix socket (in a directory only the owner can enter) instead of a loopback TCP port. */
  socketPath?: string;
  /** Receives every notification the database sends; they are then left out of the connections' answers. */
  onNotification?: (channel: string, payload: string) => void;
}

export declare function serveOverWire(db: PGlite, options?: WireServerOptions): Promise<WireServer>;
