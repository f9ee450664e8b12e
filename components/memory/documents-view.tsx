"use client";

import { useRef, useState, type DragEvent } from "react";
import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { AlertCircle, Download, FileText, RotateCcw, Trash2, Upload } from "lucide-react";
import { PageHeader } from "@/components/page-header";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { primaryButtonClass } from "@/components/ui/button-styles";
import { ProgressBar } from "@/components/ui/progress-bar";
import { deleteDocument, documentFilePath, listDocuments, retryDocument, uploadDocument } from "@/lib/client/api";
import { cn } from "@/lib/client/cn";
import { formatBytes } from "@/lib/client/format-bytes";
import { formatDay } from "@/lib/client/format-date";
import { describeError } from "@/lib/client/http";
import { documentLink } from "@/lib/client/message-link";
import { queryKeys } from "@/lib/client/query-keys";
import { acceptedDocumentFiles, type DocumentInfo } from "@/lib/documents/types";
import { MemoryTabs } from "./memory-tabs";


const isIndexing = (document: DocumentInfo) => document.uploadedAt !== null && (document.status === "queued" || document.status === "indexing");
/** A signed upload whose bytes have not been checked: sent from some tab now, or abandoned (removed after two hours). */
const isAwaitingFile = (document: DocumentInfo) => document.uploadedAt === null;

const statusLabels: Record<DocumentInfo["status"], string> = { queued: "Waiting to index", indexing: "Indexing", ready: "Ready", error: "Failed" };

interface UploadFailure {
  name: string;
  message: string;
}

/** The Documents view of /memory: upload (button or drop), the list with each file's state, retry and delete. */
export function DocumentsView() {
  const queryClient = useQueryClient();
  const fileInput = useRef<HTMLInputElement>(null);
  const [isDragging, setDragging] = useState(false);
  const [failures, setFailures] = useState<UploadFailure[]>([]);
  const [deleting, setDeleting] = useState<DocumentInfo | null>(null);

  const documents = useQuery({
    queryKey: queryKeys.documents,
    queryFn: ({ signal }) => listDocuments(signal),
    // While any file is being indexed its progress is read again every second.
    refetchInterval: (query) => (query.state.data?.documents.some(isIndexing) ? 1000 : false),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: queryKeys.documents });

  const upload = useMutation({
    mutationFn: async (files: File[]) => {
      const failed: UploadFailure[] = [];
      for (const file of files) {
        try {
          await uploadDocument(file);
        } catch (error) {
          failed.push({ name: file.name, message: describeError(error) });
        }
        await refresh();
      }
      return failed;
    },
    onMutate: () => setFailures([]),
    onSuccess: (failed) => setFailures(failed),
  });
  const retry = useMutation({ mutationFn: (document: DocumentInfo) => retryDocument(document.id), onSettled: refresh });
  const remove = useMutation({
    mutationFn: (document: DocumentInfo) => deleteDocument(document.id),
    onSuccess: () => {
      setDeleting(null);
      void refresh();
    },
  });

  const start = (files: FileList | null) => {
    if (files && files.length > 0) upload.mutate([...files]);
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    start(event.dataTransfer.files);
  };

  function renderList() {
    if (documents.isPending) {
      return (
        <div aria-busy="true" aria-label="Loading documents" className="flex flex-col gap-2">
          {[0, 1, 2].map((index) => (
            <div key={index} className="h-16 animate-pulse rounded-xl bg-raised" />
          ))}
        </div>
      );
    }
    if (documents.isError) {
      return (
        <div role="alert" className="flex flex-col items-start gap-3 rounded-xl bg-danger-soft p-4 text-sm text-danger">
          <p>Your documents could not be loaded. {describeError(documents.error)}</p>
          <button type="button" onClick={() => documents.refetch()} className={primaryButtonClass}>
            Try again
          </button>
        </div>
      );
    }
    if (documents.data.documents.length === 0) {
      return (
        <div className="flex flex-col items-center gap-3 px-2 py-10 text-center">
          <FileText className="size-8 text-text-muted" aria-hidden />
          <h2 className="text-lg font-semibold">No documents yet</h2>
          <p className="max-w-md text-sm text-text-muted">
            Add notes, papers or manuals, and Mneme finds their passages when you search your memory, beside what you talked about.
          </p>
        </div>
      );
    }
    return (
      <ul aria-label="Documents" className="flex flex-col gap-2">
        {documents.data.documents.map((document) => (
          <DocumentItem
            key={document.id}
            document={document}
            isRetrying={retry.isPending && retry.variables?.id === document.id}
            onRetry={() => retry.mutate(document)}
            onDelete={() => {
              remove.reset();
              setDeleting(document);
            }}
          />
        ))}
      </ul>
    );
  }

  const allowance = documents.data;

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <PageHeader title="Memory" />
      <div
        className="min-h-0 flex-1 overflow-y-auto"
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={(event) => {
          if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
        }}
        onDrop={onDrop}
      >
        <div className="mx-auto flex w-full max-w-3xl flex-col gap-6 px-4 py-6">
          <MemoryTabs current="documents" />
          <div
            data-testid="document-drop-zone"
            className={cn(
              "flex flex-col items-center gap-3 rounded-2xl border-2 border-dashed border-line px-4 py-6 text-center transition-colors",
              isDragging && "border-accent bg-raised",
            )}
          >
            <Upload className="size-6 text-text-muted" aria-hidden />
            <p className="text-sm">
              Drop files here, or{" "}
              <button type="button" onClick={() => fileInput.current?.click()} disabled={upload.isPending} className="font-medium text-accent underline-offset-2 hover:underline disabled:opacity-60">
                choose files
              </button>
            </p>
            <p className="text-xs text-text-muted">
              PDF, Word (.docx), Markdown or text
              {allowance ? `, up to ${formatBytes(allowance.limits.fileBytes)} and ${allowance.limits.pages} pages each` : ""}.
            </p>
            {allowance && (
              <p className="text-xs text-text-muted" data-testid="document-allowance">
                {formatBytes(allowance.used.bytes)} of {formatBytes(allowance.limits.totalBytes)} used · {allowance.used.documents} of {allowance.limits.documents} documents
              </p>
            )}
            <input
              ref={fileInput}
              type="file"
              multiple
              accept={acceptedDocumentFiles}
              aria-label="Upload documents"
              className="sr-only"
              tabIndex={-1}
              onChange={(event) => {
                start(event.target.files);
                event.target.value = "";
              }}
            />
          </div>
          <p role="status" className="sr-only">
            {upload.isPending ? "Uploading…" : ""}
          </p>
          {upload.isPending && <p className="text-sm text-text-muted">Uploading…</p>}
          {failures.length > 0 && (
            <div role="alert" data-testid="upload-failures" className="flex flex-col gap-1 rounded-xl bg-danger-soft p-4 text-sm text-danger">
              {failures.map((failure, index) => (
                <p key={`${failure.name}-${index}`}>
                  <span className="font-medium">{failure.name}</span>: {failure.message}
                </p>
              ))}
            </div>
          )}
          {renderList()}
        </div>
      </div>
      <ConfirmDialog
        isOpen={deleting !== null}
        title="Delete this document?"
        description={`“${deleting?.name ?? ""}” and its passages leave your memory for good.`}
        confirmLabel="Delete"
        isPending={remove.isPending}
        error={remove.isError ? describeError(remove.error) : null}
        onConfirm={() => deleting && remove.mutate(deleting)}
        onClose={() => setDeleting(null)}
      />
    </div>
  );
}

