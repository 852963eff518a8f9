#!/usr/bin/env python3
"""Check the clauses of ISO 19005-2 (PDF/A-2, level B) that signing and issuing a
PDF touch, with pikepdf and the file's own bytes. Not a full validator (veraPDF
is one): it checks what an incremental update that fills fields and adds
signatures can break, and names each clause it finds broken.

    python3 check.py FILE.pdf

Prints one line per rule broken, `FAIL <clause>: <what>`, then a summary line;
exits 0 when every rule holds, 1 when one is broken, 2 when the file cannot be
read at all.
"""

import datetime
import re
import sys
import xml.etree.ElementTree as ET

import logging

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream

NS = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
}

# Annotation flags (ISO 32000-1, 12.5.3).
INVISIBLE, HIDDEN, PRINT, NOVIEW, TOGGLE_NOVIEW = 1, 2, 4, 32, 256
# Actions ISO 19005-2 6.5.1 forbids.
FORBIDDEN_ACTIONS = {
    "/Launch", "/Sound", "/Movie", "/ResetForm", "/ImportData", "/Hide",
    "/SetOCGState", "/Rendition", "/Trans", "/GoTo3DView", "/JavaScript",
}


# fontTools speaks of glyph padding it tolerates; only the verdicts are printed.
logging.getLogger("fontTools").setLevel(logging.ERROR)


class Report:
    def __init__(self):
        self.failures = []
        self.checked = set()

    def rule(self, clause):
        self.checked.add(clause)

    def fail(self, clause, what):
        self.checked.add(clause)
        self.failures.append((clause, what))


def revisions(data):
    """The end offset of each revision (after its %%EOF and end of line)."""
    ends = []
    for m in re.finditer(rb"%%EOF[ \t]*(\r\n|\r|\n)?", data):
        ends.append(m.end())
    return ends


def trailer_text(data, startxref):
    """The trailer dictionary of the revision whose xref starts at `startxref`:
    the `trailer` dictionary of a classic table, or the dictionary of an xref
    stream, as raw text."""
    head = data[startxref:startxref + 4]
    if head == b"xref":
        t = data.find(b"trailer", startxref)
        s = data.find(b"startxref", t)
        return data[t:s] if t >= 0 else b""
    # An xref stream: the object's dictionary up to `stream`.
    end = data.find(b"stream", startxref)
    return data[startxref:end] if end >= 0 else b""


def check_file_structure(data, r):
    # 6.1.2: the header, and the comment of four bytes above 127 that follows it.
    r.rule("6.1.2")
    m = re.match(rb"%PDF-([0-9])\.([0-9])(\r\n|\r|\n)%(.*?)(\r\n|\r|\n)", data, re.S)
    if not m:
        r.fail("6.1.2", "the file does not begin with %PDF-1.n and a binary comment line")
    else:
        if (int(m.group(1)), int(m.group(2))) > (1, 7):
            r.fail("6.1.2", "header version %s.%s is past 1.7" % (m.group(1).decode(), m.group(2).decode()))
        if sum(1 for b in m.group(4)[:4] if b > 127) < 4:
            r.fail("6.1.2", "the comment after the header has fewer than four bytes above 127")
    # 6.1.3: every revision's trailer has /ID and no /Encrypt; nothing after the
    # last %%EOF but one end of line.
    r.rule("6.1.3")
    ends = revisions(data)
    if not ends:
        r.fail("6.1.3", "no %%EOF marker")
        return ends
    if data[ends[-1]:]:
        r.fail("6.1.3", "%d bytes follow the last %%%%EOF and its end of line" % (len(data) - ends[-1]))
    start = 0
    for i, end in enumerate(ends, 1):
        chunk = data[start:end]
        m = list(re.finditer(rb"startxref\s+(\d+)", chunk))
        if not m:
            r.fail("6.1.3", "revision %d has no startxref" % i)
        else:
            text = trailer_text(data, int(m[-1].group(1)))
            if not re.search(rb"/ID\s*\[", text):
                r.fail("6.1.3", "the trailer of revision %d has no /ID" % i)
            if re.search(rb"/Encrypt\b", text):
                r.fail("6.1.3", "the trailer of revision %d has /Encrypt (encryption is not allowed)" % i)
        start = end
    return ends


XREF_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])(\r\n| \r| \n)")
OBJ_HEADER = re.compile(rb"(\d+) (\d+) obj(\r\n|\r|\n)")


