import type { Metadata } from "next";
import { MemorySearchView } from "@/components/memory/memory-search-view";

export const metadata: Metadata = { title: "Memory" };

export default async function MemoryPage({ searchParams }: { searchParams: Promise<{ q?: string | string[] }> }) {
  const { q } = await searchParams;
  const query = typeof q === "string" ? q : "";
  // Keyed by the query so following a link to another search starts from it.
  return <MemorySearchView key={query} initialQuery={query} />;
}
