"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { Brain } from "lucide-react";
import { cn } from "@/lib/client/cn";
import { usePaletteShortcutLabel } from "@/lib/client/use-shortcut-label";

export function MemoryLink({ onNavigate }: { onNavigate: () => void }) {
  const isActive = usePathname() === "/memory";
  const shortcut = usePaletteShortcutLabel();
  return (
    <Link
      href="/memory"
      onClick={onNavigate}
      aria-current={isActive ? "page" : undefined}
      title={`Search memory from any page with ${shortcut}`}
      className={cn(
        "mt-1 flex items-center gap-2 rounded-lg px-3 py-2 text-sm hover:bg-raised",
        isActive ? "bg-raised font-medium text-text" : "text-text-muted hover:text-text",
      )}
    >
      <Brain className="size-4" aria-hidden />
      Memory
      <kbd aria-hidden className="ml-auto rounded border border-line bg-page px-1.5 font-sans text-xs text-text-muted max-md:hidden">
        {shortcut}
      </kbd>
    </Link>
  );
}
