// The embedded database's own thread (started by ./open-pglite.ts). Plain JavaScript: Node loads a
// worker thread's modules as they are, without the app's bundler or a TypeScript loader.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import { acquireDataDirLock } from "../lock.mjs";
import { migrate } from "../migrate.mjs";
import { startUpkeep } from "./upkeep.mjs";
import { serveOverWire } from "./wire-server.mjs";

/**
 * Opens PGlite on `workerData.dataDir` (taking the directory's lock and migrating it) and serves it
 * over the Postgres wire protocol on a Unix socket in a new directory that only this user can
 * enter, so no other local user can reach the database, and keeps its tables analyzed and vacuumed
 * (./upkeep.mjs). Messages to the parent (typed in ./open-pglite.ts): `ready` with the socket's
 * path, every notification the database sends, `upkeep-failed`, `closed`. The parent
 * sends `close`; a failure to open ends the thread with the error.
 */
if (!parentPort) throw new Error("pglite-worker.mjs runs as a worker thread");
const port = parentPort;
const { dataDir } = workerData;

const socketDir = fs.mkdtempSync(path.join(os.tmpdir(), "mneme-db-")); // mode 0700
const release = dataDir.startsWith("memory://") ? () => {} : acquireDataDirLock(dataDir);
const cleanUp = () => {
  release();
  fs.rmSync(socketDir, { recursive: true, force: true });
};

/** @type {PGlite | undefined} */
let pg;
try {
  const started = performance.now();
  pg = await PGlite.create({ dataDir, extensions: { vector } });
  const opened = performance.now();
  const { applied } = await migrate(pg);
  const server = await serveOverWire(pg, {
    socketPath: path.join(socketDir, ".s.PGSQL.5432"),
    onNotification: (channel, payload) => port.postMessage({ type: "notification", channel, payload }),
  });
  const db = pg;
  const stopUpkeep = startUpkeep(db, server, {
    intervalMs: 10_000,
    onError: (error) => port.postMessage({ type: "upkeep-failed", message: error instanceof Error ? error.message : String(error) }),
  });
  port.on("message", (message) => {
    if (message?.type !== "close") return;
    const upkeepStopped = stopUpkeep(); // no new table; the one under way finishes once the connections are gone
    void server
      .close()
      .then(() => upkeepStopped)
      .then(() => db.close())
      .finally(() => {
        cleanUp();
        port.postMessage({ type: "closed" });
        port.close();
      });
  });
  port.postMessage({
    type: "ready",
    socketPath: server.socketPath,
    applied,
    openMs: Math.round(opened - started),
    migrateMs: Math.round(performance.now() - opened),
  });
} catch (error) {
  await pg?.close().catch(() => {});
  cleanUp();
  throw error;
}
