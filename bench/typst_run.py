#!/usr/bin/env python3
"""The Typst peer of bench/compare.sh, in process, through the PyPI package `typst`.

    python3 bench/typst_run.py batch NOTICES.json OUT_DIR   # N notices, one process
    python3 bench/typst_run.py one NOTICE.json OUT.pdf      # one notice (cold start)

`batch` reads the JSON array of notice texts written by bench/make_batch.py, builds
one `typst.Compiler` for bench/typst/notice.typ with the Liberation Serif fonts of
fonts/ (system fonts ignored) and compiles every notice to OUT_DIR/NNNNN.pdf, passing
the notice as `sys.inputs.notice`: Typst's fastest in-process path, the compiler and
its caches reused from one notice to the next. It prints one JSON line:
{"typst": version, "n": N, "seconds": loop time, "per_s": N / loop time}.

`one` is what a cold single notice costs from Python: import, fonts, compile, write.
"""

import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TEMPLATE = HERE / "typst" / "notice.typ"
FONTS = HERE.parent / "fonts"


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("batch", "one"):
        sys.exit(__doc__)
    mode, src, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    import typst  # noqa: E402  (timed as part of `one`)

    if mode == "one":
        typst.compile(
            TEMPLATE,
            output=out,
            root=HERE,
            font_paths=[FONTS],
            ignore_system_fonts=True,
            sys_inputs={"notice": src.read_text(encoding="utf-8")},
        )
        return

    notices = json.loads(src.read_text(encoding="utf-8"))
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    compiler = typst.Compiler(TEMPLATE, root=HERE, font_paths=[FONTS], ignore_system_fonts=True)
    for i, text in enumerate(notices):
        compiler.compile(output=out / f"{i + 1:05}.pdf", sys_inputs={"notice": text})
    seconds = time.perf_counter() - start
    print(json.dumps({
        "typst": getattr(typst, "__version__", "?"),
        "n": len(notices),
        "seconds": round(seconds, 3),
        "per_s": round(len(notices) / seconds, 1),
    }))


if __name__ == "__main__":
    main()
