"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { listDocuments } from "@/lib/client/api";
import { formatBytes } from "@/lib/client/format-bytes";
import { describeError } from "@/lib/client/http";
import { queryKeys } from "@/lib/client/query-keys";
import { SettingsSection } from "./settings-section";

/** What the plan lets a person keep in documents, and what they use of it. */
export function DocumentsSection() {
  const documents = useQuery({ queryKey: queryKeys.documents, queryFn: ({ signal }) => listDocuments(signal) });

  function renderBody() {
    if (documents.isPending) return <div aria-busy="true" aria-label="Loading document limits" className="h-24 animate-pulse rounded-xl bg-raised" />;
    if (documents.isError) {
      return (
        <div role="alert" className="flex flex-wrap items-center gap-3 text-sm">
          <p className="flex-1">Your document limits could not be loaded. {describeError(documents.error)}</p>
          <button type="button" onClick={() => documents.refetch()} className="rounded-lg border border-line px-3 py-1.5 text-sm font-medium hover:bg-raised">
            Try again
          </button>
        </div>
      );
    }
    const { limits, used } = documents.data;
    const rows: [string, string][] = [
      ["Storage", `${formatBytes(used.bytes)} of ${formatBytes(limits.totalBytes)}`],
      ["Documents", `${used.documents} of ${limits.documents}`],
      ["Largest file", formatBytes(limits.fileBytes)],
      ["Pages per PDF", String(limits.pages)],
      ["Word file, unpacked", formatBytes(limits.docxUnpackedBytes)],
    ];
    return (
      <dl data-testid="document-limits" className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
        {rows.map(([term, value]) => (
          <div key={term} className="contents">
            <dt className="text-text-muted">{term}</dt>
            <dd className="font-medium">{value}</dd>
          </div>
        ))}
      </dl>
    );
  }

  return (
    <SettingsSection title="Documents" description="Files in your memory, on your plan.">
      {renderBody()}
      <Link href="/memory?view=documents" className="self-start text-sm font-medium text-accent hover:underline">
        Manage documents
      </Link>
    </SettingsSection>
  );
}
