"use client";

import { useEffect, type ReactNode } from "react";
import type { SessionUser } from "@/lib/chat/types";
import { useUiStore } from "@/lib/client/ui-store";
import { useLiveSync } from "@/lib/client/use-live-sync";
import { useSettingsSync } from "@/lib/client/use-settings";
import type { LiveSource } from "@/lib/realtime/types";
import { CommandPalette } from "./memory/command-palette";
import { SentryUser } from "./monitoring/sentry-user";
import { Sidebar } from "./sidebar/sidebar";

const desktopQuery = "(min-width: 48rem)";

export function ChatShell({ user, liveSource, children }: { user: SessionUser; liveSource: LiveSource; children: ReactNode }) {
  const isSidebarOpen = useUiStore((state) => state.isSidebarOpen);
  const setSidebarOpen = useUiStore((state) => state.setSidebarOpen);
  const closeSidebar = () => setSidebarOpen(false);
  useSettingsSync();
  useLiveSync(user.id, liveSource);

  useEffect(() => {
    const desktop = window.matchMedia(desktopQuery);
    const closeDrawerOnDesktop = () => {
      if (desktop.matches) setSidebarOpen(false);
    };
    desktop.addEventListener("change", closeDrawerOnDesktop);
    return () => desktop.removeEventListener("change", closeDrawerOnDesktop);
  }, [setSidebarOpen]);

  return (
    <div className="flex h-dvh overflow-hidden">
      <Sidebar email={user.email} isAdmin={user.isAdmin} isOpen={isSidebarOpen} onClose={closeSidebar} />
      {isSidebarOpen && <div aria-hidden className="fixed inset-0 z-30 bg-black/40 md:hidden" onClick={closeSidebar} />}
      <main inert={isSidebarOpen} className="flex min-w-0 flex-1 flex-col">
        {children}
      </main>
      <CommandPalette />
      <SentryUser id={user.id} />
    </div>
  );
}
