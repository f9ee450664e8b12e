import { authSessionSchema, credentialsSchema, sessionUserSchema } from "@/app/(auth)/api/auth/schema";
import { accountExportSchema } from "@/app/(chat)/api/account/export/schema";
import { sendMessageSchema } from "@/app/(chat)/api/chat/schema";
import {
  chatAnswerSchema,
  chatListSchema,
  chatMessageParamsSchema,
  chatPageQuerySchema,
  chatParamsSchema,
  chatWithMessagesSchema,
  createChatSchema,
  emptyBodySchema,
  listChatsQuerySchema,
  updateChatSchema,
} from "@/app/(chat)/api/chats/schema";
import {
  documentAnswerSchema,
  documentListSchema,
  documentParamsSchema,
  documentPassagesSchema,
  startedUploadSchema,
  startUploadSchema,
  uploadFieldsSchema,
  uploadTokenQuerySchema,
} from "@/app/(chat)/api/documents/schema";
import { createdFeedbackSchema, createFeedbackSchema, voteParamsSchema } from "@/app/(chat)/api/feedback/schema";
import { apiKeyListSchema, apiKeyParamsSchema, createApiKeySchema, createdApiKeySchema } from "@/app/(chat)/api/keys/schema";
import { modelListSchema } from "@/app/(chat)/api/models/schema";
import { updateSettingsSchema, userSettingsSchema } from "@/app/(chat)/api/settings/schema";
import { createdShareSchema, shareListSchema, shareParamsSchema, sharedSnapshotSchema, shareTokenParamsSchema } from "@/app/(chat)/api/shares/schema";
import { usageQuerySchema, usageReportSchema } from "@/app/(chat)/api/usage/schema";
import { memorySearchAnswerSchema, memorySearchSchema } from "@/app/(memory)/api/memory/search/schema";
import { alertThresholdListSchema, updateAlertThresholdsSchema } from "@/app/(ops)/api/admin/alert-thresholds/schema";
import { acknowledgeAlertSchema, acknowledgedAlertSchema, alertParamsSchema } from "@/app/(ops)/api/admin/alerts/[id]/schema";
import { auditPageSchema, auditQuerySchema } from "@/app/(ops)/api/admin/audit/schema";
import {
  feedbackFilterSchema,
  feedbackInboxQuerySchema,
  feedbackInboxSchema,
  feedbackParamsSchema,
  reviewedFeedbackSchema,
  reviewFeedbackSchema,
} from "@/app/(ops)/api/admin/feedback/schema";
import { adminOverviewQuerySchema, adminOverviewSchema } from "@/app/(ops)/api/admin/overview/schema";
import { createPlanSchema, planAnswerSchema, planListSchema, planParamsSchema, updatePlanSchema } from "@/app/(ops)/api/admin/plans/schema";
import { weeklyReportQuerySchema, weeklyReportSchema } from "@/app/(ops)/api/admin/reports/weekly/schema";
import { adminUserDetailSchema, adminUserListSchema, adminUserParamsSchema, adminUsersQuerySchema, updateAdminUserSchema } from "@/app/(ops)/api/admin/users/schema";
import { billingExportQuerySchema } from "@/app/(ops)/api/admin/usage.csv/schema";
import { alertRunSchema } from "@/app/(ops)/api/cron/alerts/schema";
import { documentIndexingRunSchema } from "@/app/(ops)/api/cron/documents/schema";
import { maintenanceResultSchema } from "@/app/(ops)/api/cron/maintenance/schema";
import { weeklyReportPostSchema } from "@/app/(ops)/api/cron/weekly-report/schema";
import { webVitalSchema } from "@/app/(ops)/api/vitals/schema";
import { healthReportSchema } from "@/app/(ops)/api/health/schema";
import { openApiDocumentSchema } from "@/lib/openapi/build-document";
import type { ApiOperations } from "@/lib/openapi/types";

/**
 * Every route of the app with the zod schemas it reads its input with, the same objects its
 * route.ts passes to readJson / readQuery / readParams (tests/unit/openapi/operations.test.ts holds
 * the two together, and tests/routes/openapi.test.ts holds this table to the routes that exist).
 */
