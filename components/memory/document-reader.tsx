"use client";

import { useEffect, useRef } from "react";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useQuery } from "@tanstack/react-query";
import { ArrowLeft, Download, FileText } from "lucide-react";
import { PageHeader } from "@/components/page-header";
import { primaryButtonClass } from "@/components/ui/button-styles";
import { documentFilePath, getDocumentPassages } from "@/lib/client/api";
import { cn } from "@/lib/client/cn";
import { formatBytes } from "@/lib/client/format-bytes";
import { formatDay } from "@/lib/client/format-date";
import { ApiError, describeError } from "@/lib/client/http";
import { linkedPassageParam, passagePlace } from "@/lib/client/message-link";
import { queryKeys } from "@/lib/client/query-keys";
import type { DocumentPassage } from "@/lib/documents/types";

/** Consecutive passages of one page (or one section), read under one heading. */
function byPlace(passages: DocumentPassage[]): { place: string; passages: DocumentPassage[] }[] {
  const groups: { place: string; passages: DocumentPassage[] }[] = [];
  for (const passage of passages) {
    const place = passagePlace(passage);
    const last = groups.at(-1);
    if (last?.place === place) last.passages.push(passage);
    else groups.push({ place, passages: [passage] });
  }
  return groups;
}

const backLink = (
  <Link href="/memory?view=documents" className="inline-flex items-center gap-1.5 text-sm text-text-muted hover:text-text">
    <ArrowLeft className="size-4" aria-hidden />
    Documents
  </Link>
);

/**
 * One document as Mneme read it: its passages in order, under their page or section, with the one a
 * source or a search result names (`?passage=N`) scrolled to and ringed.
 */
export function DocumentReader({ documentId }: { documentId: string }) {
  const requested = Number(useSearchParams().get(linkedPassageParam) ?? Number.NaN);
  const target = Number.isInteger(requested) ? requested : null;
  const targetRef = useRef<HTMLLIElement>(null);
  const reading = useQuery({
    queryKey: queryKeys.documentPassages(documentId),
    queryFn: ({ signal }) => getDocumentPassages(documentId, signal),
  });

  const hasTarget = reading.data?.passages.some((passage) => passage.passage === target) ?? false;
  useEffect(() => {
    if (!hasTarget) return;
    targetRef.current?.scrollIntoView({ block: "center" });
    targetRef.current?.focus({ preventScroll: true });
  }, [hasTarget]);

  function renderBody() {
    if (reading.isPending) {
      return (
        <div aria-busy="true" aria-label="Loading the document" className="flex flex-col gap-3">
          <div className="h-7 w-2/3 animate-pulse rounded-lg bg-raised" />
          {[0, 1, 2].map((index) => (
            <div key={index} className="h-24 animate-pulse rounded-xl bg-raised" />
          ))}
        </div>
      );
    }
    if (reading.isError) {
      const isMissing = reading.error instanceof ApiError && reading.error.status === 404;
      return (
        <div role="alert" className="flex flex-col items-start gap-3 rounded-xl bg-danger-soft p-4 text-sm text-danger">
          <p>{isMissing ? "This document is not in your memory: it may have been deleted, or the link is wrong." : `The document could not be loaded. ${describeError(reading.error)}`}</p>
          {!isMissing && (
            <button type="button" onClick={() => reading.refetch()} className={primaryButtonClass}>
              Try again
            </button>
          )}
        </div>
      );
    }
    const { document, passages } = reading.data;
    return (
      <>
        <div className="flex flex-col gap-2">
          <h2 className="flex min-w-0 items-center gap-2 text-lg font-semibold">
            <FileText className="size-5 shrink-0 text-text-muted" aria-hidden />
            <span className="truncate">{document.name}</span>
          </h2>
          <p className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-text-muted">
            <span>{formatBytes(document.bytes)}</span>
            {document.pages !== null && <span>{document.pages === 1 ? "1 page" : `${document.pages} pages`}</span>}
            <span>
              Added <time dateTime={document.createdAt}>{formatDay(document.createdAt)}</time>
            </span>
            <a href={documentFilePath(document.id)} download className="inline-flex items-center gap-1 font-medium text-accent hover:underline">
              <Download className="size-4" aria-hidden />
              Download
            </a>
          </p>
        </div>
        {passages.length === 0 ? (
          <p className="rounded-xl border border-line px-4 py-6 text-center text-sm text-text-muted">
            {document.status === "error"
              ? `Mneme could not read this file: ${document.error ?? "indexing failed"}. Retry it from Documents.`
              : document.status === "ready"
                ? "This file has no text Mneme could read."
                : "Mneme is still reading this file; its passages appear here once it is indexed."}
          </p>
        ) : (
          byPlace(passages).map((group) => (
            <section key={`${group.place}-${group.passages[0]!.passage}`} className="flex flex-col gap-2">
              <h3 className="text-xs font-semibold tracking-wide text-text-muted uppercase">{group.place}</h3>
              <ol className="flex flex-col gap-2">
                {group.passages.map((passage) => {
                  const isTarget = passage.passage === target;
                  return (
                    <li
                      key={passage.passage}
                      ref={isTarget ? targetRef : undefined}
                      tabIndex={isTarget ? -1 : undefined}
                      data-passage={passage.passage}
                      aria-current={isTarget ? "location" : undefined}
                      className={cn(
                        "scroll-my-6 rounded-xl border border-line px-4 py-3 text-sm leading-relaxed whitespace-pre-wrap outline-none [overflow-wrap:anywhere]",
                        isTarget && "border-accent bg-raised ring-2 ring-ring ring-offset-2 ring-offset-page",
                      )}
                    >
                      {passage.content}
                    </li>
                  );
                })}
              </ol>
            </section>
          ))
        )}
      </>
    );
  }

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <PageHeader title="Memory" />
      <div className="min-h-0 flex-1 overflow-y-auto">
        <div className="mx-auto flex w-full max-w-3xl flex-col gap-6 px-4 py-6">
          {backLink}
          {renderBody()}
        </div>
      </div>
    </div>
  );
}
