import { AlertCircle, FileText, X } from "lucide-react";
import type { Attachment } from "@/lib/client/use-attachments";
import { ProgressBar } from "@/components/ui/progress-bar";
import { cn } from "@/lib/client/cn";

const statusText: Record<Attachment["status"], string> = {
  uploading: "Uploading…",
  queued: "Waiting to be read…",
  indexing: "Reading…",
  ready: "Ready",
  error: "Failed",
};

/** The files attached to the message being written, each with how far it is read, and a way to take it off. */
export function AttachmentChips({ items, onRemove }: { items: Attachment[]; onRemove: (key: string) => void }) {
  return (
    <ul aria-label="Attached files" className="flex flex-wrap gap-2 px-1 pb-1">
      {items.map((item) => (
        <li
          key={item.key}
          data-testid="attachment"
          data-status={item.status}
          className={cn(
            "flex max-w-full min-w-0 items-center gap-2 rounded-xl border border-line bg-raised py-1.5 pr-1 pl-2.5 text-xs",
            item.status === "error" && "border-danger/40 bg-danger-soft text-danger",
          )}
        >
          {item.status === "error" ? <AlertCircle className="size-4 shrink-0" aria-hidden /> : <FileText className="size-4 shrink-0 text-text-muted" aria-hidden />}
          <div className="flex min-w-0 flex-col gap-1">
            <span className="truncate font-medium">{item.name}</span>
            {item.status === "indexing" ? (
              <ProgressBar label={`Reading ${item.name}`} value={item.progress} className="h-1 w-28 bg-line" />
            ) : (
              <span className={cn("[overflow-wrap:anywhere]", item.status !== "error" && "text-text-muted")}>{item.error ?? statusText[item.status]}</span>
            )}
          </div>
          <button
            type="button"
            onClick={() => onRemove(item.key)}
            aria-label={`Remove ${item.name}`}
            className="shrink-0 rounded-md p-1 text-text-muted hover:bg-page hover:text-text"
          >
            <X className="size-3.5" aria-hidden />
          </button>
        </li>
      ))}
    </ul>
  );
}
