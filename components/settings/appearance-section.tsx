"use client";

import { Monitor, Moon, Sun, type LucideIcon } from "lucide-react";
import { cn } from "@/lib/client/cn";
import type { SettingsUpdate, Theme } from "@/lib/settings/types";
import { SettingsSection } from "./settings-section";

const options: { value: Theme; label: string; icon: LucideIcon }[] = [
  { value: "light", label: "Light", icon: Sun },
  { value: "dark", label: "Dark", icon: Moon },
  { value: "system", label: "System", icon: Monitor },
];

export function AppearanceSection({ theme, onSave }: { theme: Theme; onSave: (update: SettingsUpdate) => void }) {
  return (
    <SettingsSection title="Appearance">
      <fieldset>
        <legend className="mb-2 text-sm font-medium">Theme</legend>
        <div className="grid grid-cols-3 gap-2">
          {options.map(({ value, label, icon: Icon }) => (
            <label
              key={value}
              className={cn(
                "flex cursor-pointer flex-col items-center gap-1.5 rounded-xl border px-3 py-3 text-sm hover:bg-raised",
                "has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-ring",
                theme === value ? "border-text font-medium" : "border-line text-text-muted",
              )}
            >
              <input
                type="radio"
                name="theme"
                value={value}
                checked={theme === value}
                onChange={() => onSave({ theme: value })}
                className="sr-only"
              />
              <Icon className="size-5" aria-hidden />
              {label}
            </label>
          ))}
        </div>
        <p className="mt-2 text-xs text-text-muted">System follows your device&apos;s light or dark setting.</p>
      </fieldset>
    </SettingsSection>
  );
}
