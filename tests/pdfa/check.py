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
