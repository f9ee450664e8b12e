import type { Metadata } from "next";
import { DocumentsView } from "@/components/memory/documents-view";
import { MemorySearchView } from "@/components/memory/memory-search-view";

export const metadata: Metadata = { title: "Memory" };

export default async function MemoryPage({ searchParams }: { searchParams: Promise<{ q?: string | string[]; view?: string | string[] }> }) {
  const { q, view } = await searchParams;
  if (view === "documents") return <DocumentsView />;
  const query = typeof q === "string" ? q : "";
  // Keyed by the query so following a link to another search starts from it.
  return <MemorySearchView key={query} initialQuery={query} />;
}
