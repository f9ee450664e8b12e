import Link from "next/link";
import { Brain, ChevronRight } from "lucide-react";
import type { UsedMemory } from "@/lib/memory/types";
import { formatDay } from "@/lib/client/format-date";
import { messageLink } from "@/lib/client/message-link";

/** "Used N memories" under a reply: what it was given from other chats, each linking to its source. */
export function MemoriesUsed({ memories }: { memories: UsedMemory[] }) {
  return (
    <details className="group text-xs">
      <summary className="inline-flex cursor-pointer list-none items-center gap-1.5 rounded-md px-2 py-1 -ml-2 text-text-muted hover:bg-raised hover:text-text [&::-webkit-details-marker]:hidden">
        <Brain className="size-3.5" aria-hidden />
        Used {memories.length} {memories.length === 1 ? "memory" : "memories"}
        <ChevronRight className="size-3.5 transition-transform group-open:rotate-90" aria-hidden />
      </summary>
      <ul className="mt-2 flex flex-col gap-1 border-l-2 border-line pl-3">
        {memories.map((memory) => (
          <li key={memory.messageId}>
            <Link href={messageLink(memory)} className="-mx-2 flex flex-col gap-0.5 rounded-lg px-2 py-1.5 hover:bg-raised">
              <span className="flex min-w-0 items-baseline gap-1.5 text-text-muted">
                <span className="truncate font-medium text-text">{memory.chatTitle || "Untitled chat"}</span>
                <span aria-hidden>·</span>
                <time dateTime={memory.createdAt} className="shrink-0">
                  {formatDay(memory.createdAt)}
                </time>
              </span>
              <span className="line-clamp-2 text-text-muted [overflow-wrap:anywhere]">{memory.snippet}</span>
            </Link>
          </li>
        ))}
      </ul>
    </details>
  );
}
