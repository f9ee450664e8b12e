import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { MemorySource } from "@/lib/memory/types";
import { searchMemory } from "./api";
import { queryKeys } from "./query-keys";
import { useDebouncedValue } from "./use-debounced-value";

const typingPauseMs = 250;

/**
 * Searches the person's memory for what they are typing, once they pause. The last results stay
 * on screen while the next ones load, and a blank query searches nothing.
 */
export function useMemorySearch(query: string, limit: number, sources: readonly MemorySource[] = ["message"]) {
  const settledQuery = useDebouncedValue(query.trim(), typingPauseMs);
  const search = useQuery({
    queryKey: queryKeys.memorySearch(settledQuery, limit, sources),
    queryFn: ({ signal }) => searchMemory(settledQuery, limit, sources, signal),
    enabled: settledQuery !== "",
    placeholderData: keepPreviousData,
    // New messages become searchable within a second or two of being sent.
    staleTime: 0,
  });
  return { ...search, settledQuery, isTyping: query.trim() !== settledQuery };
}
