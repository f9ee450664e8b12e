"use client";

import { useState } from "react";
import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link2Off } from "lucide-react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { CopyButton } from "@/components/ui/copy-button";
import { listShares, revokeShare } from "@/lib/client/api";
import { formatDateTime } from "@/lib/client/format-date";
import { describeError } from "@/lib/client/http";
import { queryKeys } from "@/lib/client/query-keys";
import type { ShareListItem } from "@/lib/share/types";

/** The person's shared links, each with its url to copy and a way to stop sharing it. */
export function SharedLinks() {
  const queryClient = useQueryClient();
  const shares = useQuery({ queryKey: queryKeys.shares, queryFn: ({ signal }) => listShares(signal) });
  const [revoking, setRevoking] = useState<ShareListItem | null>(null);
  const revoke = useMutation({
    mutationFn: (share: ShareListItem) => revokeShare(share.id),
    onSuccess: () => {
      setRevoking(null);
      void queryClient.invalidateQueries({ queryKey: queryKeys.shares });
    },
  });

  function renderList() {
    if (shares.isPending) {
      return (
        <div aria-busy="true" aria-label="Loading shared links" className="flex flex-col gap-2">
          <div className="h-10 animate-pulse rounded-lg bg-raised" />
          <div className="h-10 animate-pulse rounded-lg bg-raised" />
        </div>
      );
    }
    if (shares.isError) {
      return (
        <div role="alert" className="flex flex-wrap items-center gap-3 text-sm">
          <p className="flex-1">Your shared links could not be loaded. {describeError(shares.error)}</p>
          <button type="button" onClick={() => shares.refetch()} className="rounded-lg border border-line px-3 py-1.5 text-sm font-medium hover:bg-raised">
            Try again
          </button>
        </div>
      );
    }
    if (shares.data.shares.length === 0) {
      return <p className="text-sm text-text-muted">You have not shared any chats. Use Share in a chat&apos;s header to make a link.</p>;
    }
    return (
      <ul aria-label="Shared links" className="flex flex-col divide-y divide-line">
        {shares.data.shares.map((share) => (
          <li key={share.id} className="flex flex-col gap-2 py-2.5 sm:flex-row sm:items-center sm:gap-3">
            <div className="min-w-0 flex-1">
              <Link href={`/chat/${share.chatId}`} className="block truncate text-sm font-medium hover:underline">
                {share.chatTitle}
              </Link>
              <p className="text-xs text-text-muted">
                Shared <time dateTime={share.createdAt}>{formatDateTime(share.createdAt)}</time>
              </p>
            </div>
            <div className="-ml-2 flex items-center gap-1 sm:ml-0">
              <CopyButton label={`Copy link to ${share.chatTitle}`} getText={() => share.url} />
              <button
                type="button"
                onClick={() => {
                  revoke.reset();
                  setRevoking(share);
                }}
                className="inline-flex items-center gap-1.5 rounded-md px-2 py-1 text-xs text-danger hover:bg-danger-soft"
                aria-label={`Stop sharing ${share.chatTitle}`}
              >
                <Link2Off className="size-3.5" aria-hidden />
                <span aria-hidden>Stop sharing</span>
              </button>
            </div>
          </li>
        ))}
      </ul>
    );
  }

  return (
    <div id="shared-links" className="scroll-mt-6 rounded-xl border border-line p-4">
      <h3 className="text-sm font-medium">Shared links</h3>
      <p className="mb-3 text-xs text-text-muted">Anyone with one of these links can read a snapshot of that chat. Stop sharing and the link stops working at once.</p>
      {renderList()}
      <ConfirmDialog
        isOpen={revoking !== null}
        title="Stop sharing this chat?"
        description={`The link to “${revoking?.chatTitle ?? ""}” will stop working for everyone who has it. The chat itself stays.`}
        confirmLabel={revoke.isPending ? "Stopping…" : "Stop sharing"}
        isPending={revoke.isPending}
        error={revoke.isError ? describeError(revoke.error) : null}
        onConfirm={() => revoking && revoke.mutate(revoking)}
        onClose={() => setRevoking(null)}
      />
    </div>
  );
}
