// The headers of every response, which next.config.mjs sets and the app reuses (./security-headers.ts).
// Plain JavaScript with no imports, since next.config.mjs loads it as it is; its types are in
// ./static-headers.d.mts.

/**
 * Sent on every response. HSTS goes out always: browsers ignore it over plain HTTP (RFC 6797
 * §8.1), so local `http://` runs are unaffected, and a TLS-terminating host (Vercel) needs no
 * switch. No `preload`: joining the browsers' preload list is the operator's own decision.
 */
export const securityHeaders = [
  { key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  {
    key: "Permissions-Policy",
    value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), hid=(), midi=(), browsing-topics=(), interest-cohort=()",
  },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

export const serializeContentSecurityPolicy = (directives) =>
  Object.entries(directives)
    .map(([name, sources]) => [name, ...sources].join(" "))
    .join("; ");

/**
 * The policy for responses that are not pages (JSON, streams, static files, the Sentry tunnel):
 * they never need to run or load anything, so nothing is allowed.
 */
export const resourceContentSecurityPolicy = serializeContentSecurityPolicy({
  "default-src": ["'none'"],
  "frame-ancestors": ["'none'"],
  "base-uri": ["'none'"],
  "form-action": ["'none'"],
});

/**
 * Uploaded files served back (GET /api/documents/:id/file): the resource policy plus `sandbox`, so
 * that even a browser that renders one despite `attachment` and `nosniff` gives it an opaque
 * origin with no script.
 */
export const downloadContentSecurityPolicy = serializeContentSecurityPolicy({
  "default-src": ["'none'"],
  "frame-ancestors": ["'none'"],
  "base-uri": ["'none'"],
  "form-action": ["'none'"],
  sandbox: [],
});
