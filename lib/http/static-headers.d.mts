export interface Header {
  key: string;
  value: string;
}

export declare const securityHeaders: readonly Header[];

/** `name source source; name source …` from CSP directives and their sources. */
export declare function serializeContentSecurityPolicy(directives: Record<string, string[]>): string;

export declare const resourceContentSecurityPolicy: string;

export declare const downloadContentSecurityPolicy: string;