def xref_tables(data, ends, r):
    """6.1.4: each revision's cross-reference table as ISO 19005-2 writes it (the
    `xref` keyword, one end of line, subsection headers of two numbers separated by
    one space, entries of 20 bytes). Gives the in-use objects of every revision as
    (number, generation, offset); an xref stream gives none (its objects are not
    checked byte by byte)."""
    r.rule("6.1.4")
    objects = []
    start = 0
    for i, end in enumerate(ends, 1):
        m = list(re.finditer(rb"startxref\s+(\d+)", data[start:end]))
        start = end
        if not m:
            continue
        at = int(m[-1].group(1))
        if data[at:at + 4] != b"xref":
            continue
        pos = at + 4
        eol = re.match(rb"\r\n|\r|\n", data[pos:pos + 2])
        if not eol or re.match(rb"[\r\n ]", data[pos + eol.end():pos + eol.end() + 1]):
            r.fail("6.1.4", "revision %d: the xref keyword is not followed by a single end of line" % i)
            continue
        pos += eol.end()
        while True:
            h = re.match(rb"(\d+)([ \t]+)(\d+)[ \t]*(\r\n|\r|\n)", data[pos:pos + 40])
            if not h:
                break
            if h.group(2) != b" ":
                r.fail("6.1.4", "revision %d: a subsection header's two numbers are not separated by one space" % i)
            first, count = int(h.group(1)), int(h.group(3))
            pos += h.end()
            for k in range(count):
                e = XREF_ENTRY.match(data, pos)
                if not e:
                    r.fail("6.1.4", "revision %d: entry %d of the xref table is not 20 bytes" % (i, first + k))
                    break
                if e.group(3) == b"n":
                    objects.append((first + k, int(e.group(2)), int(e.group(1)), i))
                pos = e.end()
    return objects


def check_objects(pdf, data, objects, r):
    """6.1.9: each object's `N G obj` and `endobj` on lines of their own; 6.1.7.1:
    `stream` followed by CR LF or LF, its /Length the bytes up to the end of line
    before `endstream`, no external stream keys."""
    r.rule("6.1.7.1")
    r.rule("6.1.9")
    for num, gen, off, rev in objects:
        what = "revision %d, object %d %d" % (rev, num, gen)
        h = OBJ_HEADER.match(data, off)
        if not h or int(h.group(1)) != num or int(h.group(2)) != gen:
            r.fail("6.1.9", "%s: no `%d %d obj` header with one space between its parts at offset %d"
                   % (what, num, gen, off))
            continue
        if off > 0 and data[off - 1:off] not in (b"\r", b"\n"):
            r.fail("6.1.9", "%s: the object does not start on a line of its own" % what)
        endobj = data.find(b"endobj", h.end())
        stream = re.compile(rb">>\s*stream(\r\n|\n|\r)").search(data, h.end(), endobj if endobj >= 0 else len(data))
        if stream:
            dict_text = data[h.end():stream.start()]
            if stream.group(1) == b"\r":
                r.fail("6.1.7.1", "%s: the stream keyword is followed by a CR alone" % what)
            if re.search(rb"/(F|FFilter|FDecodeParms)[\s/<\[(]", dict_text):
                r.fail("6.1.7.1", "%s: a stream with an external file key (F, FFilter, FDecodeParms)" % what)
            # The last /Length of the dictionary at its top level is the one.
            lengths = re.findall(rb"/Length\s+(\d+)(?:\s+(\d+)\s+R)?", dict_text)
            if not lengths:
                r.fail("6.1.7.1", "%s: a stream without /Length" % what)
                continue
            value, ref = lengths[-1]
            length = int(value)
            if ref:
                length = int(pdf.get_object(int(value), int(ref)))
            start = stream.end()
            tail = re.match(rb"(\r\n|\r|\n)endstream", data[start + length:start + length + 12])
            if not tail:
                r.fail("6.1.7.1", "%s: /Length %d does not end at the end of line before endstream" % (what, length))
                continue
            endobj = data.find(b"endobj", start + length)
        if endobj < 0:
            r.fail("6.1.9", "%s: no endobj" % what)
            continue
        if data[endobj - 1:endobj] not in (b"\r", b"\n"):
            r.fail("6.1.9", "%s: endobj is not on a line of its own" % what)
        if not re.match(rb"\r\n|\r|\n", data[endobj + 6:endobj + 8]) and endobj + 6 < len(data):
            r.fail("6.1.9", "%s: endobj is not followed by an end of line" % what)


