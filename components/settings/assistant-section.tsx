"use client";

import { useId, useState } from "react";
import type { ModelInfo } from "@/lib/chat/types";
import { useModels } from "@/lib/client/use-models";
import { systemPromptMaxLength, temperatureRange, type SettingsUpdate, type UserSettings } from "@/lib/settings/types";
import { SettingsSection } from "./settings-section";

const dollars = (value: number) => `$${value.toFixed(2)}`;

function describePrice(model: ModelInfo): string {
  if (model.inputPerMTok === 0 && model.outputPerMTok === 0) return "Free";
  return `${dollars(model.inputPerMTok)} input · ${dollars(model.outputPerMTok)} output per million tokens`;
}

interface AssistantSectionProps {
  settings: UserSettings;
  onSave: (update: SettingsUpdate) => void;
}

export function AssistantSection({ settings, onSave }: AssistantSectionProps) {
  return (
    <SettingsSection title="Assistant" description="How the assistant answers you in every chat.">
      <ModelField value={settings.defaultModel} onSave={onSave} />
      <InstructionsField value={settings.systemPrompt} onSave={onSave} />
      <TemperatureField value={settings.temperature} onSave={onSave} />
      <MemoryField value={settings.memoryEnabled} onSave={onSave} />
    </SettingsSection>
  );
}

function ModelField({ value, onSave }: { value: string; onSave: AssistantSectionProps["onSave"] }) {
  const id = useId();
  const { data, isError } = useModels();
  const selected = data?.models.find((model) => model.id === value);
  return (
    <div className="flex flex-col gap-1.5">
      <label htmlFor={id} className="text-sm font-medium">
        Default model
      </label>
      <select
        id={id}
        value={value}
        disabled={!data}
        aria-describedby={`${id}-price`}
        onChange={(event) => onSave({ defaultModel: event.target.value })}
        className="w-full rounded-lg border border-line bg-page px-3 py-2 text-sm disabled:opacity-60"
      >
        {(data?.models ?? []).map((model) => (
          <option key={model.id} value={model.id}>
            {model.label}
          </option>
        ))}
        {!data && <option value={value}>{isError ? "Models could not be loaded" : "Loading models…"}</option>}
      </select>
      <p id={`${id}-price`} className="text-xs text-text-muted">
        {selected ? `${describePrice(selected)}. New chats start with this model; you can switch per chat.` : "\u00a0"}
      </p>
    </div>
  );
}

function InstructionsField({ value, onSave }: { value: string; onSave: AssistantSectionProps["onSave"] }) {
  const id = useId();
  // Null while not editing, so a change saved elsewhere shows through.
  const [draft, setDraft] = useState<string | null>(null);
  const text = draft ?? value;
  const isDirty = draft !== null && draft.trim() !== value;

  return (
    <form
      className="flex flex-col gap-1.5"
      onSubmit={(event) => {
        event.preventDefault();
        if (!isDirty) return;
        onSave({ systemPrompt: text.trim() });
        setDraft(null);
      }}
    >
      <label htmlFor={id} className="text-sm font-medium">
        Custom instructions
      </label>
      <p id={`${id}-hint`} className="text-xs text-text-muted">
        Added to the system prompt of every reply: how you like answers, what to know about you.
      </p>
      <textarea
        id={id}
        rows={5}
        value={text}
        maxLength={systemPromptMaxLength}
        aria-describedby={`${id}-hint ${id}-count`}
        onChange={(event) => setDraft(event.target.value)}
        placeholder="For example: Answer briefly. I work in Python and Postgres."
        className="w-full resize-y rounded-lg border border-line bg-page px-3 py-2 text-sm placeholder:text-text-muted"
      />
      <div className="flex items-center justify-between gap-3">
        <span id={`${id}-count`} className="text-xs text-text-muted">
          {text.length} / {systemPromptMaxLength} characters
        </span>
        <div className="flex gap-2">
          {isDirty && (
            <button type="button" onClick={() => setDraft(null)} className="rounded-lg border border-line px-3 py-1.5 text-sm font-medium hover:bg-raised">
              Discard
            </button>
          )}
          <button
            type="submit"
            disabled={!isDirty}
            className="rounded-lg bg-accent px-3 py-1.5 text-sm font-medium text-accent-text hover:opacity-90 disabled:opacity-50"
          >
            Save instructions
          </button>
        </div>
      </div>
    </form>
  );
}

function TemperatureField({ value, onSave }: { value: number; onSave: AssistantSectionProps["onSave"] }) {
  const id = useId();
  // A slider sends many values while dragging; only where it comes to rest is saved.
  const [pending, setPending] = useState<number | null>(null);
  const commit = () => {
    if (pending !== null && pending !== value) onSave({ temperature: pending });
    setPending(null);
  };

  const shown = pending ?? value;
  return (
    <div className="flex flex-col gap-1.5">
      <div className="flex items-center justify-between">
        <label htmlFor={id} className="text-sm font-medium">
          Temperature
        </label>
        <output htmlFor={id} className="text-sm tabular-nums">
          {shown.toFixed(1)}
        </output>
      </div>
      <input
        id={id}
        type="range"
        min={temperatureRange.min}
        max={temperatureRange.max}
        step={0.1}
        value={shown}
        aria-describedby={`${id}-hint`}
        onChange={(event) => setPending(Number(event.target.value))}
        onPointerUp={commit}
        onKeyUp={commit}
        onBlur={commit}
        className="w-full accent-[var(--text)]"
      />
      <p id={`${id}-hint`} className="flex justify-between text-xs text-text-muted">
        <span>Focused</span>
        <span>Varied</span>
      </p>
    </div>
  );
}

function MemoryField({ value, onSave }: { value: boolean; onSave: AssistantSectionProps["onSave"] }) {
  const id = useId();
  return (
    <div className="flex items-start justify-between gap-4">
      <div>
        <label htmlFor={id} className="text-sm font-medium">
          Memory
        </label>
        <p id={`${id}-hint`} className="text-xs text-text-muted">
          Let the assistant recall relevant parts of your earlier chats.
        </p>
      </div>
      <input
        id={id}
        type="checkbox"
        role="switch"
        checked={value}
        aria-describedby={`${id}-hint`}
        onChange={(event) => onSave({ memoryEnabled: event.target.checked })}
        className="relative h-6 w-11 shrink-0 cursor-pointer appearance-none rounded-full bg-text-muted/50 transition-colors before:absolute before:top-0.5 before:left-0.5 before:size-5 before:rounded-full before:bg-white before:shadow before:transition-transform checked:bg-accent checked:before:translate-x-5 checked:before:bg-page"
      />
    </div>
  );
}
