import type { MemoryResult } from "@/lib/memory/types";
import { formatDay } from "@/lib/client/format-date";

const roleLabels: Record<MemoryResult["role"], string> = { user: "You", assistant: "Mneme" };

/** Who said it and when: "You · Mar 3, 2026". */
export function MemoryResultMeta({ role, createdAt }: Pick<MemoryResult, "role" | "createdAt">) {
  return (
    <span className="flex shrink-0 items-center gap-1.5 text-xs whitespace-nowrap text-text-muted">
      <span className="font-medium">{roleLabels[role]}</span>
      <span aria-hidden>·</span>
      <time dateTime={createdAt}>{formatDay(createdAt)}</time>
    </span>
  );
}
