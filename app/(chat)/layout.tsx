import type { ReactNode } from "react";
import { redirect } from "next/navigation";
import { ChatShell } from "@/components/chat-shell";
import { getCurrentUserFromCookies } from "@/lib/auth/current-user";
import { getLiveSource } from "@/lib/realtime/live-source";

export default async function ChatLayout({ children }: { children: ReactNode }) {
  // Verifies the session cookie only; chats and messages are fetched by the browser.
  const user = await getCurrentUserFromCookies();
  if (!user) redirect("/login");
  return <ChatShell user={user} liveSource={getLiveSource()}>{children}</ChatShell>;
}
