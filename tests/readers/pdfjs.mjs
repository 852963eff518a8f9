// The text of a PDF as pdf.js gives it (getTextContent, page by page), UTF-8 on
// standard output: what Firefox's viewer copies and searches.
//
//     node pdfjs.mjs FILE
import { readFileSync } from "node:fs";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

const data = new Uint8Array(readFileSync(process.argv[2]));
const doc = await getDocument({ data, verbosity: 0 }).promise;
let out = "";
for (let i = 1; i <= doc.numPages; i++) {
  const page = await doc.getPage(i);
  const content = await page.getTextContent();
  for (const item of content.items) {
    out += item.str + (item.hasEOL ? "\n" : "");
  }
  out += "\n";
}
process.stdout.write(out);
