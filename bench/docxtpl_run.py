#!/usr/bin/env python3
"""The docxtpl peer of bench/compare.sh: the same notices as DOCX, in one Python process.

    python3 bench/docxtpl_run.py batch NOTICES.json OUT_DIR   # N notices, one process
    python3 bench/docxtpl_run.py one NOTICE.json OUT.docx     # one notice (cold start)

docxtpl fills a Word template with Jinja tags. The template is built here with
python-docx (so that no binary file lives in the repository) before the clock starts:
A4 with the margins of the profiles, Times New Roman 14 pt, a borderless two-column
header table, title, trích yếu, the opening paragraphs, the assessment, tasks and
proposals as paragraph loops, the closing paragraph and the Nơi nhận / signature
table: the structure of templates/hd36.hbs. The values vanban's View computes (number
line, date line, opening sentence, deadlines, signing prefix) are computed here in
Python for each notice, inside the timed loop, as Typst computes them in its template.

`batch` reads the JSON array of notice texts written by bench/make_batch.py, keeps one
`DocxTemplate` (docxtpl reloads the template itself when rendering again) and writes
OUT_DIR/NNNNN.docx for each notice. It prints one JSON line:
{"docxtpl": version, "n": N, "seconds": loop time, "per_s": N / loop time}.
"""

import json
import sys
import time
from pathlib import Path

PREFIXES = {"thay_mat": "T/M", "ky_thay": "K/T", "thua_lenh": "T/L", "thua_uy_quyen": "T/U"}
ROMAN = ["I", "II", "III", "IV", "V"]


def pad2(x):
    return f"{x:02d}"


def long_date(s):
    y, m, d = (int(p) for p in s.split("-"))
    month = pad2(m) if m <= 2 else str(m)
    return f"ngày {pad2(d)} tháng {month} năm {y}"


def short_date(s):
    y, m, d = (int(p) for p in s.split("-"))
    month = pad2(m) if m <= 2 else str(m)
    return f"{pad2(d)}/{month}/{y}"


def context(n):
    """What the template shows, computed from one notice as vanban's View does."""
    m = n["meeting"]
    when = (m["time"] + " ngày " if m.get("time") else "Ngày ") + short_date(m["date"])
    when = when[0].upper() + when[1:]
    opening = [
        f"{when}, tại {m['place']}, {m['host']} đã làm việc với {m['counterpart']} về {m['topic']}.",
        f"Chủ trì buổi làm việc: đồng chí {m['chair']['name']}, {m['chair']['title']}."
        + (f" Tham dự buổi làm việc có: {'; '.join(m['host_attendees'])}." if m.get("host_attendees") else "")
        + (f" Về phía đơn vị có: {'; '.join(m['counterpart_attendees'])}." if m.get("counterpart_attendees") else ""),
        f"Sau khi nghe đồng chí {m['reporter']['name']}, {m['reporter']['title']} báo cáo {m['report']}; "
        f"ý kiến phát biểu của các đại biểu dự họp, đồng chí {m.get('concluder', m['chair']['name'])} kết luận như sau:",
    ]
    body = n["body"]
    headings = body.get("headings", {})
    sections = []

    def section(title, paragraphs):
        sections.append({"heading": f"{ROMAN[len(sections)]}. {title}", "paragraphs": paragraphs})

    section(headings.get("assessment", "Đánh giá chung"), body["assessment"])
    tasks = []
    for i, t in enumerate(body.get("tasks", []), 1):
        owner, deadline = t.get("owner"), t.get("deadline")
        if owner:
            tail = f" Đơn vị chủ trì: {owner}" + (f"; thời hạn hoàn thành: trước ngày {short_date(deadline)}" if deadline else "") + "."
        elif deadline:
            tail = f" Thời hạn hoàn thành: trước ngày {short_date(deadline)}."
        else:
            tail = ""
        tasks.append(f"{i}. {t['text']}{tail}")
    if tasks:
        section(headings.get("tasks", "Nhiệm vụ trọng tâm thời gian tới"), tasks)
    proposals = [f"{i}. Về {p['proposal']}: {p['answer']}" for i, p in enumerate(body.get("proposals", []), 1)]
    if proposals:
        section(headings.get("proposals", "Về các kiến nghị, đề xuất"), proposals)
    signer = n["signer"]
    authority = None
    if signer.get("authority"):
        authority = PREFIXES[signer["authority"]]
        if signer.get("on_behalf_of"):
            authority += " " + signer["on_behalf_of"]
    return {
        "superior": n["issuer"].get("superior", ""),
        "issuer": n["issuer"]["name"],
        "number_line": f"Số {pad2(n['number'])}-{n['type_abbreviation']}/{n['issuer']['abbreviation']}",
        "date_line": f"{n['place']}, {long_date(n['date'])}",
        "title": n["title"],
        "summary": n["summary"],
        "opening": opening,
        "sections": sections,
        "closing": body["closing"],
        "recipients": n["recipients"],
        "archive": n["archive"],
        "authority": authority,
        "signer_title": signer["title"],
        "signer_name": signer["name"],
    }