def check_limits(pdf, r):
    """6.1.13: the implementation limits of ISO 19005-2 (strings of 32,767 bytes at
    most, names of 127, integers within 32 bits)."""
    r.rule("6.1.13")
    seen = set()

    def walk(obj, where, depth=0):
        if depth > 64:
            return
        if isinstance(obj, (Dictionary, Stream, Array)):
            key = obj.objgen
            if key != (0, 0):
                if key in seen:
                    return
                seen.add(key)
        if isinstance(obj, pikepdf.String):
            if len(bytes(obj)) > 32767:
                r.fail("6.1.13", "%s: a string of %d bytes (the limit is 32,767)" % (where, len(bytes(obj))))
        elif isinstance(obj, Name):
            if len(str(obj).encode()) - 1 > 127:
                r.fail("6.1.13", "%s: a name of more than 127 bytes" % where)
        elif isinstance(obj, int) and not isinstance(obj, bool):
            if not -2**31 <= obj <= 2**31 - 1:
                r.fail("6.1.13", "%s: the integer %d is out of 32 bits" % (where, obj))
        elif isinstance(obj, (Dictionary, Stream)):
            for k, v in obj.items():
                if len(k.encode()) - 1 > 127:
                    r.fail("6.1.13", "%s: a name of more than 127 bytes" % where)
                walk(v, where, depth + 1)
        elif isinstance(obj, Array):
            for v in obj:
                walk(v, where, depth + 1)

    for obj in pdf.objects:
        walk(obj, "object %d %d" % obj.objgen if hasattr(obj, "objgen") else "an object")


def fonts_of(resources, seen):
    """Every font dictionary of `resources` and of the form XObjects within."""
    if not isinstance(resources, Dictionary):
        return
    key = resources.objgen
    if key != (0, 0) and key in seen:
        return
    seen.add(key)
    fonts = resources.get("/Font")
    if isinstance(fonts, Dictionary):
        for name, font in fonts.items():
            yield name, font
    xobjects = resources.get("/XObject")
    if isinstance(xobjects, Dictionary):
        for _, x in xobjects.items():
            if isinstance(x, Stream) and x.get("/Subtype") == Name.Form:
                yield from fonts_of(x.get("/Resources"), seen)


def xobjects_of(resources, seen):
    """Every XObject of `resources` and of the form XObjects within, with its name."""
    if not isinstance(resources, Dictionary):
        return
    key = resources.objgen
    if key != (0, 0) and key in seen:
        return
    seen.add(key)
    xobjects = resources.get("/XObject")
    if isinstance(xobjects, Dictionary):
        for name, x in xobjects.items():
            if isinstance(x, Stream):
                yield name, x
                if x.get("/Subtype") == Name.Form:
                    yield from xobjects_of(x.get("/Resources"), seen)


def check_xobject(where, name, x, intent_components, r):
    """6.2.8 images (no Alternates, no OPI, Interpolate false), 6.2.9 form
    XObjects (no OPI, no Ref, no PostScript), 6.2.4.3 device colour spaces that
    the output intent covers (DeviceRGB with an RGB profile, DeviceCMYK with a
    CMYK one; DeviceGray with either)."""
    label = "%s: XObject %s" % (where, name)
    if x.get("/Subtype") == Name.Image:
        r.rule("6.2.8")
        if bool(x.get("/Interpolate", False)):
            r.fail("6.2.8", "%s: an image with Interpolate true" % label)
        for key in ("/Alternates", "/OPI"):
            if key in x:
                r.fail("6.2.8", "%s: an image with %s" % (label, key))
        r.rule("6.2.4.3")
        cs = x.get("/ColorSpace")
        want = {Name.DeviceRGB: 3, Name.DeviceCMYK: 4}
        if isinstance(cs, Name) and cs in want and intent_components != want[cs]:
            r.fail("6.2.4.3", "%s: %s without an output intent of %d components"
                   % (label, cs, want[cs]))
        if isinstance(x.get("/SMask"), Stream):
            check_xobject(where, str(name) + "'s soft mask", x.SMask, intent_components, r)
    elif x.get("/Subtype") == Name.Form:
        r.rule("6.2.9")
        for key in ("/OPI", "/Ref"):
            if key in x:
                r.fail("6.2.9", "%s: a form XObject with %s" % (label, key))
        if x.get("/Subtype2") == Name.PS:
            r.fail("6.2.9", "%s: a PostScript XObject" % label)


