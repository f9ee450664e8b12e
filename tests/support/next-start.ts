import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");

export interface NextProcess {
  baseUrl: string;
  /** SIGTERM, as a platform stops the server, and waits until the process has exited. */
  stop: () => Promise<void>;
}

/** A port nothing listens on right now, for a server of the test's own. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * `next start` on the production build as a process of its own, healthy before this returns.
 * `checkout` is the app's folder: this one unless a bench compares with another checkout's build.
 */
export async function startNext(env: Record<string, string>, { checkout = root }: { checkout?: string } = {}): Promise<NextProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn("npx", ["next", "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: checkout,
    detached: true,
    stdio: "ignore",
    env: { ...process.env, NODE_ENV: "production", NEXT_MANUAL_SIG_HANDLE: "1", LOG_LEVEL: "silent", ...env },
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null && child.pid) process.kill(-child.pid, "SIGTERM");
    await exited;
  };
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 240; attempt++) {
    const up = await fetch(`${baseUrl}/api/health`).then((response) => response.ok, () => false);
    if (up) return { baseUrl, stop };
    if (child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stop();
  throw new Error(`next start on ${port} did not become healthy`);
}
