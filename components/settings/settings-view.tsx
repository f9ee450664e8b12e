"use client";

import { primaryButtonClass } from "@/components/ui/button-styles";
import { X } from "lucide-react";
import { IconButton } from "@/components/ui/icon-button";
import { PageHeader } from "@/components/page-header";
import { useSettingsStore } from "@/lib/client/settings-store";
import { useSettingsQuery, useUpdateSettings } from "@/lib/client/use-settings";
import { ApiKeysSection } from "./api-keys-section";
import { AppearanceSection } from "./appearance-section";
import { AssistantSection } from "./assistant-section";
import { DataSection } from "./data-section";
import { DocumentsSection } from "./documents-section";
import { SettingsSkeleton } from "./settings-skeleton";
import { UsageSection } from "./usage-section";
import { describeError } from "@/lib/client/http";

export function SettingsView({ email }: { email: string }) {
  const query = useSettingsQuery();
  const settings = useSettingsStore((state) => state.settings);
  const saveError = useSettingsStore((state) => state.saveError);
  const setSaveError = useSettingsStore((state) => state.setSaveError);
  const save = useUpdateSettings();

  function renderSettings() {
    if (settings) {
      return (
        <>
          <AssistantSection settings={settings} onSave={save.mutate} />
          <AppearanceSection theme={settings.theme} onSave={save.mutate} />
        </>
      );
    }
    if (query.isError) {
      return (
        <div role="alert" className="flex flex-col items-start gap-3 rounded-xl border border-line p-4">
          <p className="text-sm">Your settings could not be loaded. {describeError(query.error)}</p>
          <button
            type="button"
            onClick={() => query.refetch()}
            className={primaryButtonClass}
          >
            Try again
          </button>
        </div>
      );
    }
    return <SettingsSkeleton />;
  }

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <PageHeader title="Settings" />
      {/* relative: the visually hidden status and chart table stay inside the scroller, not below the page */}
      <div className="relative min-h-0 flex-1 overflow-y-auto">
        <div className="mx-auto flex w-full max-w-2xl flex-col gap-10 px-4 py-8">
          <p role="status" className="sr-only">
            {save.isPending ? "Saving…" : save.isSuccess ? "Saved" : ""}
          </p>
          {saveError && (
            <div role="alert" className="flex items-start gap-3 rounded-xl bg-danger-soft px-4 py-3 text-sm text-danger">
              <p className="flex-1">{saveError}</p>
              <IconButton label="Dismiss" onClick={() => setSaveError(null)} className="size-6 text-danger hover:text-danger">
                <X className="size-4" aria-hidden />
              </IconButton>
            </div>
          )}
          {renderSettings()}
          <UsageSection />
          <DocumentsSection />
          <ApiKeysSection />
          <DataSection email={email} />
        </div>
      </div>
    </div>
  );
}

