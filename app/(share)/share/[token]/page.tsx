import type { Metadata } from "next";
import { cache } from "react";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { SharedChat } from "@/components/share/shared-chat";
import { SharedLinkBusy } from "@/components/share/shared-link-states";
import { isAppError } from "@/lib/errors";
import { clientAddressOf } from "@/lib/http/client-address";
import { readSharedSnapshot } from "@/lib/share/shared-snapshot";
import type { SharedSnapshot } from "@/lib/share/types";

type Props = { params: Promise<{ token: string }> };

/** One read per request, shared by the metadata and the page (and one hit on the address's limit). */
const loadSnapshot = cache(async (token: string): Promise<SharedSnapshot | "not found" | "rate limited"> => {
  try {
    return await readSharedSnapshot(token, { clientAddress: clientAddressOf({ headers: await headers() }) });
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") return "not found";
    if (isAppError(error) && error.code === "rate_limited") return "rate limited";
    throw error;
  }
});

// Never indexed, and no referrer leaves with the token in it (next.config.mjs sends the headers too).
const privateMetadata: Metadata = { robots: { index: false, follow: false }, referrer: "no-referrer" };

// A link that does not work gets a title that says nothing; the page answers it with 404.
export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const snapshot = await loadSnapshot((await params).token);
  return { ...privateMetadata, title: typeof snapshot === "string" ? "Shared chat" : `${snapshot.title} (shared)` };
}

export default async function SharedChatPage({ params }: Props) {
  const { token } = await params;
  const snapshot = await loadSnapshot(token);
  if (snapshot === "not found") notFound();
  if (snapshot === "rate limited") return <SharedLinkBusy />;
  return <SharedChat token={token} snapshot={snapshot} />;
}
