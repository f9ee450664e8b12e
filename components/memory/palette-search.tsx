"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useId, useState, type KeyboardEvent } from "react";
import { ArrowRight, FileText, Search } from "lucide-react";
import { memorySources, type MemorySearchResult } from "@/lib/memory/types";
import { cn } from "@/lib/client/cn";
import { describeError } from "@/lib/client/http";
import { messageLink, passageLink, passagePlace } from "@/lib/client/message-link";
import { useMemorySearch } from "@/lib/client/use-memory-search";
import { HighlightedText } from "./highlighted-text";
import { MemoryResultMeta } from "./memory-result-meta";

const paletteResultLimit = 8;

function PaletteMessage({ children, isAlert = false }: { children: string; isAlert?: boolean }) {
  return (
    <p role={isAlert ? "alert" : undefined} className={cn("px-4 py-8 text-center text-sm", isAlert ? "text-danger" : "text-text-muted")}>
      {children}
    </p>
  );
}

function PaletteSkeleton() {
  return (
    <div aria-hidden className="flex flex-col gap-3 p-4">
      {[80, 65, 72].map((width) => (
        <div key={width} className="flex flex-col gap-1.5">
          <div className="h-3 w-1/4 animate-pulse rounded bg-raised" />
          <div className="h-4 animate-pulse rounded bg-raised" style={{ width: `${width}%` }} />
        </div>
      ))}
    </div>
  );
}

/** The palette's content: a combobox over a listbox of memories, driven from the keyboard. */
export function PaletteSearch({ onDone }: { onDone: () => void }) {
  const router = useRouter();
  const listboxId = useId();
  const [query, setQuery] = useState("");
  const [activeIndex, setActiveIndex] = useState(0);
  const search = useMemorySearch(query, paletteResultLimit, memorySources);
  const results: MemorySearchResult[] = search.settledQuery ? (search.data?.results ?? []) : [];
  const activeResult: MemorySearchResult | undefined = results[Math.min(activeIndex, results.length - 1)];
  const optionId = (result: MemorySearchResult) =>
    `${listboxId}-${result.source === "document" ? `${result.documentId}-${result.passage}` : result.messageId}`;
  const activeOptionId = activeResult && optionId(activeResult);

  useEffect(() => {
    if (activeOptionId) document.getElementById(activeOptionId)?.scrollIntoView({ block: "nearest" });
  }, [activeOptionId]);

  function open(result: MemorySearchResult) {
    router.push(result.source === "document" ? passageLink(result) : messageLink(result));
    onDone();
  }

  function handleKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    const count = results.length;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (count === 0) return;
      const current = Math.min(activeIndex, count - 1);
      setActiveIndex((current + (event.key === "ArrowDown" ? 1 : count - 1)) % count);
    } else if (event.key === "Enter" && !event.nativeEvent.isComposing && activeResult) {
      event.preventDefault();
      open(activeResult);
    }
  }

  function renderBody() {
    if (!search.settledQuery) return <PaletteMessage>Search everything you have said in past chats, and your documents.</PaletteMessage>;
    if (search.isError) return <PaletteMessage isAlert>{`The search failed. ${describeError(search.error)}`}</PaletteMessage>;
    if (!search.data) return <PaletteSkeleton />;
    if (results.length === 0) return <PaletteMessage>{`No memories match “${search.settledQuery}”.`}</PaletteMessage>;
    return null;
  }

  return (
    <div className="flex max-h-[min(32rem,75dvh)] flex-col">
      <div className="flex items-center gap-3 border-b border-line px-4">
        <Search className="size-4 shrink-0 text-text-muted" aria-hidden />
        <input
          type="text"
          role="combobox"
          aria-label="Search memory"
          aria-expanded={results.length > 0}
          aria-controls={listboxId}
          aria-autocomplete="list"
          aria-activedescendant={activeOptionId}
          autoFocus
          value={query}
          maxLength={2000}
          placeholder="Search your memory…"
          onChange={(event) => {
            setQuery(event.target.value);
            setActiveIndex(0);
          }}
          onKeyDown={handleKeyDown}
          className="min-w-0 flex-1 bg-transparent py-4 text-base outline-none placeholder:text-text-muted"
        />
      </div>
      <p role="status" className="sr-only">
        {search.settledQuery && search.data && !search.isPlaceholderData
          ? `${results.length} ${results.length === 1 ? "memory" : "memories"} found`
          : ""}
      </p>
      <div className="min-h-0 flex-1 overflow-y-auto">
        {renderBody()}
        <ul
          id={listboxId}
          role="listbox"
          aria-label="Memories"
          className={cn("flex flex-col p-2", results.length === 0 && "hidden", (search.isPlaceholderData || search.isTyping) && "opacity-60")}
        >
          {results.map((result) => (
            <li
              key={optionId(result)}
              id={optionId(result)}
              role="option"
              aria-selected={result === activeResult}
              onClick={() => open(result)}
              onPointerMove={() => setActiveIndex(results.indexOf(result))}
              className={cn("flex cursor-pointer flex-col gap-1 rounded-lg px-3 py-2", result === activeResult && "bg-raised")}
            >
              {result.source === "document" ? (
                <span className="flex min-w-0 items-baseline justify-between gap-3">
                  <span className="flex min-w-0 items-center gap-1.5 text-sm font-medium">
                    <FileText className="size-3.5 shrink-0 text-text-muted" aria-label="Document" />
                    <span className="truncate">{result.documentName}</span>
                  </span>
                  <span className="shrink-0 text-xs text-text-muted">{passagePlace(result)}</span>
                </span>
              ) : (
                <span className="flex min-w-0 items-baseline justify-between gap-3">
                  <span className="truncate text-sm font-medium">{result.chatTitle || "Untitled chat"}</span>
                  <MemoryResultMeta role={result.role} createdAt={result.createdAt} />
                </span>
              )}
              <span className="line-clamp-2 text-sm text-text-muted [overflow-wrap:anywhere]">
                <HighlightedText text={result.snippet} query={search.settledQuery} />
              </span>
            </li>
          ))}
        </ul>
      </div>
      <div className="flex items-center justify-between gap-3 border-t border-line px-4 py-2.5 text-xs text-text-muted">
        <span className="max-md:hidden">↑↓ to move · Enter to open · Esc to close</span>
        <Link
          href={search.settledQuery ? `/memory?q=${encodeURIComponent(search.settledQuery)}` : "/memory"}
          onClick={onDone}
          className="ml-auto inline-flex items-center gap-1 rounded-md px-2 py-1 font-medium text-text hover:bg-raised"
        >
          Open memory page
          <ArrowRight className="size-3.5" aria-hidden />
        </Link>
      </div>
    </div>
  );
}
