import type { PGlite } from "@electric-sql/pglite";
import type { WireServer } from "./wire-server.d.mts";

export declare function upkeep(db: PGlite, server: WireServer, stopped?: () => boolean): Promise<string[]>;

export declare function startUpkeep(
  db: PGlite,
  server: WireServer,
  options: { intervalMs: number; onError: (error: unknown) => void },
): () => Promise<void>;
