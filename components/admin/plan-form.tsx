"use client";

import { useId, useState, type FormEvent } from "react";
import { primaryButtonClass } from "@/components/ui/button-styles";
import type { Plan } from "@/lib/admin/management-types";
import type { PlanFields } from "@/lib/client/api";
import { useModalDialog } from "@/lib/client/use-modal-dialog";

const inputClass = "w-full rounded-lg border border-line bg-page px-3 py-2 text-sm outline-none focus:border-ring";

interface Draft {
  id: string;
  name: string;
  apiRequestsPerMinute: string;
  chatRequestsPerMinute: string;
  monthlyRequests: string;
  monthlyBudgetUsd: string;
  allModels: boolean;
  models: string[];
  documentStorageMb: string;
  documentCount: string;
}

const bytesPerMb = 1024 * 1024;

const draftOf = (plan: Plan | null): Draft => ({
  id: plan?.id ?? "",
  name: plan?.name ?? "",
  apiRequestsPerMinute: String(plan?.apiRequestsPerMinute ?? 60),
  chatRequestsPerMinute: String(plan?.chatRequestsPerMinute ?? 10),
  monthlyRequests: plan?.monthlyRequests === null || plan?.monthlyRequests === undefined ? "" : String(plan.monthlyRequests),
  monthlyBudgetUsd: plan?.monthlyBudgetUsd === null || plan?.monthlyBudgetUsd === undefined ? "" : String(plan.monthlyBudgetUsd),
  allModels: !plan || plan.models === null,
  models: plan?.models ?? [],
  // A new plan starts with the free plan's seed (lib/usage/limits.ts): 50 MB, 50 documents.
  documentStorageMb: String(plan ? Math.round((plan.documentStorageBytes / bytesPerMb) * 100) / 100 : 50),
  documentCount: String(plan?.documentCount ?? 50),
});

