"use client";

import { useState } from "react";
import { Download, Trash2 } from "lucide-react";
import { accountExportPath } from "@/lib/client/api";
import { DeleteAccountDialog } from "./delete-account-dialog";
import { SettingsSection } from "./settings-section";
import { SharedLinks } from "./shared-links";

export function DataSection({ email }: { email: string }) {
  const [isDeleting, setIsDeleting] = useState(false);
  return (
    <SettingsSection title="Data">
      <div className="flex flex-col gap-3 rounded-xl border border-line p-4 sm:flex-row sm:items-center sm:justify-between">
        <div>
          <h3 className="text-sm font-medium">Export</h3>
          <p className="text-xs text-text-muted">One JSON file with your profile, settings, chats, messages, feedback and shared links.</p>
        </div>
        <a
          href={accountExportPath}
          download
          className="inline-flex shrink-0 items-center justify-center gap-2 rounded-lg border border-line px-3 py-2 text-sm font-medium hover:bg-raised"
        >
          <Download className="size-4" aria-hidden />
          Download my data
        </a>
      </div>
      <SharedLinks />
      <div className="flex flex-col gap-3 rounded-xl border border-danger/40 p-4 sm:flex-row sm:items-center sm:justify-between">
        <div>
          <h3 className="text-sm font-medium">Delete account</h3>
          <p className="text-xs text-text-muted">Removes your account and everything in it, for good.</p>
        </div>
        <button
          type="button"
          onClick={() => setIsDeleting(true)}
          className="inline-flex shrink-0 items-center justify-center gap-2 rounded-lg bg-danger-solid px-3 py-2 text-sm font-medium text-white hover:opacity-90"
        >
          <Trash2 className="size-4" aria-hidden />
          Delete account…
        </button>
      </div>
      <DeleteAccountDialog email={email} isOpen={isDeleting} onClose={() => setIsDeleting(false)} />
    </SettingsSection>
  );
}
