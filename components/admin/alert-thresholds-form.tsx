"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { primaryButtonClass } from "@/components/ui/button-styles";
import type { AlertThresholdName, AlertThresholdSetting } from "@/lib/alerts/threshold-types";
import { getAlertThresholds, updateAlertThresholds } from "@/lib/client/api";
import { formatDateTime } from "@/lib/client/format-date";
import { describeError } from "@/lib/client/http";
import { LoadError } from "./admin-section";
import { queryKeys } from "@/lib/client/query-keys";

function ThresholdField({ setting, value, onChange }: { setting: AlertThresholdSetting; value: string; onChange: (value: string) => void }) {
  const hintId = `threshold-${setting.name}-hint`;
  return (
    <div className="flex min-w-0 flex-col gap-1">
      <label htmlFor={`threshold-${setting.name}`} className="text-xs text-text-muted">
        {setting.label} ({setting.unit})
      </label>
      <input
        id={`threshold-${setting.name}`}
        name={setting.name}
        type="number"
        inputMode="decimal"
        required
        min={setting.min}
        max={setting.max}
        step={setting.integer ? 1 : "any"}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-describedby={hintId}
        className="rounded-lg border border-line bg-page px-2.5 py-1.5 text-sm text-text tabular-nums"
      />
      <p id={hintId} className="text-xs text-text-muted">
        {setting.updatedAt
          ? `Set ${formatDateTime(setting.updatedAt)}; default ${setting.defaultValue}${setting.envName ? ` (${setting.envName})` : ""}`
          : `Default${setting.envName ? ` from ${setting.envName}` : ""}`}
      </p>
    </div>
  );
}

function Editor({ settings }: { settings: AlertThresholdSetting[] }) {
  const queryClient = useQueryClient();
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(settings.map((setting) => [setting.name, String(setting.value)])));
  const save = useMutation({
    mutationFn: updateAlertThresholds,
    onSuccess: (answer) => {
      queryClient.setQueryData(queryKeys.alertThresholds, answer);
      setValues(Object.fromEntries(answer.thresholds.map((setting) => [setting.name, String(setting.value)])));
    },
  });
  const changed = settings.filter((setting) => Number(values[setting.name]) !== setting.value);
  const customised = settings.filter((setting) => setting.updatedAt !== null);

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate(Object.fromEntries(changed.map((setting) => [setting.name, Number(values[setting.name])])) as Partial<Record<AlertThresholdName, number>>);
  }

  return (
    <form onSubmit={submit} aria-label="Alert thresholds" className="flex flex-col gap-4 rounded-xl border border-line p-4">
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {settings.map((setting) => (
          <ThresholdField key={setting.name} setting={setting} value={values[setting.name] ?? ""} onChange={(value) => setValues({ ...values, [setting.name]: value })} />
        ))}
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" disabled={changed.length === 0 || save.isPending} className={`${primaryButtonClass} disabled:opacity-50`}>
          {save.isPending ? "Saving…" : "Save thresholds"}
        </button>
        <button
          type="button"
          disabled={customised.length === 0 || save.isPending}
          onClick={() => save.mutate(Object.fromEntries(customised.map((setting) => [setting.name, null])) as Partial<Record<AlertThresholdName, null>>)}
          className="rounded-lg px-3 py-2 text-sm text-text-muted hover:bg-raised hover:text-text disabled:opacity-50"
        >
          Reset to defaults
        </button>
        <p role="status" className="text-sm">
          {save.isError ? <span className="text-danger">{describeError(save.error)}</span> : save.isSuccess ? "Saved. The next evaluation uses them." : ""}
        </p>
      </div>
    </form>
  );
}

/** The thresholds the alert rules use, editable; the environment gives the defaults. */
export function AlertThresholdsForm() {
  const thresholds = useQuery({ queryKey: queryKeys.alertThresholds, queryFn: ({ signal }) => getAlertThresholds(signal) });
  if (thresholds.isError) {
    return (
      <LoadError what="The thresholds" error={thresholds.error} onRetry={() => void thresholds.refetch()} />
    );
  }
  if (!thresholds.data) return <div role="status" aria-busy="true" aria-label="Loading the thresholds" className="h-40 animate-pulse rounded-xl bg-raised" />;
  return <Editor settings={thresholds.data.thresholds} />;
}
