import Link from "next/link";
import { Brain, ChevronRight, FileText, MessagesSquare } from "lucide-react";
import { isUsedPassage, type UsedMemory } from "@/lib/memory/types";
import { formatDay } from "@/lib/client/format-date";
import { messageLink, passageLink, passagePlace } from "@/lib/client/message-link";

const counted = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** "Used 2 memories", or "Used 1 memory and 2 document passages": what the reply drew on, in words. */
function summary(memories: UsedMemory[]): string {
  const passages = memories.filter(isUsedPassage).length;
  const messages = memories.length - passages;
  const parts = [messages > 0 && counted(messages, "memory", "memories"), passages > 0 && counted(passages, "document passage", "document passages")].filter(Boolean);
  return `Used ${parts.join(" and ")}`;
}

/**
 * Under a reply: what it was given from other chats and from the person's documents, each linking
 * to where it came from (the message in its chat, or the document open at the passage).
 */
export function MemoriesUsed({ memories }: { memories: UsedMemory[] }) {
  return (
    <details className="group text-xs">
      <summary className="inline-flex cursor-pointer list-none items-center gap-1.5 rounded-md px-2 py-1 -ml-2 text-text-muted hover:bg-raised hover:text-text [&::-webkit-details-marker]:hidden">
        <Brain className="size-3.5" aria-hidden />
        {summary(memories)}
        <ChevronRight className="size-3.5 transition-transform group-open:rotate-90" aria-hidden />
      </summary>
      <ul className="mt-2 flex flex-col gap-1 border-l-2 border-line pl-3">
        {memories.map((memory) => (
          <li key={isUsedPassage(memory) ? `${memory.documentId}:${memory.passage}` : memory.messageId}>
            <Link href={isUsedPassage(memory) ? passageLink(memory) : messageLink(memory)} className="-mx-2 flex flex-col gap-0.5 rounded-lg px-2 py-1.5 hover:bg-raised">
              <span className="flex min-w-0 items-center gap-1.5 text-text-muted">
                {isUsedPassage(memory) ? (
                  <>
                    <FileText className="size-3.5 shrink-0" aria-label="Document" />
                    <span className="truncate font-medium text-text">{memory.documentName}</span>
                    <span aria-hidden>·</span>
                    <span className="shrink-0">{passagePlace(memory)}</span>
                  </>
                ) : (
                  <>
                    <MessagesSquare className="size-3.5 shrink-0" aria-label="Chat" />
                    <span className="truncate font-medium text-text">{memory.chatTitle || "Untitled chat"}</span>
                    <span aria-hidden>·</span>
                    <time dateTime={memory.createdAt} className="shrink-0">
                      {formatDay(memory.createdAt)}
                    </time>
                  </>
                )}
              </span>
              <span className="line-clamp-2 text-text-muted [overflow-wrap:anywhere]">{memory.snippet}</span>
            </Link>
          </li>
        ))}
      </ul>
    </details>
  );
}