def check_font(where, name, font, r):
    """6.2.11.4: the font program is embedded (a Type 3 font is its own program)."""
    r.rule("6.2.11.4")
    subtype = font.get("/Subtype")
    if subtype == Name.Type3:
        return
    target = font
    if subtype == Name.Type0:
        desc = font.get("/DescendantFonts")
        if not isinstance(desc, Array) or len(desc) == 0:
            r.fail("6.2.11.4", "%s: font %s has no descendant font" % (where, name))
            return
        target = desc[0]
    fd = target.get("/FontDescriptor")
    base = str(font.get("/BaseFont", name))
    if not isinstance(fd, Dictionary):
        r.fail("6.2.11.4", "%s: font %s (%s) has no font descriptor, so no embedded program" % (where, name, base))
        return
    if not any(k in fd for k in ("/FontFile", "/FontFile2", "/FontFile3")):
        r.fail("6.2.11.4", "%s: font %s (%s) is not embedded" % (where, name, base))


class CodeMap:
    """How a composite font's codes become CIDs: Identity-H/V (two bytes, the code
    is the CID) or an embedded CMap's code space, cidrange and cidchar entries."""

    def __init__(self, encoding):
        self.spaces, self.ranges, self.chars = [], [], {}
        if isinstance(encoding, Stream):
            text = encoding.read_bytes().decode("latin-1")
            hexes = lambda block: [bytes.fromhex(h) for h in re.findall(r"<([0-9A-Fa-f]*)>", block)]
            for block in re.findall(r"begincodespacerange(.*?)endcodespacerange", text, re.S):
                h = hexes(block)
                self.spaces += list(zip(h[0::2], h[1::2]))
            for block in re.findall(r"begincidrange(.*?)endcidrange", text, re.S):
                for lo, hi, cid in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(\d+)", block):
                    self.ranges.append((bytes.fromhex(lo), bytes.fromhex(hi), int(cid)))
            for block in re.findall(r"begincidchar(.*?)endcidchar", text, re.S):
                for code, cid in re.findall(r"<([0-9A-Fa-f]+)>\s*(\d+)", block):
                    self.chars[bytes.fromhex(code)] = int(cid)
        else:
            self.spaces = [(b"\x00\x00", b"\xff\xff")]
            self.identity = True
        self.identity = not isinstance(encoding, Stream)

    def cids(self, data):
        i = 0
        while i < len(data):
            for n in (1, 2, 3, 4):
                code = data[i:i + n]
                if any(len(lo) == n and lo <= code <= hi for lo, hi in self.spaces):
                    break
            else:
                n, code = 1, data[i:i + 1]
            i += n
            if self.identity:
                yield int.from_bytes(code, "big")
            elif code in self.chars:
                yield self.chars[code]
            else:
                for lo, hi, cid in self.ranges:
                    if len(lo) == len(code) and lo <= code <= hi:
                        yield cid + int.from_bytes(code, "big") - int.from_bytes(lo, "big")
                        break
                else:
                    yield 0


def widths_of(cidfont):
    """The CID font's /W array as a map of CID to width, and its /DW."""
    w, out = list(cidfont.get("/W", Array())), {}
    i = 0
    while i < len(w):
        first = int(w[i])
        if isinstance(w[i + 1], Array):
            for k, v in enumerate(w[i + 1]):
                out[first + k] = float(v)
            i += 2
        else:
            for c in range(first, int(w[i + 1]) + 1):
                out[c] = float(w[i + 2])
            i += 3
    return out, float(cidfont.get("/DW", 1000))


class FontProgram:
    """A Type 0 font with an embedded TrueType program (CIDFontType2), read with
    fontTools: which CIDs the program draws, and their advance widths."""

    def __init__(self, font):
        from fontTools.ttLib import TTFont
        import io
        self.ok = False
        desc = font.get("/DescendantFonts")
        if font.get("/Subtype") != Name.Type0 or not isinstance(desc, Array) or not desc:
            return
        self.cid = desc[0]
        fd = self.cid.get("/FontDescriptor")
        if self.cid.get("/Subtype") != Name.CIDFontType2 or not isinstance(fd, Dictionary) \
                or not isinstance(fd.get("/FontFile2"), Stream):
            return
        self.tt = TTFont(io.BytesIO(fd.FontFile2.read_bytes()), lazy=True)
        self.codes = CodeMap(font.get("/Encoding"))
        self.widths, self.dw = widths_of(self.cid)
        gmap = self.cid.get("/CIDToGIDMap", Name.Identity)
        self.gids = None if isinstance(gmap, Name) else gmap.read_bytes()
        self.unicode = {}
        tu = font.get("/ToUnicode")
        if isinstance(tu, Stream):
            t = tu.read_bytes().decode("latin-1")
            for block in re.findall(r"beginbfchar(.*?)endbfchar", t, re.S):
                for code, uni in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                    self.unicode[int(code, 16)] = bytes.fromhex(uni).decode("utf-16-be", "replace")
        self.ok = True

    def gid(self, cid):
        if self.gids is None:
            return cid
        return int.from_bytes(self.gids[2 * cid:2 * cid + 2], "big") if 2 * cid + 2 <= len(self.gids) else 0


