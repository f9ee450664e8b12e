"use client";

import { Menu } from "lucide-react";
import type { ReactNode } from "react";
import { sidebarId } from "@/components/sidebar/sidebar";
import { IconButton } from "@/components/ui/icon-button";
import { useUiStore } from "@/lib/client/ui-store";

/** The bar above every signed-in page: the phone's sidebar button, the title, and any actions. */
export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  const isSidebarOpen = useUiStore((state) => state.isSidebarOpen);
  const setSidebarOpen = useUiStore((state) => state.setSidebarOpen);
  return (
    <header className="flex h-14 shrink-0 items-center gap-2 border-b border-line px-3 md:px-5">
      <IconButton
        label="Open sidebar"
        aria-controls={sidebarId}
        aria-expanded={isSidebarOpen}
        onClick={() => setSidebarOpen(true)}
        className="md:hidden"
      >
        <Menu className="size-5" aria-hidden />
      </IconButton>
      <h1 className="min-w-0 flex-1 truncate text-sm font-medium">{title}</h1>
      {children}
    </header>
  );
}
