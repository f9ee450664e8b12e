"use client";

import { useModalDialog } from "@/lib/client/use-modal-dialog";
import { useEffect, useState } from "react";
import { isPaletteShortcut } from "@/lib/client/use-shortcut-label";
import { PaletteSearch } from "./palette-search";

/**
 * Ctrl/Cmd+K on any signed-in page: search memory and jump to a message. A modal `<dialog>`, so the
 * browser makes the page behind it inert, closes it on Escape and gives focus back afterwards.
 */
export function CommandPalette() {
  const [isOpen, setIsOpen] = useState(false);
  const dialogRef = useModalDialog(isOpen);

  useEffect(() => {
    const toggleOnShortcut = (event: KeyboardEvent) => {
      if (!isPaletteShortcut(event)) return;
      event.preventDefault();
      setIsOpen((open) => !open);
    };
    document.addEventListener("keydown", toggleOnShortcut);
    return () => document.removeEventListener("keydown", toggleOnShortcut);
  }, []);

  const close = () => setIsOpen(false);

  return (
    <dialog
      ref={dialogRef}
      aria-label="Search memory"
      onClose={close}
      // A click on the backdrop lands on the dialog itself; its content fills it edge to edge.
      onClick={(event) => event.target === event.currentTarget && close()}
      className="mx-auto mt-[10vh] mb-auto w-[calc(100%-2rem)] max-w-xl overflow-hidden rounded-2xl border border-line bg-page p-0 text-text shadow-2xl backdrop:bg-black/50"
    >
      {isOpen && <PaletteSearch onDone={close} />}
    </dialog>
  );
}
