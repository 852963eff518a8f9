#!/usr/bin/env python3
"""Make the benchmark data of bench/compare.sh: N notices from one fixture.

    python3 bench/make_batch.py FIXTURE N OUT_DIR

writes, in OUT_DIR:
  batch-N.json    a vanban batch file: {"description", "base": FIXTURE, "items": [...]}
                  where each item is an RFC 7396 merge patch giving the notice its own
                  number (1..N) and ward (the fixture's ward name replaced everywhere:
                  summary, meeting, body, recipients);
  notices-N.json  the same N notices, merged, as a JSON array of JSON *texts* (one
                  string per notice), which is what the Typst peer gets in sys.inputs.

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


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    fixture, n, out = Path(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
    base = json.loads(fixture.read_text(encoding="utf-8"))
    ward0 = base["ward"]
    out.mkdir(parents=True, exist_ok=True)
    items, texts = [], []
    for i in range(n):
        ward = WARDS[i % len(WARDS)]
        notice = replace_all(base, ward0, ward)
        notice["number"] = i + 1
        items.append(merge_patch_diff(base, notice))
        texts.append(json.dumps(notice, ensure_ascii=False))
    batch = {
        "description": f"{n} notices made from {fixture.name} by bench/make_batch.py",
        "base": base,
        "items": items,
    }
    (out / f"batch-{n}.json").write_text(json.dumps(batch, ensure_ascii=False), encoding="utf-8")
    (out / f"notices-{n}.json").write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
