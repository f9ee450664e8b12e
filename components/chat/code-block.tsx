"use client";

import { isValidElement, useRef, type ComponentProps } from "react";
import { CopyButton } from "@/components/ui/copy-button";

/** The `language-xyz` class remark puts on a fenced block's `<code>`. */
function readLanguage(children: unknown): string | null {
  if (!isValidElement<{ className?: string }>(children)) return null;
  return children.props.className?.match(/language-([\w+#-]+)/)?.[1] ?? null;
}

export function CodeBlock({ children }: ComponentProps<"pre">) {
  const preRef = useRef<HTMLPreElement>(null);
  return (
    <div className="overflow-hidden rounded-xl border border-line bg-panel">
      <div className="flex items-center justify-between border-b border-line py-1 pr-1 pl-3">
        <span className="font-mono text-xs text-text-muted">{readLanguage(children) ?? "text"}</span>
        <CopyButton label="Copy code" getText={() => preRef.current?.textContent ?? ""} />
      </div>
      <pre ref={preRef} className="overflow-x-auto p-3 font-mono text-[0.85em] leading-relaxed">
        {children}
      </pre>
    </div>
  );
}
