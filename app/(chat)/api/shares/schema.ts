import { z } from "zod";

export const shareParamsSchema = z.object({ id: z.uuid() });

/** A malformed token names no link: the same 404 as an unknown or revoked one (lib/share). */
export const shareTokenParamsSchema = z.object({ token: z.string() });
