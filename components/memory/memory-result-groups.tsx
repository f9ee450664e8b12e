import Link from "next/link";
import { FileText, MessagesSquare } from "lucide-react";
import type { MemorySearchResult } from "@/lib/memory/types";
import { cn } from "@/lib/client/cn";
import { formatDay } from "@/lib/client/format-date";
import { groupMemoryResults } from "@/lib/client/group-memory-results";
import { documentLink, messageLink, passageLink, passagePlace } from "@/lib/client/message-link";
import { HighlightedText } from "./highlighted-text";
import { MemoryResultMeta } from "./memory-result-meta";

interface MemoryResultGroupsProps {
  results: MemorySearchResult[];
  query: string;
  /** Older results, shown dimmed while the ones for a newer query load. */
  isStale: boolean;
}

export function MemoryResultGroups({ results, query, isStale }: MemoryResultGroupsProps) {
  return (
    <div data-testid="memory-results" className={cn("flex flex-col gap-8 transition-opacity", isStale && "opacity-60")}>
      {groupMemoryResults(results).map((group) =>
        group.kind === "chat" ? (
          <section key={group.key} className="flex flex-col gap-2">
            <h2 className="flex min-w-0 items-center gap-2 text-sm font-semibold">
              <MessagesSquare className="size-4 shrink-0 text-text-muted" aria-hidden />
              <Link href={`/chat/${encodeURIComponent(group.chatId)}`} className="truncate hover:underline">
                {group.chatTitle || "Untitled chat"}
              </Link>
            </h2>
            <ul className="flex flex-col gap-2">
              {group.results.map((result) => (
                <li key={result.messageId}>
                  <Link href={messageLink(result)} className="flex flex-col gap-1 rounded-xl border border-line px-4 py-3 hover:bg-raised">
                    <MemoryResultMeta role={result.role} createdAt={result.createdAt} />
                    <span className="line-clamp-3 text-sm [overflow-wrap:anywhere]">
                      <HighlightedText text={result.snippet} query={query} />
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          </section>
        ) : (
          <section key={group.key} data-testid="document-result-group" className="flex flex-col gap-2">
            <h2 className="flex min-w-0 items-center gap-2 text-sm font-semibold">
              <FileText className="size-4 shrink-0 text-text-muted" aria-hidden />
              <Link href={documentLink(group.documentId)} className="truncate hover:underline">
                {group.documentName}
              </Link>
            </h2>
            <ul className="flex flex-col gap-2">
              {group.results.map((result) => (
                <li key={result.passage}>
                  <Link href={passageLink(result)} className="flex flex-col gap-1 rounded-xl border border-line px-4 py-3 hover:bg-raised">
                    <span className="flex items-center gap-1.5 text-xs whitespace-nowrap text-text-muted">
                      <span className="truncate font-medium">{passagePlace(result)}</span>
                      <span aria-hidden>·</span>
                      <span>
                        Added <time dateTime={result.createdAt}>{formatDay(result.createdAt)}</time>
                      </span>
                    </span>
                    <span className="line-clamp-3 text-sm [overflow-wrap:anywhere]">
                      <HighlightedText text={result.snippet} query={query} />
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          </section>
        ),
      )}
    </div>
  );
}