def text_codes(stream, resources, seen, out):
    """Each (font, string) a content stream shows, with the forms it draws."""
    if stream.objgen != (0, 0):
        if stream.objgen in seen:
            return
        seen.add(stream.objgen)
    fonts = resources.get("/Font", Dictionary()) if isinstance(resources, Dictionary) else Dictionary()
    xobjects = resources.get("/XObject", Dictionary()) if isinstance(resources, Dictionary) else Dictionary()
    font = None
    try:
        ops = pikepdf.parse_content_stream(stream)
    except pikepdf.PdfError:
        return
    for operands, op in ops:
        op = str(op)
        if op == "Tf" and operands:
            font = fonts.get(str(operands[0]))
        elif op in ("Tj", "'", '"') and operands and font is not None:
            out.append((font, bytes(operands[-1])))
        elif op == "TJ" and operands and font is not None:
            for part in operands[0]:
                if isinstance(part, pikepdf.String):
                    out.append((font, bytes(part)))
        elif op == "Do" and operands:
            x = xobjects.get(str(operands[0]))
            if isinstance(x, Stream) and x.get("/Subtype") == Name.Form:
                text_codes(x, x.get("/Resources", resources), seen, out)


def check_glyphs(where, stream, resources, r, programs):
    """6.2.11.4.1: every glyph the text shows is in the embedded program (not an
    empty one, for a character other than a space); 6.2.11.5: the font
    dictionary's width of each is the program's advance width."""
    shown = []
    text_codes(stream, resources, set(), shown)
    for font, data in shown:
        key = font.objgen
        if key not in programs:
            try:
                programs[key] = FontProgram(font)
            except Exception as e:  # a program fontTools cannot read is reported
                r.fail("6.2.11.4.1", "%s: font %s: the embedded program cannot be read (%s)"
                       % (where, font.get("/BaseFont"), e))
                programs[key] = None
        prog = programs[key]
        if prog is None or not prog.ok:
            continue
        r.rule("6.2.11.4.1")
        r.rule("6.2.11.5")
        tt = prog.tt
        order = tt.getGlyphOrder()
        upm = tt["head"].unitsPerEm
        for cid in prog.codes.cids(data):
            gid = prog.gid(cid)
            base = font.get("/BaseFont")
            if gid >= len(order):
                r.fail("6.2.11.4.1", "%s: font %s: CID %d (glyph %d) is not in the embedded program"
                       % (where, base, cid, gid))
                continue
            name = order[gid]
            glyph = tt["glyf"][name] if "glyf" in tt else None
            char = prog.unicode.get(cid, "")
            if glyph is not None and glyph.numberOfContours == 0 and char and not char.isspace():
                r.fail("6.2.11.4.1", "%s: font %s: the glyph of %r (CID %d) is empty in the embedded program"
                       % (where, base, char, cid))
            advance = tt["hmtx"][name][0] * 1000.0 / upm
            width = prog.widths.get(cid, prog.dw)
            if abs(width - advance) > 1:
                r.fail("6.2.11.5", "%s: font %s: the width of CID %d is %g in the font dictionary but %g in the program"
                       % (where, base, cid, width, advance))


def appearance_streams(ap):
    n = ap.get("/N")
    if isinstance(n, Stream):
        yield n
    elif isinstance(n, Dictionary):
        for _, s in n.items():
            if isinstance(s, Stream):
                yield s


def check_action(where, action, r):
    r.rule("6.5.1")
    if isinstance(action, Dictionary):
        s = action.get("/S")
        if s is not None and str(s) in FORBIDDEN_ACTIONS:
            r.fail("6.5.1", "%s: action %s is not allowed" % (where, s))


def intent_components(pdf):
    """The number of components of the PDF/A output intent's ICC profile (3 for
    sRGB), or None."""
    for i in pdf.Root.get("/OutputIntents", Array()):
        p = i.get("/DestOutputProfile") if isinstance(i, Dictionary) else None
        if isinstance(p, Stream) and i.get("/S") == Name("/GTS_PDFA1"):
            return int(p.get("/N", 0))
    return None