export const apiOperations: ApiOperations = {
  "/api/auth/signup": {
    POST: { tag: "Auth", summary: "Create an account and sign in", access: "public", body: credentialsSchema, errors: [409, 429], success: { status: 201, description: "The session (`expiresAt` in Unix seconds) and the session cookie", schema: authSessionSchema } },
  },
  "/api/auth/login": {
    POST: { tag: "Auth", summary: "Sign in", access: "public", body: credentialsSchema, errors: [429], success: { status: 200, description: "The session (`expiresAt` in Unix seconds) and the session cookie", schema: authSessionSchema } },
  },
  "/api/auth/logout": {
    POST: { tag: "Auth", summary: "Sign out (not with an API key)", access: "user, no api key", success: { status: 204, description: "Signed out; the cookie is cleared" } },
  },
  "/api/auth/session": {
    GET: { tag: "Auth", summary: "Who is signed in", access: "public", success: { status: 200, description: "The signed-in person, or `user: null`", schema: sessionUserSchema } },
  },
  "/api/chats": {
    GET: { tag: "Chats", summary: "List chats, pinned first, newest first", access: "user", metered: true, query: listChatsQuerySchema, success: { status: 200, description: "A page of chats; pass `nextCursor` as `cursor` for the next", schema: chatListSchema } },
    POST: { tag: "Chats", summary: "Create a chat", access: "user", metered: true, body: createChatSchema, success: { status: 201, description: "The new chat", schema: chatAnswerSchema } },
  },
  "/api/chats/[id]": {
    GET: { tag: "Chats", summary: "A chat and a page of its current branch", access: "user", metered: true, params: chatParamsSchema, query: chatPageQuerySchema, success: { status: 200, description: "The chat and its current branch, oldest first; pass `nextBefore` as `before` for earlier messages", schema: chatWithMessagesSchema } },
    PATCH: { tag: "Chats", summary: "Rename, pin, archive, keep out of memory, or switch branch", access: "user", metered: true, params: chatParamsSchema, body: updateChatSchema, success: { status: 200, description: "The chat as it is now", schema: chatAnswerSchema } },
    DELETE: { tag: "Chats", summary: "Delete a chat with its messages, embeddings and feedback", access: "user", metered: true, params: chatParamsSchema, success: { status: 204, description: "Deleted" } },
  },
  "/api/chats/[id]/messages/[messageId]": {
    DELETE: { tag: "Chats", summary: "Delete a message and everything below it in the tree", access: "user", metered: true, params: chatMessageParamsSchema, errors: [409], success: { status: 204, description: "Deleted" } },
  },
  "/api/chats/[id]/stop": {
    POST: { tag: "Chats", summary: "Stop the reply being written", access: "user", metered: true, params: chatParamsSchema, body: emptyBodySchema, errors: [409], success: { status: 204, description: "Stopped" } },
  },
  "/api/chats/[id]/stream": {
    GET: { tag: "Chats", summary: "Follow the reply being written (SSE: snapshot, delta…, done or error)", access: "user", metered: true, params: chatParamsSchema, success: { status: 200, description: "`text/event-stream`; 204 when nothing is being written", contentType: "text/event-stream" } },
  },
  "/api/chats/[id]/shares": {
    POST: { tag: "Sharing", summary: "Make a read-only link to the chat's current branch", access: "user", metered: true, params: chatParamsSchema, body: emptyBodySchema, success: { status: 201, description: "The link: the only answer that carries its token on its own", schema: createdShareSchema } },
  },
  "/api/chat": {
    POST: { tag: "Chats", summary: "Send a message (or edit, or retry) and stream the reply", access: "user", metered: true, body: sendMessageSchema, errors: [409], success: { status: 200, description: "Server-Sent Events: meta, delta… (with offset), then done or error", contentType: "text/event-stream" } },
  },
  "/api/models": {
    GET: { tag: "Chats", summary: "The models a chat can use", access: "user", metered: true, success: { status: 200, description: "The models and the default one; prices in USD per million tokens", schema: modelListSchema } },
  },
  "/api/events": {
    GET: { tag: "Chats", summary: "Live changes to the caller's chats and messages (SSE)", access: "user", metered: true, success: { status: 200, description: "`text/event-stream` of changes", contentType: "text/event-stream" } },
  },
  "/api/shares": {
    GET: { tag: "Sharing", summary: "The caller's shared links", access: "user", metered: true, success: { status: 200, description: "The caller's links, newest first", schema: shareListSchema } },
  },
  "/api/shares/[id]": {
    DELETE: { tag: "Sharing", summary: "Revoke a shared link", access: "user", metered: true, params: shareParamsSchema, success: { status: 204, description: "Revoked; the link answers 404 from then on" } },
  },
  "/api/share/[token]": {
    GET: { tag: "Sharing", summary: "Read a shared snapshot", access: "public", params: shareTokenParamsSchema, errors: [429], success: { status: 200, description: "The snapshot, nothing of its owner", schema: sharedSnapshotSchema } },
  },
  "/api/share/[token]/copy": {
    POST: { tag: "Sharing", summary: "Copy a shared snapshot into a chat of the caller's", access: "user", metered: true, params: shareTokenParamsSchema, body: emptyBodySchema, success: { status: 201, description: "The caller's own copy of the snapshot, a new chat", schema: chatAnswerSchema } },
  },
  "/api/memory/search": {
    POST: { tag: "Memory", summary: "Search the caller's messages and documents by meaning", access: "user", metered: true, body: memorySearchSchema, success: { status: 200, description: "Past messages and document passages, most similar first", schema: memorySearchAnswerSchema } },
  },
  "/api/documents": {
    GET: { tag: "Documents", summary: "The caller's documents, with the plan's document limits and what is used of them", access: "user", metered: true, success: { status: 200, description: "The caller's documents, newest first, with the plan's limits and what they use", schema: documentListSchema } },
    POST: { tag: "Documents", summary: "Upload a document of up to 4 MB into memory or one chat (the type is read from the bytes)", access: "user", metered: true, body: uploadFieldsSchema, bodyType: "multipart", errors: [422], success: { status: 201, description: "The document, queued for indexing", schema: documentAnswerSchema } },
  },
  "/api/documents/uploads": {
    POST: { tag: "Documents", summary: "Start the upload of a larger document (up to 25 MB): its row, and a signed URL to send the bytes to", access: "user", metered: true, body: startUploadSchema, errors: [413], success: { status: 201, description: "The document, waiting for its file (`uploadedAt: null`), and where and how to send the bytes", schema: startedUploadSchema } },
  },
  "/api/documents/uploads/[id]": {
    PUT: { tag: "Documents", summary: "The local mode's signed upload URL: the file's bytes, once; the token in the query is the credential (the Supabase mode signs Storage URLs instead)", access: "public", params: documentParamsSchema, query: uploadTokenQuerySchema, bodyType: "bytes", errors: [403, 409, 413], success: { status: 204, description: "Stored; check them with POST /api/documents/{id}/uploaded" } },
  },
  "/api/documents/[id]/uploaded": {
    POST: { tag: "Documents", summary: "Check the bytes sent to a signed upload URL and queue the document's indexing", access: "user", metered: true, params: documentParamsSchema, errors: [409, 413, 415, 422], success: { status: 200, description: "The document, queued for indexing (a file that fails the check goes with its document)", schema: documentAnswerSchema } },
  },
  "/api/documents/[id]": {
    GET: { tag: "Documents", summary: "A document and how its indexing goes", access: "user", metered: true, params: documentParamsSchema, success: { status: 200, description: "`{ document }`", schema: documentAnswerSchema } },
    DELETE: { tag: "Documents", summary: "Delete a document with its file, passages, vectors and jobs", access: "user", metered: true, params: documentParamsSchema, success: { status: 204, description: "Deleted" } },
  },
  "/api/documents/[id]/file": {
    GET: { tag: "Documents", summary: "The file itself, as an attachment, to its owner only", access: "user", metered: true, params: documentParamsSchema, errors: [409], success: { status: 200, description: "The stored bytes", contentType: "application/octet-stream" } },
  },
  "/api/documents/[id]/passages": {
    GET: { tag: "Documents", summary: "A document's passages in order, as memory search and replies cite them (`passage` is the place a source names)", access: "user", metered: true, params: documentParamsSchema, success: { status: 200, description: "The document and its passages, in order", schema: documentPassagesSchema } },
  },
  "/api/documents/[id]/retry": {
    POST: { tag: "Documents", summary: "Index a document that failed again", access: "user", metered: true, params: documentParamsSchema, errors: [409], success: { status: 200, description: "The document, queued again", schema: documentAnswerSchema } },
  },
  "/api/settings": {
    GET: { tag: "Settings", summary: "The caller's settings", access: "user", metered: true, success: { status: 200, description: "The settings", schema: userSettingsSchema } },
    PATCH: { tag: "Settings", summary: "Change some settings", access: "user", metered: true, body: updateSettingsSchema, success: { status: 200, description: "The full settings, as saved", schema: userSettingsSchema } },
  },
  "/api/feedback": {
    POST: { tag: "Settings", summary: "Rate the app, or vote on a reply", access: "user", metered: true, body: createFeedbackSchema, success: { status: 201, description: "Saved (a second vote on a reply replaces the first)", schema: createdFeedbackSchema } },
  },
  "/api/feedback/votes/[messageId]": {
    DELETE: { tag: "Settings", summary: "Withdraw a vote on a reply", access: "user", metered: true, params: voteParamsSchema, success: { status: 204, description: "Withdrawn" } },
  },
  "/api/usage": {
    GET: { tag: "Settings", summary: "The caller's usage and limits", access: "user", metered: true, query: usageQuerySchema, success: { status: 200, description: "The period's figures, the limits in force and how much of the month is used", schema: usageReportSchema } },
  },
  "/api/account/export": {
    GET: { tag: "Account", summary: "Everything of the caller's as one JSON download", access: "user", metered: true, success: { status: 200, description: "The export, as an attachment", schema: accountExportSchema } },
  },
  "/api/account": {
    DELETE: { tag: "Account", summary: "Delete the account and every row of it (not with an API key)", access: "user, no api key", success: { status: 204, description: "Deleted; signed out" } },
  },
  "/api/keys": {
    GET: { tag: "API keys", summary: "The caller's API keys (not with an API key)", access: "user, no api key", metered: true, success: { status: 200, description: "The keys, newest first; never their secrets", schema: apiKeyListSchema } },
    POST: { tag: "API keys", summary: "Make an API key; its secret is shown only in this answer (not with an API key)", access: "user, no api key", metered: true, body: createApiKeySchema, success: { status: 201, description: "The key and its secret", schema: createdApiKeySchema } },
  },
  "/api/keys/[id]": {
    DELETE: { tag: "API keys", summary: "Revoke an API key (not with an API key)", access: "user, no api key", metered: true, params: apiKeyParamsSchema, success: { status: 204, description: "Revoked; the key answers 401 from then on" } },
  },
  "/api/health": {
    GET: { tag: "Operations", summary: "Health of the app and its dependencies", access: "public", success: { status: 200, description: "Healthy or degraded (503 with the same body when unhealthy)", schema: healthReportSchema } },
  },
  "/api/metrics": {
    GET: { tag: "Operations", summary: "Prometheus metrics", access: "metrics", success: { status: 200, description: "Prometheus text format", contentType: "text/plain" } },
  },
  "/api/vitals": {
    POST: { tag: "Operations", summary: "Report a web vital (beacons may send text/plain)", access: "public", body: webVitalSchema, errors: [429], success: { status: 204, description: "Recorded" } },
  },
  "/api/openapi.json": {
    GET: { tag: "Operations", summary: "This document", access: "public", success: { status: 200, description: "The OpenAPI 3.1 document of every route", schema: openApiDocumentSchema } },
  },
  "/api/admin/overview": {
    GET: { tag: "Admin", summary: "Request rate, errors, latency, top users, costs, vitals, alerts and feedback", access: "admin", metered: true, query: adminOverviewQuerySchema, success: { status: 200, description: "The overview", schema: adminOverviewSchema } },
  },
  "/api/admin/usage.csv": {
    GET: { tag: "Admin", summary: "Per user, per day: requests, tokens and cost (the billing export)", access: "admin", metered: true, query: billingExportQuerySchema, success: { status: 200, description: "CSV", contentType: "text/csv" } },
  },
  "/api/admin/sentry-check": {
    POST: { tag: "Admin", summary: "Throw a test error, to see that it reaches Sentry", access: "admin", metered: true, success: { status: 500, description: "The test error, as the error envelope" } },
  },
  "/api/admin/users": {
    GET: { tag: "Admin", summary: "Users with this month's figures: search by email, sort by any column, cursor pages", access: "admin", metered: true, query: adminUsersQuerySchema, success: { status: 200, description: "A page of users and the next page's cursor (null on the last)", schema: adminUserListSchema } },
  },
  "/api/admin/users/[id]": {
    GET: { tag: "Admin", summary: "A user with daily usage, by model, alerts, feedback (never message text) and audit", access: "admin", metered: true, params: adminUserParamsSchema, success: { status: 200, description: "The user, in detail", schema: adminUserDetailSchema } },
    PATCH: { tag: "Admin", summary: "Change a user's plan, own limits or status; from their next request; audited", access: "admin", metered: true, params: adminUserParamsSchema, body: updateAdminUserSchema, success: { status: 200, description: "The user as changed, in detail", schema: adminUserDetailSchema } },
  },
  "/api/admin/plans": {
    GET: { tag: "Admin", summary: "Every plan and its limits", access: "admin", metered: true, success: { status: 200, description: "The plans", schema: planListSchema } },
    POST: { tag: "Admin", summary: "Create a plan; audited", access: "admin", metered: true, body: createPlanSchema, errors: [409], success: { status: 201, description: "The plan made", schema: planAnswerSchema } },
  },
  "/api/admin/plans/[id]": {
    PATCH: { tag: "Admin", summary: "Edit a plan; audited", access: "admin", metered: true, params: planParamsSchema, body: updatePlanSchema, success: { status: 200, description: "The plan as changed", schema: planAnswerSchema } },
    DELETE: { tag: "Admin", summary: "Delete a plan no account is on; audited", access: "admin", metered: true, params: planParamsSchema, errors: [409], success: { status: 204, description: "Deleted" } },
  },
  "/api/admin/audit": {
    GET: { tag: "Admin", summary: "The append-only log of admin actions, newest first", access: "admin", metered: true, query: auditQuerySchema, success: { status: 200, description: "A page of entries and the next page's cursor (null on the last)", schema: auditPageSchema } },
  },
  "/api/admin/feedback": {
    GET: { tag: "Admin", summary: "The feedback inbox: every rating and vote, filtered, searched and paged", access: "admin", metered: true, query: feedbackInboxQuerySchema, success: { status: 200, description: "A page of items and the next page's cursor (null on the last)", schema: feedbackInboxSchema } },
  },
  "/api/admin/feedback.csv": {
    GET: { tag: "Admin", summary: "The feedback inbox under the same filters, as CSV", access: "admin", metered: true, query: feedbackFilterSchema, success: { status: 200, description: "CSV", contentType: "text/csv" } },
  },
  "/api/admin/feedback/[id]": {
    PATCH: { tag: "Admin", summary: "Mark a feedback item reviewed, or not", access: "admin", metered: true, params: feedbackParamsSchema, body: reviewFeedbackSchema, success: { status: 200, description: "The item's review state", schema: reviewedFeedbackSchema } },
  },
  "/api/admin/reports/weekly": {
    GET: { tag: "Admin", summary: "A week's spend by model and plan, top users, errors, p95 and feedback, beside the week before", access: "admin", metered: true, query: weeklyReportQuerySchema, success: { status: 200, description: "The report", schema: weeklyReportSchema } },
  },
  "/api/admin/reports/weekly.csv": {
    GET: { tag: "Admin", summary: "The weekly report as CSV", access: "admin", metered: true, query: weeklyReportQuerySchema, success: { status: 200, description: "CSV", contentType: "text/csv" } },
  },
  "/api/admin/alerts/[id]": {
    PATCH: { tag: "Admin", summary: "Acknowledge an alert: it does not fire again until it has cleared", access: "admin", metered: true, params: alertParamsSchema, body: acknowledgeAlertSchema, success: { status: 200, description: "The alert, acknowledged", schema: acknowledgedAlertSchema } },
  },
  "/api/admin/alert-thresholds": {
    GET: { tag: "Admin", summary: "What the alert rules fire on, and where each value comes from", access: "admin", metered: true, success: { status: 200, description: "Every threshold", schema: alertThresholdListSchema } },
    PATCH: { tag: "Admin", summary: "Change thresholds (null: back to the environment's)", access: "admin", metered: true, body: updateAlertThresholdsSchema, success: { status: 200, description: "Every threshold, as changed", schema: alertThresholdListSchema } },
  },
  "/api/cron/weekly-report": {
    GET: { tag: "Operations", summary: "Post last week's report to the alert webhook, once a week", access: "cron", success: { status: 200, description: "The week and how its post went", schema: weeklyReportPostSchema } },
  },
  "/api/cron/alerts": {
    GET: { tag: "Operations", summary: "Evaluate the alert rules and post firing alerts", access: "cron", success: { status: 200, description: "The alerts fired and the rules that could not be evaluated", schema: alertRunSchema } },
  },
  "/api/cron/documents": {
    GET: { tag: "Operations", summary: "Index queued documents for up to 45 s (Vercel Cron, each minute; the Supabase mode)", access: "cron", success: { status: 200, description: "How many were indexed and how many failed (back on the queue)", schema: documentIndexingRunSchema } },
  },
  "/api/cron/maintenance": {
    GET: { tag: "Operations", summary: "Prune old windows and settle abandoned work", access: "cron", success: { status: 200, description: "What was done", schema: maintenanceResultSchema } },
  },
  "/monitoring": {
    POST: { tag: "Operations", summary: "The Sentry tunnel: the browser SDK's envelopes, passed on to Sentry", access: "sentry tunnel", bodyType: "bytes", success: { status: 200, description: "Sentry's status, with no body", contentType: "none" } },
  },
};
