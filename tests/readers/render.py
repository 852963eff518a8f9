#!/usr/bin/env python3
"""Render every page of a PDF to an 8-bit grayscale PNG with one renderer.

    render.py RENDERER FILE OUTDIR DPI      RENDERER: poppler | mupdf | ghostscript | pdfium | pdfjs

Writes OUTDIR/page-1.png, page-2.png, ... Each renderer is called through its own
command line or library, the way a viewer built on it draws the page (annotations
included), so that the test can compare what each of them shows.
"""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def run(argv):
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, timeout=120)


def poppler(path, out, dpi):
    run(["pdftoppm", "-gray", "-png", "-r", str(dpi), path, os.path.join(out, "p")])
    # pdftoppm numbers pages with leading zeros depending on the page count.
    for name in os.listdir(out):
        if name.startswith("p-") and name.endswith(".png"):
            n = int(name[2:-4])
            os.rename(os.path.join(out, name), os.path.join(out, f"page-{n}.png"))


def mupdf(path, out, dpi):
    run(["mutool", "draw", "-q", "-c", "gray", "-r", str(dpi), "-o",
         os.path.join(out, "page-%d.png"), path])


def ghostscript(path, out, dpi):
    run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pnggray",
         f"-r{dpi}", "-dTextAlphaBits=4", "-dGraphicsAlphaBits=4",
         "-sOutputFile=" + os.path.join(out, "page-%d.png"), path])


def pdfium(path, out, dpi):
    import pypdfium2

    doc = pypdfium2.PdfDocument(path)
    for i in range(len(doc)):
        page = doc[i]
        image = page.render(scale=dpi / 72, grayscale=True, may_draw_forms=True).to_pil()
        image.convert("L").save(os.path.join(out, f"page-{i + 1}.png"))


def pdfjs(path, out, dpi):
    run(["node", os.path.join(HERE, "pdfjs-render.mjs"), path, out, str(dpi)])


RENDERERS = {"poppler": poppler, "mupdf": mupdf, "ghostscript": ghostscript,
             "pdfium": pdfium, "pdfjs": pdfjs}

if __name__ == "__main__":
    renderer, path, out, dpi = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    os.makedirs(out, exist_ok=True)
    RENDERERS[renderer](path, out, dpi)