def check_annotations(pdf, r):
    intent = intent_components(pdf)
    programs = {}
    for number, page in enumerate(pdf.pages, 1):
        r.rule("6.5.2")
        if "/AA" in page.obj:
            r.fail("6.5.2", "page %d has additional actions (/AA)" % number)
        for annot in page.obj.get("/Annots", Array()):
            if not isinstance(annot, Dictionary):
                continue
            subtype = str(annot.get("/Subtype", ""))
            label = "page %d, %s annotation" % (number, subtype.lstrip("/") or "an")
            if "/T" in annot:
                label += " %s" % annot.get("/T")
            # 6.3.1: annotation types.
            r.rule("6.3.1")
            if subtype in ("/3D", "/Sound", "/Screen", "/Movie"):
                r.fail("6.3.1", "%s: this type is not allowed" % label)
            # 6.3.2: printed, never hidden.
            r.rule("6.3.2")
            if subtype != "/Popup":
                flags = int(annot.get("/F", 0))
                if not flags & PRINT:
                    r.fail("6.3.2", "%s: the Print flag is not set" % label)
                for bit, word in ((HIDDEN, "Hidden"), (INVISIBLE, "Invisible"),
                                  (NOVIEW, "NoView"), (TOGGLE_NOVIEW, "ToggleNoView")):
                    if flags & bit:
                        r.fail("6.3.2", "%s: the %s flag is set" % (label, word))
            # 6.3.3: an appearance, and only the normal one.
            r.rule("6.3.3")
            rect = [float(x) for x in annot.get("/Rect", Array([0, 0, 0, 0]))]
            zero = len(rect) == 4 and rect[0] == rect[2] and rect[1] == rect[3]
            ap = annot.get("/AP")
            if subtype not in ("/Popup", "/Link") and not zero:
                if not isinstance(ap, Dictionary):
                    r.fail("6.3.3", "%s: no appearance dictionary (/AP)" % label)
                else:
                    others = [k for k in ap.keys() if k != "/N"]
                    if others:
                        r.fail("6.3.3", "%s: the appearance has %s besides /N" % (label, ", ".join(others)))
                    n = ap.get("/N")
                    ft = annot.get("/FT")
                    if ft is None and isinstance(annot.get("/Parent"), Dictionary):
                        ft = annot.Parent.get("/FT")
                    if subtype == "/Widget" and ft == Name.Btn:
                        if not isinstance(n, Dictionary) or isinstance(n, Stream):
                            r.fail("6.3.3", "%s: a button's /N is not a dictionary of states" % label)
                    elif not isinstance(n, Stream):
                        r.fail("6.3.3", "%s: /N is not an appearance stream" % label)
            if isinstance(ap, Dictionary):
                for stream in appearance_streams(ap):
                    check_glyphs(label + "'s appearance", stream, stream.get("/Resources"), r, programs)
                    for name, font in fonts_of(stream.get("/Resources"), set()):
                        check_font(label + "'s appearance", name, font, r)
                    for name, x in xobjects_of(stream.get("/Resources"), set()):
                        check_xobject(label + "'s appearance", name, x, intent, r)
            # 6.4.1: a widget has no actions.
            if subtype == "/Widget":
                r.rule("6.4.1")
                for key in ("/A", "/AA"):
                    if key in annot:
                        r.fail("6.4.1", "%s: a form field's widget has %s" % (label, key))
            if "/A" in annot:
                check_action(label, annot.get("/A"), r)
        # The page's own fonts: the text the reader sees.
        for content in (page.obj.Contents if isinstance(page.obj.get("/Contents"), Array)
                        else [page.obj.get("/Contents")]):
            if isinstance(content, Stream):
                check_glyphs("page %d" % number, content, page.obj.get("/Resources"), r, programs)
        for name, font in fonts_of(page.obj.get("/Resources"), set()):
            check_font("page %d" % number, name, font, r)
        for name, x in xobjects_of(page.obj.get("/Resources"), set()):
            check_xobject("page %d" % number, name, x, intent, r)


def fields(form):
    stack = list(form.get("/Fields", Array()))
    seen = set()
    while stack:
        f = stack.pop()
        if not isinstance(f, Dictionary) or f.objgen in seen:
            continue
        seen.add(f.objgen)
        yield f
        stack.extend(f.get("/Kids", Array()))


