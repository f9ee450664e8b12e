import "server-only";
import { Inflate } from "fflate";

export class ZipError extends Error {
  constructor(
    message: string,
    readonly reason: "not_zip" | "too_large" | "encrypted" | "damaged",
  ) {
    super(message);
    this.name = "ZipError";
  }
}

const endOfDirectorySignature = 0x06054b50;
const directoryEntrySignature = 0x02014b50;
const localHeaderSignature = 0x04034b50;

/**
 * Every entry of a zip archive, inflated, read from its central directory (where Word and every
 * zip reader look). What an entry says its size is counts for nothing: inflating stops as soon as
 * all entries together pass `maxBytes`, so a zip bomb costs at most that much memory.
 */
export function readZipEntries(bytes: Uint8Array, { maxBytes }: { maxBytes: number }): Map<string, Uint8Array> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (offset: number) => view.getUint16(offset, true);
  const u32 = (offset: number) => view.getUint32(offset, true);
  const inBounds = (offset: number, length: number) => offset >= 0 && length >= 0 && offset + length <= bytes.byteLength;

  let end = -1;
  for (let offset = bytes.byteLength - 22; offset >= Math.max(0, bytes.byteLength - 22 - 65_535); offset--) {
    if (u32(offset) === endOfDirectorySignature) {
      end = offset;
      break;
    }
  }
  if (end < 0) throw new ZipError("no end of central directory", "not_zip");
  const count = u16(end + 10);
  let cursor = u32(end + 16);
  if (count === 0xffff || cursor === 0xffffffff) throw new ZipError("zip64 archives are not read", "damaged");

  const entries = new Map<string, Uint8Array>();
  let total = 0;
  for (let index = 0; index < count; index++) {
    if (!inBounds(cursor, 46) || u32(cursor) !== directoryEntrySignature) throw new ZipError("broken central directory", "damaged");
    const flags = u16(cursor + 8);
    const method = u16(cursor + 10);
    const compressedSize = u32(cursor + 20);
    const nameLength = u16(cursor + 28);
    const extraLength = u16(cursor + 30);
    const commentLength = u16(cursor + 32);
    const localOffset = u32(cursor + 42);
    if (!inBounds(cursor + 46, nameLength)) throw new ZipError("broken entry name", "damaged");
    const name = new TextDecoder().decode(bytes.subarray(cursor + 46, cursor + 46 + nameLength));
    cursor += 46 + nameLength + extraLength + commentLength;
    if (flags & 1) throw new ZipError(`${name} is encrypted`, "encrypted");
    if (name.endsWith("/")) continue;

    if (!inBounds(localOffset, 30) || u32(localOffset) !== localHeaderSignature) throw new ZipError(`broken local header of ${name}`, "damaged");
    const dataStart = localOffset + 30 + u16(localOffset + 26) + u16(localOffset + 28);
    if (!inBounds(dataStart, compressedSize)) throw new ZipError(`${name} runs past the end`, "damaged");
    const data = bytes.subarray(dataStart, dataStart + compressedSize);

    if (method === 0) {
      total += data.byteLength;
      if (total > maxBytes) throw new ZipError("expands past the limit", "too_large");
      entries.set(name, data);
    } else if (method === 8) {
      const parts: Uint8Array[] = [];
      const inflate = new Inflate((chunk) => {
        total += chunk.byteLength;
        if (total > maxBytes) throw new ZipError("expands past the limit", "too_large");
        parts.push(chunk);
      });
      try {
        for (let offset = 0; offset < data.byteLength; offset += 64 * 1024) {
          inflate.push(data.subarray(offset, offset + 64 * 1024), offset + 64 * 1024 >= data.byteLength);
        }
        if (data.byteLength === 0) inflate.push(new Uint8Array(0), true);
      } catch (error) {
        if (error instanceof ZipError) throw error;
        throw new ZipError(`${name} does not inflate`, "damaged");
      }
      entries.set(name, Buffer.concat(parts));
    } else {
      throw new ZipError(`${name} uses compression method ${method}`, "damaged");
    }
  }
  return entries;
}
