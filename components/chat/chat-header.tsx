"use client";

import { Menu } from "lucide-react";
import { useUiStore } from "@/lib/client/ui-store";
import { IconButton } from "@/components/ui/icon-button";
import { sidebarId } from "@/components/sidebar/sidebar";
import { ModelPicker } from "./model-picker";

export function ChatHeader({ title }: { title: string }) {
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
      <ModelPicker />
    </header>
  );
}
