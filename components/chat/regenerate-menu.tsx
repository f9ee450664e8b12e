"use client";

import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { ChevronDown } from "lucide-react";
import { useModels } from "@/lib/client/use-models";
import { IconButton } from "@/components/ui/icon-button";

/**
 * Regenerates a reply with a model picked from the ones the server offers; absent when there is
 * only one. Arrow keys move between models, Escape closes the menu.
 */
export function RegenerateMenu({ onPick }: { onPick: (model: string) => void }) {
  const { data } = useModels();
  const [isOpen, setIsOpen] = useState(false);
  const containerRef = useRef<HTMLDivElement>(null);
  const toggleRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const menuId = useId();

  useEffect(() => {
    if (!isOpen) return;
    menuRef.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const closeOnOutsidePointer = (event: PointerEvent) => {
      if (!containerRef.current?.contains(event.target as Node)) setIsOpen(false);
    };
    document.addEventListener("pointerdown", closeOnOutsidePointer);
    return () => document.removeEventListener("pointerdown", closeOnOutsidePointer);
  }, [isOpen]);

  if (!data || data.models.length <= 1) return null;

  function close() {
    setIsOpen(false);
    toggleRef.current?.focus();
  }

  function handleKeyDown(event: KeyboardEvent) {
    if (!isOpen) return;
    if (event.key === "Escape") {
      event.preventDefault();
      close();
      return;
    }
    if (event.key === "Tab") return setIsOpen(false);
    const items = [...(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const index = items.indexOf(document.activeElement as HTMLElement);
    const next = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: items.length - 1 }[event.key];
    if (next === undefined || items.length === 0) return;
    event.preventDefault();
    items[(next + items.length) % items.length]?.focus();
  }

  return (
    <div ref={containerRef} className="relative" onKeyDown={handleKeyDown}>
      <IconButton
        ref={toggleRef}
        label="Regenerate with another model"
        aria-haspopup="menu"
        aria-expanded={isOpen}
        aria-controls={isOpen ? menuId : undefined}
        onClick={() => (isOpen ? close() : setIsOpen(true))}
        className="size-7"
      >
        <ChevronDown className="size-3.5" aria-hidden />
      </IconButton>
      {isOpen && (
        <div
          ref={menuRef}
          id={menuId}
          role="menu"
          aria-label="Regenerate with"
          className="absolute bottom-full left-0 z-20 mb-1 w-60 rounded-xl border border-line bg-page p-1 shadow-lg"
        >
          <p className="px-3 pt-1.5 pb-1 text-xs text-text-muted" aria-hidden>
            Regenerate with
          </p>
          {data.models.map((model) => (
            <button
              key={model.id}
              type="button"
              role="menuitem"
              onClick={() => {
                close();
                onPick(model.id);
              }}
              className="flex w-full items-center rounded-lg px-3 py-2 text-left text-sm hover:bg-raised focus-visible:bg-raised"
            >
              {model.label}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