/** Creates a plan (`plan` null) or edits one, in a modal; the server's refusal shows in it. */
export function PlanFormDialog({
  plan,
  isOpen,
  models,
  isPending,
  error,
  onSubmit,
  onClose,
}: {
  plan: Plan | null;
  isOpen: boolean;
  models: string[];
  isPending: boolean;
  error: string | null;
  onSubmit: (fields: PlanFields & { id: string }) => void;
  onClose: () => void;
}) {
  const dialogRef = useModalDialog(isOpen);
  const titleId = useId();
  const [draft, setDraft] = useState<Draft>(() => draftOf(plan));
  const set = (change: Partial<Draft>) => setDraft((current) => ({ ...current, ...change }));
  const choices = [...new Set([...models, ...draft.models])];

  function submit(event: FormEvent) {
    event.preventDefault();
    onSubmit({
      id: draft.id.trim(),
      name: draft.name.trim(),
      apiRequestsPerMinute: Number(draft.apiRequestsPerMinute),
      chatRequestsPerMinute: Number(draft.chatRequestsPerMinute),
      monthlyRequests: draft.monthlyRequests.trim() === "" ? null : Number(draft.monthlyRequests),
      monthlyBudgetUsd: draft.monthlyBudgetUsd.trim() === "" ? null : Number(draft.monthlyBudgetUsd),
      models: draft.allModels ? null : draft.models,
      documentStorageBytes: Math.round(Number(draft.documentStorageMb) * bytesPerMb),
      documentCount: Number(draft.documentCount),
    });
  }

  return (
    <dialog
      ref={dialogRef}
      onClose={onClose}
      aria-labelledby={titleId}
      className="m-auto max-h-[calc(100%-2rem)] w-[calc(100%-2rem)] max-w-lg overflow-y-auto rounded-2xl border border-line bg-page p-6 text-text shadow-xl backdrop:bg-black/50"
    >
      <form onSubmit={submit} className="flex flex-col gap-4">
        <h2 id={titleId} className="text-lg font-semibold">{plan ? `Edit ${plan.name}` : "New plan"}</h2>
        <div className="grid gap-3 sm:grid-cols-2">
          <label className="flex flex-col gap-1 text-sm">
            Id
            <input
              required
              value={draft.id}
              disabled={plan !== null}
              pattern="[a-z0-9][a-z0-9\-]{0,39}"
              title="Lower-case letters, digits and dashes"
              onChange={(event) => set({ id: event.target.value })}
              className={`${inputClass} font-mono disabled:opacity-60`}
            />
          </label>
          <label className="flex flex-col gap-1 text-sm">
            Name
            <input required maxLength={100} value={draft.name} onChange={(event) => set({ name: event.target.value })} className={inputClass} />
          </label>
          <label className="flex flex-col gap-1 text-sm">
            API requests a minute
            <input required type="number" min={1} max={1000000} step={1} value={draft.apiRequestsPerMinute} onChange={(event) => set({ apiRequestsPerMinute: event.target.value })} className={inputClass} />
          </label>
          <label className="flex flex-col gap-1 text-sm">
            Chat messages a minute
            <input required type="number" min={1} max={1000000} step={1} value={draft.chatRequestsPerMinute} onChange={(event) => set({ chatRequestsPerMinute: event.target.value })} className={inputClass} />
          </label>
          <label className="flex flex-col gap-1 text-sm">
            Chat messages a month
            <input type="number" min={0} max={100000000} step={1} placeholder="No limit" value={draft.monthlyRequests} onChange={(event) => set({ monthlyRequests: event.target.value })} className={inputClass} />
          </label>
          <label className="flex flex-col gap-1 text-sm">
            Budget a month (USD)
            <input type="number" min={0} max={1000000} step={0.01} placeholder="No limit" value={draft.monthlyBudgetUsd} onChange={(event) => set({ monthlyBudgetUsd: event.target.value })} className={inputClass} />
          </label>
          <label className="flex flex-col gap-1 text-sm">
            Document storage (MB)
            <input required type="number" min={0} max={1048576} step={0.01} value={draft.documentStorageMb} onChange={(event) => set({ documentStorageMb: event.target.value })} className={inputClass} />
          </label>
          <label className="flex flex-col gap-1 text-sm">
            Documents
            <input required type="number" min={0} max={1000000} step={1} value={draft.documentCount} onChange={(event) => set({ documentCount: event.target.value })} className={inputClass} />
          </label>
        </div>
        <fieldset className="flex flex-col gap-2 text-sm">
          <legend className="mb-1 font-medium">Models</legend>
          <label className="flex items-center gap-2">
            <input type="checkbox" checked={draft.allModels} onChange={(event) => set({ allModels: event.target.checked })} />
            Every model
          </label>
          {!draft.allModels && (
            <div className="flex flex-col gap-1.5 pl-6">
              {choices.map((model) => (
                <label key={model} className="flex items-center gap-2 font-mono text-xs">
                  <input
                    type="checkbox"
                    checked={draft.models.includes(model)}
                    onChange={(event) => set({ models: event.target.checked ? [...draft.models, model] : draft.models.filter((chosen) => chosen !== model) })}
                  />
                  {model}
                </label>
              ))}
              {draft.models.length === 0 && <p className="text-xs text-text-muted">No model chosen: every chat on this plan will be refused.</p>}
            </div>
          )}
        </fieldset>
        {error && <p role="alert" className="text-sm text-danger">{error}</p>}
        <div className="flex justify-end gap-2">
          <button type="button" onClick={onClose} className="rounded-lg border border-line px-4 py-2 text-sm font-medium hover:bg-raised">
            Cancel
          </button>
          <button type="submit" disabled={isPending} className={`${primaryButtonClass} disabled:opacity-50`}>
            {plan ? "Save plan" : "Create plan"}
          </button>
        </div>
      </form>
    </dialog>
  );
}
