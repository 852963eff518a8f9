#!/usr/bin/env python3
"""The text of a PDF as one Python-based reader gives it.

    extract.py READER FILE      READER: pdfminer | pdfplumber | pypdf | pdfium

Writes the text, UTF-8, on standard output: each reader's ordinary extraction call,
with its defaults, the way a document pipeline or an archive indexer would call it.
"""
import sys


def pdfminer(path):
    from pdfminer.high_level import extract_text

    return extract_text(path)


def pdfplumber(path):
    import pdfplumber as plumber

    with plumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def pypdf(path):
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def pdfium(path):
    import pypdfium2

    doc = pypdfium2.PdfDocument(path)
    return "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))


READERS = {"pdfminer": pdfminer, "pdfplumber": pdfplumber, "pypdf": pypdf, "pdfium": pdfium}

if __name__ == "__main__":
    reader, path = sys.argv[1], sys.argv[2]
    sys.stdout.buffer.write(READERS[reader](path).encode("utf-8"))
