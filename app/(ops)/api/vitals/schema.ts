import { z } from "zod";
import { storableText } from "@/lib/http/storable-text";
import {
  webVitalIdMaxLength,
  webVitalMaxValue,
  webVitalNames,
  webVitalPageMaxLength,
  webVitalRatings,
} from "@/lib/monitoring/web-vital-types";

export const webVitalSchema = z
  .strictObject({
    name: z.enum(webVitalNames),
    value: z.number().finite().min(0),
    rating: z.enum(webVitalRatings),
    id: z.string().min(1).max(webVitalIdMaxLength).regex(/^[\w.-]+$/, "must be the id web-vitals gave the metric"),
    page: storableText().max(webVitalPageMaxLength).regex(/^\/(?!\/)/, "must be a path of this site, starting with /"),
  })
  .refine((report) => report.value <= webVitalMaxValue[report.name], { path: ["value"], message: "is out of range for this metric" })
  // Stored as a path only: a query string or fragment can carry search text.
  .transform((report) => ({ ...report, page: report.page.split(/[?#]/)[0]! }));

export type WebVitalInput = z.infer<typeof webVitalSchema>;
