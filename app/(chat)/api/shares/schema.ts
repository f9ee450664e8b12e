import { z } from "zod";
import { shareTokenPattern } from "@/lib/share/types";

export const shareParamsSchema = z.object({ id: z.uuid() });

/** A malformed token names no link: the same 404 as an unknown or revoked one (lib/share). */
export const shareTokenParamsSchema = z.object({ token: z.string() });

// The answers' shapes (lib/share/types.ts), for the API's OpenAPI document.

const shareUrl = z.url().regex(/\/share\/[A-Za-z0-9_-]{43}$/);
export const createdShareSchema = z.strictObject({
  share: z.strictObject({ id: z.uuid(), token: z.string().regex(shareTokenPattern), url: shareUrl, createdAt: z.iso.datetime() }),
});
export const shareListItemSchema = z.strictObject({ id: z.uuid(), chatId: z.uuid(), chatTitle: z.string(), url: shareUrl, createdAt: z.iso.datetime() });
export const shareListSchema = z.strictObject({ shares: z.array(shareListItemSchema) });
export const sharedSnapshotSchema = z.strictObject({
  title: z.string(),
  createdAt: z.iso.datetime(),
  messages: z.array(z.strictObject({ role: z.enum(["user", "assistant"]), content: z.string(), createdAt: z.iso.datetime() })),
});
