"use client";

import { Search, X } from "lucide-react";
import { useRef } from "react";
import { IconButton } from "@/components/ui/icon-button";

interface ChatFilterProps {
  value: string;
  onChange: (value: string) => void;
  label: string;
}

/** The box that filters the list by title as the person types; Escape clears it. */
export function ChatFilter({ value, onChange, label }: ChatFilterProps) {
  const inputRef = useRef<HTMLInputElement>(null);
  return (
    <div className="relative px-3 pb-1">
      <Search aria-hidden className="pointer-events-none absolute top-1/2 left-5.5 size-4 -translate-y-1/2 text-text-muted" />
      <input
        ref={inputRef}
        type="search"
        aria-label={label}
        placeholder={label}
        value={value}
        maxLength={200}
        onChange={(event) => onChange(event.target.value)}
        onKeyDown={(event) => {
          // Escape with text clears it; with none it is left to close the drawer.
          if (event.key !== "Escape" || !value) return;
          event.preventDefault();
          onChange("");
        }}
        className="w-full rounded-lg border border-line bg-page py-1.5 pr-8 pl-8 text-base outline-none placeholder:text-text-muted focus:border-ring md:text-sm [&::-webkit-search-cancel-button]:hidden"
      />
      {value && (
        <IconButton
          label="Clear filter"
          onClick={() => {
            onChange("");
            inputRef.current?.focus();
          }}
          className="absolute top-1/2 right-4 size-6 -translate-y-1/2"
        >
          <X className="size-3.5" aria-hidden />
        </IconButton>
      )}
    </div>
  );
}
