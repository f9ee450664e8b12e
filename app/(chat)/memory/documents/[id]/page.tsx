import type { Metadata } from "next";
import { DocumentReader } from "@/components/memory/document-reader";

export const metadata: Metadata = { title: "Document" };

export default async function DocumentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <DocumentReader key={id} documentId={id} />;
}
