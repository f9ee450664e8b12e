import type { JSHandle, Locator, Page } from "@playwright/test";

export interface FileToSend {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

/** A DataTransfer holding the file, as a browser makes one for a drag from the desktop or a paste. */
export function transferOf(page: Page, file: FileToSend): Promise<JSHandle<DataTransfer>> {
  return page.evaluateHandle(
    ({ name, mimeType, bytes }) => {
      const data = new DataTransfer();
      data.items.add(new File([new Uint8Array(bytes)], name, { type: mimeType }));
      return data;
    },
    { name: file.name, mimeType: file.mimeType, bytes: [...file.buffer] },
  );
}

/** Drags the file over the target and drops it there. */
export async function dropFile(page: Page, target: Locator, file: FileToSend) {
  const transfer = await transferOf(page, file);
  await target.dispatchEvent("dragover", { dataTransfer: transfer });
  await target.dispatchEvent("drop", { dataTransfer: transfer });
}
