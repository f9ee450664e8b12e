"use client";

import { useId } from "react";
import { ChevronDown } from "lucide-react";
import { useUiStore } from "@/lib/client/ui-store";
import { useModels, useSelectedModel } from "@/lib/client/use-models";

/** Hidden when the server offers a single model: there is nothing to choose. */
export function ModelPicker() {
  const id = useId();
  const { data } = useModels();
  const selectedModel = useSelectedModel();
  const setSelectedModel = useUiStore((state) => state.setSelectedModel);
  if (!data || data.models.length <= 1) return null;

  return (
    <div className="relative shrink-0">
      <label htmlFor={id} className="sr-only">
        Model
      </label>
      <select
        id={id}
        value={selectedModel}
        onChange={(event) => setSelectedModel(event.target.value)}
        className="max-w-40 appearance-none truncate rounded-lg border border-line bg-page py-1.5 pr-8 pl-3 text-sm hover:bg-raised sm:max-w-56"
      >
        {data.models.map((model) => (
          <option key={model.id} value={model.id}>
            {model.label}
          </option>
        ))}
      </select>
      <ChevronDown aria-hidden className="pointer-events-none absolute top-1/2 right-2.5 size-4 -translate-y-1/2 text-text-muted" />
    </div>
  );
}
