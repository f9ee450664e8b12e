// Plain JavaScript, typed by ./lock.d.mts: the database's worker thread (local/pglite-worker.mjs)
// takes the lock, and Node loads that thread's modules as they are.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** @typedef {{ pid: number, hostname: string, command: string, startedAt: string }} LockOwner */

/** @param {number} pid */
function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return /** @type {NodeJS.ErrnoException} */ (error).code === "EPERM";
  }
}

/** @param {string} lockPath @returns {LockOwner | null} */
function readOwner(lockPath) {
  try {
    return JSON.parse(fs.readFileSync(lockPath, "utf8"));
  } catch {
    return null;
  }
}

/**
 * PGlite cannot share a data directory between processes: a second opener corrupts it. The lock
 * file names its holder so the second process can say who to stop. Stale locks (dead holder) are
 * taken over. The holder is the process, whichever of its threads took it. Returns the release function.
 *
 * @param {string} dataDir
 * @returns {() => void}
 */
export function acquireDataDirLock(dataDir) {
  const lockPath = `${path.resolve(dataDir)}.lock`;
  fs.mkdirSync(path.dirname(lockPath), { recursive: true });
  /** @type {LockOwner} */
  const me = {
    pid: process.pid,
    hostname: os.hostname(),
    command: process.argv.slice(1).join(" ").slice(0, 200),
    startedAt: new Date().toISOString(),
  };

  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, JSON.stringify(me), { flag: "wx" });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        if (readOwner(lockPath)?.pid === process.pid) fs.rmSync(lockPath, { force: true });
      };
      process.once("exit", release);
      return release;
    } catch (error) {
      if (/** @type {NodeJS.ErrnoException} */ (error).code !== "EEXIST") throw error;
      const owner = readOwner(lockPath);
      if (owner && owner.pid !== process.pid && owner.hostname === me.hostname && isAlive(owner.pid)) {
        throw new Error(
          `The database at ${dataDir} is in use by process ${owner.pid} (${owner.command}, since ${owner.startedAt}). ` +
            `Stop that process first, or point PGLITE_DATA_DIR at another directory.`,
        );
      }
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Could not take the lock ${lockPath}.`);
}
