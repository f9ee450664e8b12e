"use client";

import { useEffect } from "react";
import { onCLS, onFCP, onINP, onLCP, onTTFB, type Metric } from "web-vitals";
import type { WebVitalReport } from "@/lib/monitoring/web-vital-types";

function send(metric: Metric): void {
  const report: WebVitalReport = {
    name: metric.name,
    value: metric.value,
    rating: metric.rating,
    id: metric.id,
    page: window.location.pathname,
  };
  const body = JSON.stringify(report);
  // A beacon survives the page being hidden or closed, when INP and CLS are final; it goes as text/plain.
  if (navigator.sendBeacon?.("/api/vitals", body)) return;
  void fetch("/api/vitals", { method: "POST", body, keepalive: true, headers: { "content-type": "application/json" } }).catch(() => {
    // Losing a vital is fine; it must never disturb the page.
  });
}

let started = false;

/** Reports the page's Core Web Vitals (LCP, INP, CLS) and FCP and TTFB to POST /api/vitals. */
export function WebVitalsReporter() {
  useEffect(() => {
    if (started) return;
    started = true;
    onLCP(send);
    onINP(send);
    onCLS(send);
    onFCP(send);
    onTTFB(send);
  }, []);
  return null;
}