def check_form(pdf, data, ends, r):
    root = pdf.Root
    r.rule("6.5.2")
    if "/AA" in root:
        r.fail("6.5.2", "the catalog has additional actions (/AA)")
    if "/OpenAction" in root:
        check_action("the catalog's /OpenAction", root.get("/OpenAction"), r)
    form = root.get("/AcroForm")
    if not isinstance(form, Dictionary):
        return
    r.rule("6.4.1")
    if bool(form.get("/NeedAppearances", False)):
        r.fail("6.4.1", "the form has NeedAppearances true")
    r.rule("6.4.2")
    if "/XFA" in form:
        r.fail("6.4.2", "the form has an XFA stream")
    if bool(root.get("/NeedsRendering", False)):
        r.fail("6.4.2", "the catalog has NeedsRendering true")
    for f in fields(form):
        name = str(f.get("/T", "?"))
        if "/AA" in f:
            r.fail("6.4.1", "form field %s has additional actions (/AA)" % name)
        ft = f.get("/FT")
        v = f.get("/V")
        if ft == Name.Sig and isinstance(v, Dictionary):
            check_signature(name, v, data, ends, r)


def check_signature(name, sig, data, ends, r):
    """6.4.3: the byte range is the whole file (of its revision) but the signature
    itself, a PKCS#7 or CAdES detached signature, no DigestLocation."""
    r.rule("6.4.3")
    what = "signature %s" % name
    sub = str(sig.get("/SubFilter", ""))
    if sub not in ("/adbe.pkcs7.detached", "/ETSI.CAdES.detached"):
        r.fail("6.4.3", "%s: SubFilter %s is neither adbe.pkcs7.detached nor ETSI.CAdES.detached" % (what, sub or "(none)"))
    for ref in sig.get("/Reference", Array()):
        if isinstance(ref, Dictionary):
            for key in ("/DigestLocation", "/DigestMethod", "/DigestValue"):
                if key in ref:
                    r.fail("6.4.3", "%s: a signature reference has %s" % (what, key))
    br = [int(x) for x in sig.get("/ByteRange", Array())]
    if len(br) != 4:
        r.fail("6.4.3", "%s: /ByteRange is not four numbers" % what)
        return
    a, b, c, d = br
    contents = bytes(sig.get("/Contents", b""))
    if a != 0:
        r.fail("6.4.3", "%s: the byte range does not start at the file's first byte" % what)
    if c + d not in ends:
        r.fail("6.4.3", "%s: the byte range ends at %d, not at the end of a revision" % (what, c + d))
    gap = data[a + b:c]
    if not (gap.startswith(b"<") and gap.endswith(b">")):
        r.fail("6.4.3", "%s: the bytes the range leaves out are not the /Contents string" % what)
    else:
        try:
            hexed = bytes.fromhex(gap[1:-1].decode("ascii"))
        except ValueError:
            hexed = None
        if hexed is None or hexed.rstrip(b"\0") != contents.rstrip(b"\0"):
            r.fail("6.4.3", "%s: the bytes the range leaves out are not its /Contents" % what)


def pdf_date(s):
    m = re.match(r"D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz+-])?(\d{2})?'?(\d{2})?'?", s)
    if not m:
        return None
    y, mo, d, h, mi, se = (int(m.group(i) or dflt) for i, dflt in zip(range(1, 7), (0, 1, 1, 0, 0, 0)))
    sign, th, tm = m.group(7), int(m.group(8) or 0), int(m.group(9) or 0)
    off = datetime.timedelta(hours=th, minutes=tm) * (-1 if sign == "-" else 1)
    tz = datetime.timezone(off if sign and sign not in "Zz" else datetime.timedelta(0))
    return datetime.datetime(y, mo, d, h, mi, se, tzinfo=tz)


