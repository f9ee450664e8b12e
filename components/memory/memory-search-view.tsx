"use client";

import { useEffect, useId, useState } from "react";
import { Search } from "lucide-react";
import { useMemorySearch } from "@/lib/client/use-memory-search";
import { PageHeader } from "@/components/page-header";
import { MemoryResultGroups } from "./memory-result-groups";
import { MemoryIntro, MemoryResultsSkeleton, MemorySearchError, NoMemories } from "./memory-search-states";

const pageResultLimit = 30;


const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** The `/memory` page: search past messages, results grouped by chat, the query kept in `?q=`. */
export function MemorySearchView({ initialQuery }: { initialQuery: string }) {
  const inputId = useId();
  const [query, setQuery] = useState(initialQuery);
  const search = useMemorySearch(query, pageResultLimit);
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

  const chatCount = new Set(data?.results.map((result) => result.chatId)).size;
  const announcement =
    settledQuery && data && !search.isPlaceholderData
      ? `${plural(data.results.length, "memory", "memories")} found in ${plural(chatCount, "chat", "chats")}`
      : "";

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <PageHeader title="Memory" />
      <div className="min-h-0 flex-1 overflow-y-auto">
        <div className="mx-auto flex w-full max-w-3xl flex-col gap-6 px-4 py-6">
          <form role="search" onSubmit={(event) => event.preventDefault()}>
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
                placeholder="Search your past messages…"
                className="min-w-0 flex-1 bg-transparent py-2.5 text-base outline-none placeholder:text-text-muted md:text-sm"
              />
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
