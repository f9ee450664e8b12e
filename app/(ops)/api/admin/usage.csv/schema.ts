export { usageQuerySchema as billingExportQuerySchema } from "@/app/(chat)/api/usage/schema";
