import { Star, ThumbsDown, ThumbsUp } from "lucide-react";
import type { AdminFeedback, AdminOverview } from "@/lib/admin/types";
import { cn } from "@/lib/client/cn";
import { formatDateTime } from "@/lib/client/format-date";
import { AcknowledgeAlertButton } from "./acknowledge-alert-button";
import { EmptyState } from "./admin-section";

type Alert = AdminOverview["recentAlerts"][number];

const severityClass: Record<Alert["severity"], string> = {
  info: "bg-raised text-text-muted",
  warning: "bg-amber-50 text-amber-800 dark:bg-amber-950 dark:text-amber-300",
  critical: "bg-danger-soft text-danger",
};

export function AlertList({ alerts }: { alerts: Alert[] }) {
  if (alerts.length === 0) return <EmptyState>No alerts yet.</EmptyState>;
  return (
    <ul className="divide-y divide-line rounded-xl border border-line" data-testid="alert-list">
      {alerts.map((alert) => (
        <li key={alert.id} className="flex flex-col gap-1 px-3 py-2.5">
          <div className="flex flex-wrap items-center gap-2 text-xs">
            <span className={cn("rounded-full px-2 py-0.5 font-medium capitalize", severityClass[alert.severity])}>{alert.severity}</span>
            <span className="font-mono">{alert.rule}</span>
            <span className="text-text-muted">
              <time dateTime={alert.firedAt}>{formatDateTime(alert.firedAt)}</time> · {alert.delivery}
            </span>
          </div>
          <p className="text-sm break-words">{alert.summary}</p>
          <div>
            <AcknowledgeAlertButton alert={alert} />
          </div>
        </li>
      ))}
    </ul>
  );
}

/** A rating's stars or a vote's thumb, as the overview and the inbox show it. */
export function FeedbackScore({ item }: { item: Pick<AdminFeedback, "kind" | "rating" | "vote"> }) {
  if (item.kind === "vote") {
    const Icon = item.vote === "down" ? ThumbsDown : ThumbsUp;
    return (
      <span className="inline-flex items-center gap-1">
        <Icon className="size-3.5" aria-hidden />
        {item.vote === "down" ? "Bad reply" : "Good reply"}
      </span>
    );
  }
  return (
    <span className="inline-flex items-center gap-1">
      <Star className="size-3.5 fill-current" aria-hidden />
      <span aria-hidden>{item.rating}/5</span>
      <span className="sr-only">{item.rating} of 5 stars</span>
    </span>
  );
}

export function FeedbackList({ feedback }: { feedback: AdminFeedback[] }) {
  if (feedback.length === 0) return <EmptyState>No feedback yet.</EmptyState>;
  return (
    <ul className="divide-y divide-line rounded-xl border border-line" data-testid="feedback-list">
      {feedback.map((item) => (
        // Relative, so the screen-reader-only text stays inside the scrolling page, not below the document.
        <li key={item.id} className="relative flex flex-col gap-1 px-3 py-2.5">
          <div className="flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-text-muted">
            <span className="font-medium text-text">
              <FeedbackScore item={item} />
            </span>
            <span className="min-w-0 truncate" title={item.userId}>{item.email}</span>
            {item.page && <span className="font-mono">{item.page}</span>}
            <time dateTime={item.createdAt}>{formatDateTime(item.createdAt)}</time>
          </div>
          {item.comment ? <p className="text-sm break-words whitespace-pre-line">{item.comment}</p> : <p className="text-sm text-text-muted">No comment</p>}
        </li>
      ))}
    </ul>
  );
}
