const wellFormed = /^[A-Za-z0-9._:-]{8,128}$/;

/** Echoes a well-formed incoming `X-Request-Id`, else makes a new one. */
export function requestIdFrom(headers: Headers): string {
  const incoming = headers.get("x-request-id");
  return incoming && wellFormed.test(incoming) ? incoming : crypto.randomUUID();
}
