#!/usr/bin/env python3
"""Make the benchmark data of bench/compare.sh: N notices from one fixture.

    python3 bench/make_batch.py FIXTURE N OUT_DIR [--unseen | --foreign]

writes, in OUT_DIR:
  batch-N.json    a vanban batch file: {"description", "base": FIXTURE, "items": [...]}
                  where each item is an RFC 7396 merge patch giving the notice its own
                  number (1..N) and ward (the fixture's ward name replaced everywhere:
                  summary, meeting, body, recipients);
  notices-N.json  the same N notices, merged, as a JSON array of JSON *texts* (one
                  string per notice), which is what the Typst peer gets in sys.inputs.

With --unseen (the fonts' worst case), the files are batch-unseen-N.json and
notices-unseen-N.json, and every notice also brings characters no other notice uses,
in each of the three faces a notice draws: a made-up word of Vietnamese letters that
the fixture never uses, chosen by the bits of the notice's index, is added to the
summary (bold), to the first paragraph of the assessment (regular) and to the place
of the date line (italic). No two notices then share the character set of any face,
so no two notices have the same characters. (vanban embeds whole tone families of
Vietnamese vowels, so such notices mostly share their fonts: this is the realistic case
of ward texts that differ letter by letter.)

With --foreign (batch-foreign-N.json, notices-foreign-N.json) the made-up word is
of Latin letters that are not Vietnamese (ł, š, ž, ā, ğ, …, as in foreign partners'
names), so that every notice needs all three of its fonts built afresh: the cost of
building fonts alone.

Standard library only; deterministic (same arguments, same bytes).
"""

import json
import sys
from pathlib import Path

# Wards of Long Biên and neighbouring districts (names only; the figures stay the fixture's).
WARDS = [
    "Bồ Đề", "Cự Khối", "Đức Giang", "Gia Thụy", "Giang Biên", "Long Biên",
    "Ngọc Lâm", "Ngọc Thụy", "Phúc Đồng", "Phúc Lợi", "Sài Đồng", "Thạch Bàn",
    "Thượng Thanh", "Việt Hưng", "Yên Viên", "Đông Anh", "Gia Lâm", "Trâu Quỳ",
    "Đặng Xá", "Phù Đổng", "Ninh Hiệp", "Kiêu Kỵ", "Dương Xá", "Cổ Bi",
]


def replace_all(value, old, new):
    """`value` with every string's `old` replaced by `new`."""
    if isinstance(value, str):
        return value.replace(old, new)
    if isinstance(value, list):
        return [replace_all(v, old, new) for v in value]
    if isinstance(value, dict):
        return {k: replace_all(v, old, new) for k, v in value.items()}
    return value


def merge_patch_diff(base, target):
    """The RFC 7396 merge patch that turns `base` into `target` (arrays replace)."""
    if not (isinstance(base, dict) and isinstance(target, dict)):
        return target
    patch = {}
    for k, v in target.items():
        if k not in base:
            patch[k] = v
        elif base[k] != v:
            patch[k] = merge_patch_diff(base[k], v)
    for k in base:
        if k not in target:
            patch[k] = None
    return patch


# Vietnamese letters, lower and upper case: the pool of the made-up words.
LETTERS = (
    "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
)
LETTERS += LETTERS.upper()
# Latin letters of foreign names that Liberation Serif draws and Vietnamese does not use.
FOREIGN = "łńśźżčřšžāēīōūąęğışţŁŃŚŹŻČŘŠŽ"


def strings(value):
    """Every string in `value`, recursively."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings(v)


def unseen_word(pool, i):
    """The letters of `pool` picked by the bits of i + 1: a different set for every i."""
    k = i + 1
    word = "".join(c for bit, c in enumerate(pool) if k >> bit & 1)
    return word


def main():
    args = [a for a in sys.argv[1:] if a not in ("--unseen", "--foreign")]
    foreign = "--foreign" in sys.argv[1:]
    unseen = "--unseen" in sys.argv[1:] or foreign
    if len(args) != 3:
        sys.exit(__doc__)
    fixture, n, out = Path(args[0]), int(args[1]), Path(args[2])
    base = json.loads(fixture.read_text(encoding="utf-8"))
    ward0 = base["ward"]
    used = set("".join(strings(base)))
    pool = [c for c in (FOREIGN if foreign else LETTERS) if c not in used]
    if unseen and 2 ** len(pool) <= n:
        sys.exit(f"only {len(pool)} unused letters: too few for {n} distinct words")
    out.mkdir(parents=True, exist_ok=True)
    items, texts = [], []
    for i in range(n):
        ward = WARDS[i % len(WARDS)]
        notice = replace_all(base, ward0, ward)
        notice["number"] = i + 1
        if unseen:
            word = unseen_word(pool, i)
            notice["summary"] += " " + word
            notice["body"]["assessment"][0] += " " + word
            notice["place"] += " " + word
        items.append(merge_patch_diff(base, notice))
        texts.append(json.dumps(notice, ensure_ascii=False))
    batch = {
        "description": f"{n} notices made from {fixture.name} by bench/make_batch.py",
        "base": base,
        "items": items,
    }
    tag = f"foreign-{n}" if foreign else f"unseen-{n}" if unseen else f"{n}"
    (out / f"batch-{tag}.json").write_text(json.dumps(batch, ensure_ascii=False), encoding="utf-8")
    (out / f"notices-{tag}.json").write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
