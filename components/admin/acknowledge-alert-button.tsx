"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { BellOff } from "lucide-react";
import type { AdminOverview } from "@/lib/admin/types";
import { acknowledgeAlert } from "@/lib/client/api";
import { formatDateTime } from "@/lib/client/format-date";
import { describeError } from "@/lib/client/http";
import { queryKeys } from "@/lib/client/query-keys";

type Alert = AdminOverview["recentAlerts"][number];

/** Acknowledges an alert, so its rule stays quiet until the condition clears; then says so. */
export function AcknowledgeAlertButton({ alert }: { alert: Alert }) {
  const queryClient = useQueryClient();
  const acknowledge = useMutation({
    mutationFn: () => acknowledgeAlert(alert.id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.anyAdminOverview }),
  });
  if (alert.acknowledgedAt) {
    return (
      <span className="text-xs text-text-muted">
        Acknowledged <time dateTime={alert.acknowledgedAt}>{formatDateTime(alert.acknowledgedAt)}</time>
        {alert.clearedAt ? " · cleared since" : " · quiet until it clears"}
      </span>
    );
  }
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <button
        type="button"
        onClick={() => acknowledge.mutate()}
        disabled={acknowledge.isPending}
        className="inline-flex items-center gap-1 rounded-md border border-line px-2 py-0.5 text-xs hover:bg-raised disabled:opacity-60"
      >
        <BellOff className="size-3.5" aria-hidden />
        {acknowledge.isPending ? "Acknowledging…" : "Acknowledge"}
      </button>
      {acknowledge.isError && (
        <span role="alert" className="text-xs text-danger">
          {describeError(acknowledge.error)}
        </span>
      )}
    </span>
  );
}
