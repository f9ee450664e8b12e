import { z } from "zod";

export const credentialsSchema = z.strictObject({
  email: z
    .string()
    .trim()
    .toLowerCase()
    .max(254, "must be at most 254 characters")
    .pipe(z.email("must be an email address")),
  password: z.string().min(8, "must be at least 8 characters").max(128, "must be at most 128 characters"),
});

export type Credentials = z.infer<typeof credentialsSchema>;
