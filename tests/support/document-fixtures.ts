import { zipSync, strToU8 } from "fflate";

/**
 * Small files of every format the documents routes read, made here instead of committed: each
 * test says what is in its file. The PDFs are written object by object with a cross-reference
 * table, Helvetica text on each page, as a PDF writer would.
 *
 * A PDF of text pages. `padBytes` adds an object of that many bytes that no page uses (as an
 * image a page no longer shows), for a file past a size without more text to index.
 */
export function makePdf(pages: string[], { encrypted = false, padBytes = 0 }: { encrypted?: boolean; padBytes?: number } = {}): Buffer {
  const escape = (text: string) => text.replace(/[\\()]/g, (char) => `\\${char}`);
  const objects: string[] = ["<< /Type /Catalog /Pages 2 0 R >>"];
  const kids = pages.map((_, index) => `${3 + index * 2} 0 R`).join(" ");
  objects.push(`<< /Type /Pages /Kids [${kids}] /Count ${pages.length} >>`);
  const fontId = 3 + pages.length * 2;
  pages.forEach((text, index) => {
    const lines = text.split("\n").map((line, at) => `${at === 0 ? "" : "0 -16 Td "}(${escape(line)}) Tj`).join(" ");
    const stream = text ? `BT /F1 12 Tf 72 720 Td ${lines} ET` : "";
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents ${4 + index * 2} 0 R /Resources << /Font << /F1 ${fontId} 0 R >> >> >>`);
    objects.push(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`);
  });
  objects.push("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
  if (padBytes > 0) objects.push(`<< /Length ${padBytes} >>\nstream\n${"x".repeat(padBytes)}\nendstream`);
  // A standard security handler whose user password is not empty: a reader must ask for it.
  if (encrypted) objects.push(`<< /Filter /Standard /V 1 /R 2 /Length 40 /P -4 /O <${"ab".repeat(32)}> /U <${"cd".repeat(32)}> >>`);
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(out.length);
    out += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, "0")} 00000 n \n`).join("")}`;
  const encryption = encrypted ? ` /Encrypt ${objects.length} 0 R /ID [<${"01".repeat(16)}> <${"01".repeat(16)}>]` : "";
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R${encryption} >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}

const contentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`;
const rootRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`;

/** A Word document of paragraphs; `# ` starts a Heading 1 paragraph (mammoth reads the style name). */
export function makeDocx(paragraphs: string[], extra: Record<string, Uint8Array> = {}): Buffer {
  const body = paragraphs
    .map((text) => {
      const heading = text.startsWith("# ");
      const style = heading ? `<w:pPr><w:pStyle w:val="Heading1"/></w:pPr>` : "";
      const escaped = (heading ? text.slice(2) : text).replace(/&/g, "&amp;").replace(/</g, "&lt;");
      return `<w:p>${style}<w:r><w:t xml:space="preserve">${escaped}</w:t></w:r></w:p>`;
    })
    .join("");
  const documentXml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`;
  const styles = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style></w:styles>`;
  const documentRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`;
  return Buffer.from(
    zipSync({
      "[Content_Types].xml": strToU8(contentTypes),
      "_rels/.rels": strToU8(rootRels),
      "word/document.xml": strToU8(documentXml),
      "word/styles.xml": strToU8(styles),
      "word/_rels/document.xml.rels": strToU8(documentRels),
      ...extra,
    }),
  );
}

/** A Word file that inflates to `megabytes` of zeros in one extra part: small on the wire. */
export const makeZipBombDocx = (megabytes: number) => makeDocx(["Nothing to see"], { "word/media/padding.bin": new Uint8Array(megabytes * 1024 * 1024) });

/** A zip archive that is no Word document. */
export const makeZip = () => Buffer.from(zipSync({ "readme.txt": strToU8("just a zip") }));

export const pngBytes = Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000", "hex");
