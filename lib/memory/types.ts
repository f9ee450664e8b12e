import type { UsedMemory } from "@/lib/db/types";

export type { UsedMemory };

export interface MemoryResult extends UsedMemory {
  role: "user" | "assistant";
}