def make_template(path):
    """Write the Word template with python-docx."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Mm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(14)
    normal.paragraph_format.space_after = Pt(0)

    def para(container, text, bold=False, italic=False, size=None, align=None, indent=False):
        p = container.add_paragraph()
        run = p.add_run(text)
        run.bold, run.italic = bold, italic
        if size:
            run.font.size = Pt(size)
        if align is not None:
            p.alignment = align
        if indent:
            p.paragraph_format.first_line_indent = Cm(1.27)
            p.paragraph_format.space_after = Pt(6)
        return p

    center = WD_ALIGN_PARAGRAPH.CENTER
    justify = WD_ALIGN_PARAGRAPH.JUSTIFY
    header = doc.add_table(rows=2, cols=2)
    cells = header.rows[0].cells
    para(cells[0], "{{ superior }}", align=center)
    para(cells[0], "{{ issuer }}", bold=True, align=center)
    para(cells[0], "*", align=center)
    para(cells[1], "ĐẢNG CỘNG SẢN VIỆT NAM", bold=True, size=15, align=center)
    para(header.rows[1].cells[0], "{{ number_line }}", align=center)
    para(header.rows[1].cells[1], "{{ date_line }}", italic=True, align=center)
    para(doc, "{{ title }}", bold=True, size=16, align=center)
    para(doc, "{{ summary }}", bold=True, align=center)
    para(doc, "-----", align=center)
    para(doc, "{%p for o in opening %}")
    para(doc, "{{ o }}", align=justify, indent=True)
    para(doc, "{%p endfor %}")
    para(doc, "{%p for s in sections %}")
    para(doc, "{{ s.heading }}", bold=True, align=justify, indent=True)
    para(doc, "{%p for x in s.paragraphs %}")
    para(doc, "{{ x }}", align=justify, indent=True)
    para(doc, "{%p endfor %}")
    para(doc, "{%p endfor %}")
    para(doc, "{{ closing }}", align=justify, indent=True)
    closing = doc.add_table(rows=1, cols=2)
    left, right = closing.rows[0].cells
    para(left, "Nơi nhận:", italic=True).runs[0].underline = True
    para(left, "{%p for r in recipients %}")
    para(left, "- {{ r }},", size=12)
    para(left, "{%p endfor %}")
    para(left, "- Lưu {{ archive }}.", size=12)
    para(right, "{%p if authority %}")
    para(right, "{{ authority }}", bold=True, align=center)
    para(right, "{%p endif %}")
    para(right, "{{ signer_title }}", bold=True, align=center)
    for _ in range(3):
        para(right, "", align=center)
    para(right, "{{ signer_name }}", bold=True, align=center)
    doc.save(path)


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("batch", "one"):
        sys.exit(__doc__)
    mode, src, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    from docxtpl import DocxTemplate  # noqa: E402  (timed as part of `one`)
    import docxtpl

    if mode == "one":
        template = out.with_suffix(".template.docx")
        make_template(template)
        tpl = DocxTemplate(template)
        tpl.render(context(json.loads(src.read_text(encoding="utf-8"))))
        tpl.save(out)
        template.unlink()
        return

    notices = json.loads(src.read_text(encoding="utf-8"))
    out.mkdir(parents=True, exist_ok=True)
    template = out / "template.docx"
    make_template(template)
    start = time.perf_counter()
    tpl = DocxTemplate(template)
    for i, text in enumerate(notices):
        tpl.render(context(json.loads(text)))
        tpl.save(out / f"{i + 1:05}.docx")
    seconds = time.perf_counter() - start
    template.unlink()
    print(json.dumps({
        "docxtpl": getattr(docxtpl, "__version__", "?"),
        "n": len(notices),
        "seconds": round(seconds, 3),
        "per_s": round(len(notices) / seconds, 1),
    }))


if __name__ == "__main__":
    main()
