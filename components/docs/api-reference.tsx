import Link from "next/link";
import type { OpenApiDocument } from "@/lib/openapi/build-document";

interface Operation {
  summary: string;
  tags: string[];
  security: Record<string, string[]>[];
  "x-mneme-access": string;
  parameters?: { name: string; in: string; required: boolean; schema: unknown }[];
  requestBody?: { content: Record<string, { schema?: unknown }> };
  responses: Record<string, { description?: string; $ref?: string; content?: Record<string, { schema?: unknown }> }>;
}

const methodColors: Record<string, string> = {
  get: "bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-200",
  post: "bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200",
  patch: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
  put: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
  delete: "bg-rose-100 text-rose-900 dark:bg-rose-950 dark:text-rose-200",
};

const accessText: Record<string, string> = {
  public: "Public",
  user: "Signed in, or API key",
  "user, no api key": "Signed in (not with an API key)",
  admin: "Admins (not with an API key)",
  cron: "Bearer CRON_SECRET",
  metrics: "Bearer METRICS_TOKEN",
  "sentry tunnel": "The browser's Sentry SDK",
};

const anchorOf = (method: string, path: string) => `${method}-${path}`.replace(/[^A-Za-z0-9]+/g, "-");

function Schema({ label, schema }: { label: string; schema: unknown }) {
  return (
    <details className="rounded-lg border border-line">
      <summary className="cursor-pointer px-3 py-1.5 text-xs font-medium">{label}</summary>
      <pre className="overflow-x-auto border-t border-line bg-panel px-3 py-2 font-mono text-xs leading-relaxed">{JSON.stringify(schema, null, 2)}</pre>
    </details>
  );
}

function OperationCard({ method, path, operation }: { method: string; path: string; operation: Operation }) {
  const body = operation.requestBody && Object.entries(operation.requestBody.content)[0];
  return (
    <article id={anchorOf(method, path)} aria-labelledby={`${anchorOf(method, path)}-title`} className="scroll-mt-6 rounded-xl border border-line p-4">
      <h3 id={`${anchorOf(method, path)}-title`} className="flex flex-wrap items-center gap-2 font-mono text-sm">
        <span className={`rounded px-1.5 py-0.5 text-xs font-semibold uppercase ${methodColors[method] ?? ""}`}>{method}</span>
        <span className="break-all">{path}</span>
      </h3>
      <p className="mt-1 text-sm">{operation.summary}</p>
      <p className="mt-1 text-xs text-text-muted">{accessText[operation["x-mneme-access"]] ?? operation["x-mneme-access"]}</p>
      <div className="mt-3 flex flex-col gap-2">
        {operation.parameters?.length ? (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-xs">
              <caption className="sr-only">Parameters</caption>
              <thead className="text-text-muted">
                <tr>
                  <th scope="col" className="py-1 pr-3 font-medium">Parameter</th>
                  <th scope="col" className="py-1 pr-3 font-medium">In</th>
                  <th scope="col" className="py-1 font-medium">Schema</th>
                </tr>
              </thead>
              <tbody>
                {operation.parameters.map((parameter) => (
                  <tr key={`${parameter.in}-${parameter.name}`} className="border-t border-line align-top">
                    <td className="py-1 pr-3 font-mono">
                      {parameter.name}
                      {parameter.required ? <span className="text-danger"> *</span> : null}
                    </td>
                    <td className="py-1 pr-3">{parameter.in}</td>
                    <td className="py-1 font-mono break-all">{JSON.stringify(parameter.schema)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        {body ? <Schema label={`Request body (${body[0]})`} schema={body[1].schema ?? {}} /> : null}
        <ul aria-label="Responses" className="flex flex-wrap gap-1.5 text-xs">
          {Object.entries(operation.responses).map(([status, response]) => (
            <li key={status} className="rounded border border-line px-1.5 py-0.5 font-mono" title={response.description ?? "Error envelope"}>
              {status}
            </li>
          ))}
        </ul>
        {Object.entries(operation.responses)
          .filter(([, response]) => response.description && !response.$ref)
          .map(([status, response]) => (
            <div key={status} className="flex flex-col gap-2">
              <p className="text-xs text-text-muted">
                <span className="font-mono">{status}</span>: {response.description}
              </p>
              {Object.entries(response.content ?? {}).map(([type, media]) => (media.schema ? <Schema key={type} label={`Response ${status} (${type})`} schema={media.schema} /> : null))}
            </div>
          ))}
      </div>
    </article>
  );
}

/** The OpenAPI document as a page: operations by tag, each with its access, parameters, body and answers. */
export function ApiReference({ document }: { document: OpenApiDocument }) {
  const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods as Record<string, Operation>).map(([method, operation]) => ({ path, method, operation })),
  );
  const tags = document.tags.map(({ name }) => ({ name, operations: operations.filter(({ operation }) => operation.tags.includes(name)) }));
  return (
    <main className="mx-auto flex w-full max-w-4xl flex-col gap-8 px-4 py-8">
      <header className="flex flex-col gap-2">
        <p className="text-sm text-text-muted">
          <Link href="/settings#api-keys" className="underline-offset-2 hover:underline">
            ← API keys in Settings
          </Link>
        </p>
        <h1 className="text-2xl font-semibold">{document.info.title}</h1>
        <p className="text-sm text-text-muted">{document.info.description}</p>
        <p className="text-sm">
          The machine-readable document:{" "}
          <a href="/api/openapi.json" className="font-mono underline underline-offset-2">
            /api/openapi.json
          </a>{" "}
          (OpenAPI {document.openapi}, version {document.info.version}). Errors are always{" "}
          <code className="rounded bg-raised px-1 py-0.5 font-mono text-xs">{'{ "error": { "code", "message", "requestId" } }'}</code>.
        </p>
      </header>
      <nav aria-label="Sections" className="flex flex-wrap gap-2 text-sm">
        {tags.map((tag) => (
          <a key={tag.name} href={`#tag-${tag.name.replace(/\W+/g, "-")}`} className="rounded-full border border-line px-3 py-1 hover:bg-raised">
            {tag.name}
          </a>
        ))}
      </nav>
      {tags.map((tag) => (
        <section key={tag.name} id={`tag-${tag.name.replace(/\W+/g, "-")}`} aria-labelledby={`tag-${tag.name.replace(/\W+/g, "-")}-title`} className="flex scroll-mt-6 flex-col gap-3">
          <h2 id={`tag-${tag.name.replace(/\W+/g, "-")}-title`} className="text-lg font-semibold">
            {tag.name}
          </h2>
          {tag.operations.map(({ path, method, operation }) => (
            <OperationCard key={`${method} ${path}`} method={method} path={path} operation={operation} />
          ))}
        </section>
      ))}
    </main>
  );
}
