import { z } from "zod";

export const credentialsSchema = z.strictObject({
  email: z
    .string()
    .trim()
    .toLowerCase()
    .max(254, "must be at most 254 characters")
    .pipe(z.email("must be an email address")),
  password: z.string().min(8, "must be at least 8 characters").max(128, "must be at most 128 characters"),
  /** The CAPTCHA widget's answer, passed on to Supabase Auth when its CAPTCHA protection is on. */
  captchaToken: z.string().min(1, "must not be empty").max(8192, "must be at most 8192 characters").optional(),
});

export type Credentials = z.infer<typeof credentialsSchema>;

// The answers' shapes (lib/auth/types.ts, lib/chat/types.ts), for the API's OpenAPI document.

export const authSessionSchema = z.strictObject({
  user: z.strictObject({ id: z.uuid(), email: z.email() }),
  accessToken: z.string().min(1),
  /** Unix seconds. */
  expiresAt: z.number().int(),
});
export const sessionUserSchema = z.strictObject({
  user: z.strictObject({ id: z.uuid(), email: z.email(), isAdmin: z.boolean() }).nullable(),
});
