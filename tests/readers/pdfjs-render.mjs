// Render every page of a PDF with pdf.js (Firefox's renderer) onto a canvas and
// write OUTDIR/page-N.png, annotations drawn as a viewer draws them.
//
//     node pdfjs-render.mjs FILE OUTDIR DPI
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createCanvas } from "@napi-rs/canvas";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

const [file, out, dpi] = process.argv.slice(2);
const data = new Uint8Array(readFileSync(file));
const doc = await getDocument({ data, verbosity: 0, disableFontFace: true }).promise;
for (let i = 1; i <= doc.numPages; i++) {
  const page = await doc.getPage(i);
  const viewport = page.getViewport({ scale: Number(dpi) / 72 });
  const canvas = createCanvas(Math.floor(viewport.width), Math.floor(viewport.height));
  const context = canvas.getContext("2d");
  context.fillStyle = "white";
  context.fillRect(0, 0, canvas.width, canvas.height);
  await page.render({ canvasContext: context, canvas, viewport }).promise;
  writeFileSync(join(out, `page-${i}.png`), canvas.toBuffer("image/png"));
}
