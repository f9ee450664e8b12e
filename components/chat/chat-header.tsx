"use client";

import { PageHeader } from "@/components/page-header";
import { ModelPicker } from "./model-picker";

export function ChatHeader({ title }: { title: string }) {
  return (
    <PageHeader title={title}>
      <ModelPicker />
    </PageHeader>
  );
}
