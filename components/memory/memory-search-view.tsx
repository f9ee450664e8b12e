"use client";

import { useEffect, useId, useState } from "react";
import { Search } from "lucide-react";
import { useMemorySearch } from "@/lib/client/use-memory-search";
import { cn } from "@/lib/client/cn";
import type { MemorySource } from "@/lib/memory/types";
import { PageHeader } from "@/components/page-header";
import { MemoryResultGroups } from "./memory-result-groups";
import { MemoryIntro, MemoryResultsSkeleton, MemorySearchError, NoMemories } from "./memory-search-states";
import { MemoryTabs } from "./memory-tabs";

const pageResultLimit = 30;

const sourceFilters: { label: string; sources: readonly MemorySource[] }[] = [
  { label: "All", sources: ["message", "document"] },
  { label: "Messages", sources: ["message"] },
  { label: "Documents", sources: ["document"] },
];

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/**
 * The `/memory` page: search past messages and documents, results grouped by chat or document,
 * filtered by source, the query kept in `?q=`.
 */
export function MemorySearchView({ initialQuery }: { initialQuery: string }) {
  const inputId = useId();
  const [query, setQuery] = useState(initialQuery);
  const [filter, setFilter] = useState(sourceFilters[0]!);
  const search = useMemorySearch(query, pageResultLimit, filter.sources);
  const { settledQuery, data } = search;

  useEffect(() => {
    // Kept in the address bar, so reloading or sharing the page repeats the search.
    window.history.replaceState(null, "", settledQuery ? `/memory?q=${encodeURIComponent(settledQuery)}` : "/memory");
  }, [settledQuery]);

  function renderResults() {
    if (!settledQuery) return <MemoryIntro />;
    if (search.isError) return <MemorySearchError error={search.error} onRetry={() => search.refetch()} />;
    if (!data) return <MemoryResultsSkeleton />;
    if (data.results.length === 0) return <NoMemories query={settledQuery} />;
    return <MemoryResultGroups results={data.results} query={settledQuery} isStale={search.isPlaceholderData || search.isTyping} />;
  }

  const chatCount = new Set(data?.results.map((result) => (result.source === "message" ? result.chatId : null)).filter(Boolean)).size;
  const documentCount = new Set(data?.results.map((result) => (result.source === "document" ? result.documentId : null)).filter(Boolean)).size;
  const announcement =
    settledQuery && data && !search.isPlaceholderData
      ? `${plural(data.results.length, "memory", "memories")} found in ${plural(chatCount, "chat", "chats")} and ${plural(documentCount, "document", "documents")}`
      : "";

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <PageHeader title="Memory" />
      <div className="min-h-0 flex-1 overflow-y-auto">
        <div className="mx-auto flex w-full max-w-3xl flex-col gap-6 px-4 py-6">
          <MemoryTabs current="search" />
          <form role="search" onSubmit={(event) => event.preventDefault()} className="flex flex-col gap-3">
            <label htmlFor={inputId} className="sr-only">
              Search your memory
            </label>
            <div className="flex items-center gap-2 rounded-xl border border-line bg-page px-3 shadow-sm focus-within:border-ring">
              <Search className="size-4 shrink-0 text-text-muted" aria-hidden />
              <input
                id={inputId}
                type="search"
                autoFocus
                value={query}
                maxLength={2000}
                onChange={(event) => setQuery(event.target.value)}
                placeholder="Search your messages and documents…"
                className="min-w-0 flex-1 bg-transparent py-2.5 text-base outline-none placeholder:text-text-muted md:text-sm"
              />
            </div>
            <div role="group" aria-label="Search in" className="flex flex-wrap gap-2">
              {sourceFilters.map((option) => (
                <button
                  key={option.label}
                  type="button"
                  aria-pressed={option === filter}
                  onClick={() => setFilter(option)}
                  className={cn(
                    "rounded-full border px-3 py-1 text-xs font-medium",
                    option === filter ? "border-text bg-text text-page" : "border-line text-text-muted hover:bg-raised",
                  )}
                >
                  {option.label}
                </button>
              ))}
            </div>
          </form>
          <p role="status" className="sr-only">
            {announcement}
          </p>
          {renderResults()}
        </div>
      </div>
    </div>
  );
}
