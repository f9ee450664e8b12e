// Shapes of the API keys API (API.md, "API keys"), shared by the server and the browser.

export interface ApiKey {
  id: string;
  name: string;
  /** `mnk_` and the first random characters: enough to tell keys apart, nothing to use. */
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
}

/** The answer to creating a key: the only time the secret leaves the server. */
export interface CreatedApiKey {
  key: ApiKey;
  secret: string;
}

export const apiKeyNameLimit = 100;
