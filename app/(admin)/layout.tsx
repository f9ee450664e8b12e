import type { ReactNode } from "react";
import { notFound, redirect } from "next/navigation";
import { ChatShell } from "@/components/chat-shell";
import { getCurrentUserFromCookies } from "@/lib/auth/current-user";
import { getLiveSource } from "@/lib/realtime/live-source";

/**
 * The chat shell, for admins only. Others get the 404 before any of it renders, the same page as
 * any unknown address, so the admin pages' existence is not revealed.
 */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const user = await getCurrentUserFromCookies();
  if (!user) redirect("/login?next=/admin");
  if (!user.isAdmin) notFound();
  return <ChatShell user={user} liveSource={getLiveSource()}>{children}</ChatShell>;
}