function DocumentItem({ document, isRetrying, onRetry, onDelete }: { document: DocumentInfo; isRetrying: boolean; onRetry: () => void; onDelete: () => void }) {
  const details = [formatBytes(document.bytes), document.pages === null ? null : `${document.pages} ${document.pages === 1 ? "page" : "pages"}`].filter(Boolean).join(" · ");
  return (
    <li data-testid="document-item" className="flex flex-col gap-2 rounded-xl border border-line px-4 py-3">
      <div className="flex min-w-0 items-start gap-3">
        <FileText className="mt-0.5 size-4 shrink-0 text-text-muted" aria-hidden />
        <div className="min-w-0 flex-1">
          <p className="truncate text-sm font-medium">
            {document.status === "ready" ? (
              <Link href={documentLink(document.id)} className="hover:underline">
                {document.name}
              </Link>
            ) : (
              document.name
            )}
          </p>
          <p className="text-xs text-text-muted">
            {details} · Added <time dateTime={document.createdAt}>{formatDay(document.createdAt)}</time> ·{" "}
            <span data-testid="document-status" className={cn(document.status === "error" && "text-danger", document.status === "ready" && "text-text")}>
              {isAwaitingFile(document) ? "Uploading" : statusLabels[document.status]}
            </span>
          </p>
        </div>
        <div className="-mr-2 flex shrink-0 items-center">
          {!isAwaitingFile(document) && (
            <a href={documentFilePath(document.id)} download aria-label={`Download ${document.name}`} className="rounded-md p-2 text-text-muted hover:bg-raised hover:text-text">
              <Download className="size-4" aria-hidden />
            </a>
          )}
          <button type="button" onClick={onDelete} aria-label={`Delete ${document.name}`} className="rounded-md p-2 text-danger hover:bg-danger-soft">
            <Trash2 className="size-4" aria-hidden />
          </button>
        </div>
      </div>
      {isIndexing(document) && (
        <ProgressBar label={`Indexing ${document.name}`} value={document.progress} className="h-1.5 bg-raised" />
      )}
      {document.status === "error" && (
        <div className="flex flex-wrap items-center gap-2 text-sm text-danger">
          <AlertCircle className="size-4 shrink-0" aria-hidden />
          <p className="min-w-0 flex-1">{document.error ?? "Indexing failed."}</p>
          <button
            type="button"
            onClick={onRetry}
            disabled={isRetrying}
            className="inline-flex items-center gap-1.5 rounded-lg border border-line px-3 py-1.5 text-xs font-medium text-text hover:bg-raised disabled:opacity-60"
          >
            <RotateCcw className="size-3.5" aria-hidden />
            Retry
          </button>
        </div>
      )}
    </li>
  );
}
