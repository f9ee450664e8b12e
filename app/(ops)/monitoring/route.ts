import { readBytes } from "@/lib/http/body";
import { clientAddressOf } from "@/lib/http/client-address";
import { routeHandlers } from "@/lib/http/handler";
import { sentryTunnelPath } from "@/lib/monitoring/browser-sentry-types";
import { forwardSentryEnvelope, sentryEnvelopeLimitBytes } from "@/lib/monitoring/sentry-tunnel";

// The browser SDK's `tunnel`: envelopes arrive as text/plain, so the body is passed on unparsed.
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = routeHandlers(sentryTunnelPath, {
  POST: async (request) => {
    const body = await readBytes(request, { limitBytes: sentryEnvelopeLimitBytes });
    const { status, headers } = await forwardSentryEnvelope(body, { clientAddress: clientAddressOf(request) });
    return new Response(null, { status, headers });
  },
});
