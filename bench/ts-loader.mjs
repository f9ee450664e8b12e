// Node 20 cannot run TypeScript by itself. These module hooks let `node --import ./bench/register.mjs
// bench/x.ts` run bench scripts (and the test fakes they reuse) with no new dependency: `.ts` files
// are transpiled with the project's own TypeScript, types erased, nothing checked.
import { readFile } from "node:fs/promises";
import ts from "typescript";

const isRelative = (specifier) => specifier.startsWith("./") || specifier.startsWith("../");

/** `import "./x"` finds `./x.ts`, as the project's bundler-style resolution does. */
export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    if (error?.code !== "ERR_MODULE_NOT_FOUND" || !isRelative(specifier)) throw error;
    return nextResolve(`${specifier}.ts`, context);
  }
}

export async function load(url, context, nextLoad) {
  if (!url.startsWith("file:") || !url.endsWith(".ts")) return nextLoad(url, context);
  const source = await readFile(new URL(url), "utf8");
  const { outputText } = ts.transpileModule(source, {
    fileName: url,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, sourceMap: false },
  });
  return { format: "module", source: outputText, shortCircuit: true };
}
