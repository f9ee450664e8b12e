import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { UserDetailView } from "@/components/admin/user-detail-view";
import { getCurrentUserFromCookies } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "User · Admin" };

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function AdminUserPage({ params }: { params: Promise<{ id: string }> }) {
  // Layouts are not re-run on client navigation: the page checks again.
  const user = await getCurrentUserFromCookies();
  if (!user?.isAdmin) notFound();
  const { id } = await params;
  if (!uuidPattern.test(id)) notFound();
  return <UserDetailView key={id} id={id.toLowerCase()} currentUserId={user.id} />;
}
