import { z } from "zod";

/**
 * A string Postgres can store: its `text` type takes every character but NUL (U+0000), and
 * refuses the whole statement for one. Checked here so such input is a 400, not a 500.
 */
export const storableText = () => z.string().regex(/^[^\u0000]*$/, "must not contain the NUL character (U+0000)");
