"use client";

import { useEffect, useRef, useState } from "react";
import type { CaptchaConfig } from "@/lib/auth/captcha-providers";
import { loadCaptchaApi, type CaptchaApi } from "@/lib/client/captcha";

interface CaptchaWidgetProps {
  config: CaptchaConfig;
  /** The widget's answer, or null when it expired, failed or was reset. */
  onToken: (token: string | null) => void;
  /** Changing this resets the widget: a token is good for one request only. */
  resetKey: number;
}

/** The CAPTCHA that Supabase Auth's Attack Protection asks for, rendered into our own element. */
export function CaptchaWidget({ config, onToken, resetKey }: CaptchaWidgetProps) {
  const container = useRef<HTMLDivElement>(null);
  const widget = useRef<{ api: CaptchaApi; id: string } | null>(null);
  const tokenHandler = useRef(onToken);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    tokenHandler.current = onToken;
  }, [onToken]);

  useEffect(() => {
    let cancelled = false;
    loadCaptchaApi(config.provider).then(
      (api) => {
        if (cancelled || !container.current) return;
        const id = api.render(container.current, {
          sitekey: config.siteKey,
          callback: (token) => tokenHandler.current(token),
          "expired-callback": () => tokenHandler.current(null),
          "error-callback": () => tokenHandler.current(null),
        });
        widget.current = { api, id };
      },
      () => {
        if (!cancelled) setFailed(true);
      },
    );
    return () => {
      cancelled = true;
      if (widget.current) widget.current.api.remove(widget.current.id);
      widget.current = null;
    };
  }, [config.provider, config.siteKey]);

  useEffect(() => {
    if (resetKey > 0 && widget.current) widget.current.api.reset(widget.current.id);
  }, [resetKey]);

  return (
    <div className="flex min-h-16 flex-col gap-1">
      <div ref={container} data-captcha-provider={config.provider} data-sitekey={config.siteKey} />
      {failed && (
        <p role="alert" className="text-sm text-danger">
          The security check could not load. Check your connection or content blocker, then reload the page.
        </p>
      )}
    </div>
  );
}