def xmp_date(s):
    try:
        t = datetime.datetime.fromisoformat(s.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return t if t.tzinfo else t.replace(tzinfo=datetime.timezone.utc)


def xmp_value(root, prefix, local):
    """A simple property of the XMP (element or attribute form); for an Alt or Seq,
    its entries."""
    tag = "{%s}%s" % (NS[prefix], local)
    for desc in root.iter("{%s}Description" % NS["rdf"]):
        if tag in desc.attrib:
            return [desc.attrib[tag]]
        el = desc.find(tag)
        if el is not None:
            items = el.findall(".//{%s}li" % NS["rdf"])
            if items:
                return [i.text or "" for i in items]
            return [el.text or ""]
    return None


# ISO 19005-2 6.6.2.3.1: the info dictionary's entries and their XMP equivalents.
INFO_XMP = [
    ("/Title", "dc", "title"),
    ("/Author", "dc", "creator"),
    ("/Subject", "dc", "description"),
    ("/Keywords", "pdf", "Keywords"),
    ("/Creator", "xmp", "CreatorTool"),
    ("/Producer", "pdf", "Producer"),
    ("/CreationDate", "xmp", "CreateDate"),
    ("/ModDate", "xmp", "ModifyDate"),
]


def check_metadata(pdf, r):
    root = pdf.Root
    r.rule("6.6.2.1")
    meta = root.get("/Metadata")
    if not isinstance(meta, Stream):
        r.fail("6.6.2.1", "the catalog has no XMP metadata stream")
        return
    if "/Filter" in meta:
        r.fail("6.6.2.1", "the XMP metadata stream is filtered")
    try:
        xmp = ET.fromstring(meta.read_bytes())
    except ET.ParseError as e:
        r.fail("6.6.2.1", "the XMP metadata is not well-formed XML: %s" % e)
        return
    r.rule("6.6.4")
    part = xmp_value(xmp, "pdfaid", "part")
    conf = xmp_value(xmp, "pdfaid", "conformance")
    if part != ["2"]:
        r.fail("6.6.4", "the XMP identifies PDF/A part %s, not 2" % (part[0] if part else "(none)"))
    if conf not in (["B"], ["U"], ["A"]):
        r.fail("6.6.4", "the XMP gives conformance %s, not B" % (conf[0] if conf else "(none)"))
    r.rule("6.6.2.3.1")
    info = pdf.trailer.get("/Info")
    if not isinstance(info, Dictionary):
        return
    for key, prefix, local in INFO_XMP:
        if key not in info:
            continue
        value = str(info.get(key))
        got = xmp_value(xmp, prefix, local)
        if got is None:
            r.fail("6.6.2.3.1", "the info dictionary has %s but the XMP has no %s:%s" % (key, prefix, local))
            continue
        if key.endswith("Date"):
            ok = pdf_date(value) is not None and pdf_date(value) == xmp_date(got[0])
        elif key == "/Author":
            ok = len(got) == 1 and got[0] == value
        else:
            ok = got[0] == value
        if not ok:
            r.fail("6.6.2.3.1", "the info dictionary's %s (%s) does not match the XMP's %s:%s (%s)"
                   % (key, value, prefix, local, ", ".join(got)))


def check_output_intent(pdf, r):
    r.rule("6.2.2")
    intents = pdf.Root.get("/OutputIntents")
    pdfa = [i for i in (intents or []) if isinstance(i, Dictionary) and i.get("/S") == Name("/GTS_PDFA1")]
    if not pdfa:
        r.fail("6.2.2", "no output intent with /S /GTS_PDFA1")
        return
    profiles = set()
    for i in pdfa:
        p = i.get("/DestOutputProfile")
        if not isinstance(p, Stream):
            r.fail("6.2.2", "the PDF/A output intent has no ICC profile (DestOutputProfile)")
        else:
            profiles.add(p.objgen)
    if len(profiles) > 1:
        r.fail("6.2.2", "the output intents have different ICC profiles")


def check_version(pdf, r):
    r.rule("6.1.2")
    v = pdf.Root.get("/Version")
    if v is not None and str(v).lstrip("/") > "1.7":
        r.fail("6.1.2", "the catalog's /Version %s is past 1.7" % v)


def main(path):
    try:
        with open(path, "rb") as f:
            data = f.read()
        pdf = pikepdf.open(path)
    except (OSError, pikepdf.PdfError) as e:
        print("cannot read %s: %s" % (path, e))
        return 2
    r = Report()
    ends = check_file_structure(data, r)
    if pdf.is_encrypted:
        r.fail("6.1.3", "the file is encrypted")
    check_version(pdf, r)
    check_objects(pdf, data, xref_tables(data, ends, r), r)
    check_limits(pdf, r)
    check_output_intent(pdf, r)
    check_annotations(pdf, r)
    check_form(pdf, data, ends, r)
    check_metadata(pdf, r)
    for clause, what in r.failures:
        print("FAIL %s: %s" % (clause, what))
    clauses = ", ".join(sorted(r.checked, key=lambda c: [int(x) for x in c.split(".")]))
    if r.failures:
        print("%s: %d rule(s) of ISO 19005-2 broken (clauses checked: %s)" % (path, len(r.failures), clauses))
        return 1
    print("%s: PDF/A-2b clauses %s hold (%d revision(s))" % (path, clauses, len(ends)))
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
