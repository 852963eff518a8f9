#!/usr/bin/env bash
# bench/compare.sh: vanban against Typst (PDF) and docxtpl (DOCX) on the same notices, in
# one run (issue 5).
#
# Usage (from anywhere; re-runnable, leaves nothing in the repository):
#   bench/compare.sh                       # 1,000 notices, all measurements
#   N=200 RUNS=10 RSS_LARGE=2000 bench/compare.sh   # a quicker run
#
# What it does:
#   1. installs the peers (`pip install typst docxtpl`, Python packages) and the tools
#      it needs when missing (hyperfine, GNU time, poppler-utils; apt-get, as root),
#      then builds vanban with `cargo build --release`;
#   2. makes N notices from fixtures/phuc-loi-2018.json (bench/make_batch.py: number and
#      ward vary per item) as a vanban batch file (base + merge-patch items) and as the
#      equivalent list of merged notices for the peers;
#   3. times, as whole processes: `vanban batch --quiet` for PDF (--jobs JOBS and
#      --jobs 1) and for PDF+DOCX (--format all), and Typst compiling the same N
#      notices in one Python process (bench/typst_run.py: one typst.Compiler reused,
#      template bench/typst/notice.typ, the Liberation Serif of fonts/ via font_paths),
#      then `vanban batch --format docx` and docxtpl filling the same N DOCX in one
#      Python process (bench/docxtpl_run.py: a Word template built with python-docx,
#      one DocxTemplate reused), REPEAT rounds, each run writing into a new folder (outputs are deleted only
#      after the last round), and takes the median of each;
#   4. times a cold single notice (`vanban render FIXTURE --format pdf|all`, and Typst
#      and docxtpl from Python including the import) with hyperfine, RUNS runs each (a date +%s%N
#      loop when hyperfine is missing);
#   5. reports the file sizes of the fixture's outputs and checks the fonts are subset
#      (pdffonts), and the peak RSS of `vanban batch` at RSS_SMALL vs RSS_LARGE notices
#      (/usr/bin/time -v);
#   6. prints a Markdown table of the figures against their targets.
# The throughput rounds also time the fonts' worst case: the same N notices, each with
# characters no other notice uses in its bold, regular and italic text
# (bench/make_batch.py --unseen), and the same with letters of foreign names so that
# every notice's fonts are built afresh (--foreign), through vanban (PDF+DOCX) and
# through Typst.
#
# Environment:
#   N=1000            notices in the throughput batch
#   REPEAT=3          rounds of the throughput runs (the median of each is reported)
#   JOBS=$(nproc)     vanban --jobs for the batch runs
#   RUNS=20           runs per cold single-notice measurement
#   RSS_SMALL=100 RSS_LARGE=10000   batch sizes for peak RSS (RSS_LARGE=0 skips it)
#   RSS_FORMAT=all    format of the RSS runs (pdf when DOCX is not available)
#   WORK=DIR          where data and outputs go (default: a new mktemp -d, removed at the
#                     end unless KEEP=1)
#   OUT_ROOT=DIR      where the timed runs write (default /dev/shm when writable, so
#                     the disk's state does not enter the figures; see below)
#   VANBAN_BIN=PATH   use this binary instead of building
#   SKIP_INSTALL=1    install nothing (fail when a tool is missing)
#   TYPST_PKG=typst   pip requirement of the peer (e.g. "typst==0.15.2")
#   DOCXTPL_PKG=docxtpl   pip requirement of the DOCX peer (e.g. "docxtpl==0.20.2")
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
N=${N:-1000}
REPEAT=${REPEAT:-3}
JOBS=${JOBS:-$(nproc)}
RUNS=${RUNS:-20}
RSS_SMALL=${RSS_SMALL:-100}
RSS_LARGE=${RSS_LARGE:-10000}
TYPST_PKG=${TYPST_PKG:-typst}
DOCXTPL_PKG=${DOCXTPL_PKG:-docxtpl}
FIXTURE=$ROOT/fixtures/phuc-loi-2018.json
PY=${PYTHON:-python3}
# The interpreter itself, not a wrapper (a pyenv shim adds ~150 ms to every start).
PY=$("$PY" -c 'import sys; print(sys.executable)')

if [[ -z "${WORK:-}" ]]; then
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/vanban-bench.XXXXXX")
    if [[ "${KEEP:-0}" != 1 ]]; then REMOVE_WORK=1; trap 'rm -rf "$WORK"' EXIT; fi
fi
mkdir -p "$WORK"

say() { printf '\n== %s\n' "$*" >&2; }
now() { date +%s%N; }
ms_since() { echo $(( ($(now) - $1) / 1000000 )); }

# ---- 1. tools, peer, build -------------------------------------------------------
say "tools"
apt_install() {   # apt_install COMMAND PACKAGE
    command -v "$1" >/dev/null 2>&1 && return 0
    if [[ "${SKIP_INSTALL:-0}" != 1 && $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
        echo "installing $2" >&2
        { apt-get install -y -qq "$2" || { apt-get update -qq && apt-get install -y -qq "$2"; }; } >/dev/null 2>&1 || true
    fi
    command -v "$1" >/dev/null 2>&1
}
apt_install pdffonts poppler-utils || { echo "pdffonts (poppler-utils) is required" >&2; exit 2; }
[[ -x /usr/bin/time ]] || apt_install /usr/bin/time time || { echo "GNU time (/usr/bin/time) is required" >&2; exit 2; }
HAVE_HYPERFINE=1; apt_install hyperfine hyperfine || HAVE_HYPERFINE=0
if ! "$PY" -c 'import typst' 2>/dev/null; then
    [[ "${SKIP_INSTALL:-0}" == 1 ]] && { echo "the typst Python package is missing" >&2; exit 2; }
    "$PY" -m pip install --quiet --disable-pip-version-check "$TYPST_PKG" >&2
fi
TYPST_VERSION=$("$PY" -c 'import typst; print(getattr(typst, "__version__", "?"))')
if ! "$PY" -c 'import docxtpl' 2>/dev/null; then
    [[ "${SKIP_INSTALL:-0}" == 1 ]] && { echo "the docxtpl Python package is missing" >&2; exit 2; }
    "$PY" -m pip install --quiet --disable-pip-version-check "$DOCXTPL_PKG" >&2
fi
DOCXTPL_VERSION=$("$PY" -c 'import docxtpl; print(getattr(docxtpl, "__version__", "?"))')

if [[ -n "${VANBAN_BIN:-}" ]]; then
    BIN=$VANBAN_BIN
else
    say "cargo build --release"
    (cd "$ROOT" && cargo build --release --quiet --bin vanban) >&2
    BIN=${CARGO_TARGET_DIR:-$ROOT/target}/release/vanban
fi
REV=$(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo "(not a git checkout)")

# DOCX available? (render --format all must write a .docx)
HAVE_DOCX=0
mkdir -p "$WORK/probe"
if "$BIN" render "$FIXTURE" --format all --out-dir "$WORK/probe" >/dev/null 2>&1 \
    && [[ -s "$WORK/probe/phuc-loi-2018.docx" ]]; then
    HAVE_DOCX=1
else
    echo "note: this vanban cannot write DOCX yet (render --format all failed): PDF+DOCX rows are skipped" >&2
fi
RSS_FORMAT=${RSS_FORMAT:-$([[ $HAVE_DOCX == 1 ]] && echo all || echo pdf)}

# ---- 2. data -----------------------------------------------------------------------
say "data: $N notices (and $RSS_SMALL / $RSS_LARGE for RSS) in $WORK"
for n in "$N" "$RSS_SMALL" "$RSS_LARGE"; do
    [[ "$n" == 0 || -s "$WORK/batch-$n.json" ]] || "$PY" "$ROOT/bench/make_batch.py" "$FIXTURE" "$n" "$WORK"
done
# The fonts' worst case: every notice brings characters no other notice uses, in a
# bold, a regular and an italic run (bench/make_batch.py --unseen).
[[ -s "$WORK/batch-unseen-$N.json" ]] || "$PY" "$ROOT/bench/make_batch.py" "$FIXTURE" "$N" "$WORK" --unseen
# And the cost of building fonts alone: letters of foreign names, not Vietnamese, so
# that every notice needs its three fonts built afresh (--foreign).
[[ -s "$WORK/batch-foreign-$N.json" ]] || "$PY" "$ROOT/bench/make_batch.py" "$FIXTURE" "$N" "$WORK" --foreign

# manifest_ok DIR N: the batch wrote N notices without failure.
manifest_ok() {
    "$PY" - "$1/manifest.json" "$2" <<'EOF'
import json, sys
m = json.load(open(sys.argv[1]))
ok = m["succeeded"] == int(sys.argv[2]) and m["failed"] == 0
print(f"manifest: {m['succeeded']} of {m['total']} succeeded", file=sys.stderr)
sys.exit(0 if ok else 1)
EOF
}

# Where the timed runs write, the same for vanban and Typst. By default a RAM-backed
# folder (/dev/shm) when there is one, so that the figures are of rendering and not of
# this machine's disk: on its ext4 (without a journal) the inode allocator steps over
# every inode freed in the last 60–300 s, so creating a file right after deleting
# thousands of others costs up to 0.4 ms, and the same batch took 0.47 s or 0.95 s
# depending on what had been deleted minutes before. OUT_ROOT=DIR writes elsewhere
# (e.g. OUT_ROOT=$WORK for the disk). Every run writes into a folder of its own, and
# nothing is deleted until all timed runs are over.
if [[ -z "${OUT_ROOT:-}" ]]; then
    if [[ -d /dev/shm && -w /dev/shm ]]; then OUT_ROOT=/dev/shm; else OUT_ROOT=$WORK; fi
fi
RUNS_DIR="$OUT_ROOT/vanban-bench-runs-$$-$(now)"
if [[ "${REMOVE_WORK:-0}" == 1 ]]; then
    trap 'rm -rf "$RUNS_DIR" "$WORK"' EXIT
else
    trap 'rm -rf "$RUNS_DIR"' EXIT
fi
mkdir -p "$RUNS_DIR"

# vanban_batch DATA FORMAT JOBS: prints the wall time in ms of batch-DATA.json (DATA
# is N, or unseen-N for the worst case).
vanban_batch() {
    local data=$1 fmt=$2 jobs=$3 out="$RUNS_DIR/vanban-$2-j$3-$(now)"
    sync
    local t0; t0=$(now)
    "$BIN" batch "$WORK/batch-$data.json" --out-dir "$out" --format "$fmt" --jobs "$jobs" --quiet >&2
    local t; t=$(ms_since "$t0")
    local n=${data#unseen-}; n=${n#foreign-}
    manifest_ok "$out" "$n" || { echo "vanban batch $fmt failed" >&2; exit 1; }
    echo "$t"
}

# ---- 3. throughput -----------------------------------------------------------------
say "warm-up (file cache)"
"$BIN" batch "$WORK/batch-$RSS_SMALL.json" --out-dir "$RUNS_DIR/warm" --quiet --jobs "$JOBS" >&2 || true
"$PY" "$ROOT/bench/typst_run.py" one "$FIXTURE" "$RUNS_DIR/warm/typst.pdf" >&2

# peer_batch NAME SCRIPT EXT DATA: prints the wall time in ms of a peer (bench/SCRIPT)
# rendering the notices of notices-DATA.json in one Python process, after checking it
# wrote them all as .EXT files.
peer_batch() {
    local name=$1 script=$2 ext=$3 data=$4 out json
    local n=${data#unseen-}; n=${n#foreign-}
    out="$RUNS_DIR/$name-$(now)"
    sync
    local t0; t0=$(now)
    json=$("$PY" "$ROOT/bench/$script" batch "$WORK/notices-$data.json" "$out")
    local t; t=$(ms_since "$t0")
    echo "$json" >&2
    [[ $(find "$out" -name "*.$ext" | wc -l) == "$n" ]] || { echo "$name did not write $n .$ext files" >&2; exit 1; }
    echo "$t"
}

# median VALUE...: the middle value (the lower middle of an even count).
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

# The machine is shared and noisy: every throughput figure is the median of REPEAT
# rounds, and each round runs vanban, Typst and docxtpl one after the other.
P=() P1=() A=() TY=() D=() DT=() AU=() TYU=() AF=() TYF=()
for ((round = 1; round <= REPEAT; round++)); do
    say "round $round of $REPEAT: vanban batch, $N notices, PDF (--jobs $JOBS, then 1)$([[ $HAVE_DOCX == 1 ]] && echo ", PDF+DOCX"); Typst $TYPST_VERSION"
    P+=("$(vanban_batch "$N" pdf "$JOBS")")
    P1+=("$(vanban_batch "$N" pdf 1)")
    [[ $HAVE_DOCX == 1 ]] && A+=("$(vanban_batch "$N" all "$JOBS")")
    TY+=("$(peer_batch typst typst_run.py pdf "$N")")
    [[ $HAVE_DOCX == 1 ]] && AU+=("$(vanban_batch "unseen-$N" all "$JOBS")")
    TYU+=("$(peer_batch typst typst_run.py pdf "unseen-$N")")
    [[ $HAVE_DOCX == 1 ]] && AF+=("$(vanban_batch "foreign-$N" all "$JOBS")")
    TYF+=("$(peer_batch typst typst_run.py pdf "foreign-$N")")
    if [[ $HAVE_DOCX == 1 ]]; then
        D+=("$(vanban_batch "$N" docx "$JOBS")")
        DT+=("$(peer_batch docxtpl docxtpl_run.py docx "$N")")
    fi
done
T_PDF=$(median "${P[@]}")
T_PDF1=$(median "${P1[@]}")
T_ALL=$([[ $HAVE_DOCX == 1 ]] && median "${A[@]}" || echo "")
T_TYPST=$(median "${TY[@]}")
T_ALL_U=$([[ $HAVE_DOCX == 1 ]] && median "${AU[@]}" || echo "")
T_TYPST_U=$(median "${TYU[@]}")
T_ALL_F=$([[ $HAVE_DOCX == 1 ]] && median "${AF[@]}" || echo "")
T_TYPST_F=$(median "${TYF[@]}")
T_DOCX=$([[ $HAVE_DOCX == 1 ]] && median "${D[@]}" || echo "")
T_DOCXTPL=$([[ $HAVE_DOCX == 1 ]] && median "${DT[@]}" || echo "")
ROUNDS="vanban PDF ${P[*]} ms; PDF --jobs 1 ${P1[*]} ms; PDF+DOCX ${A[*]:-n/a} ms; Typst ${TY[*]} ms; worst case: vanban PDF+DOCX ${AU[*]:-n/a} ms, Typst ${TYU[*]} ms; foreign letters: vanban ${AF[*]:-n/a} ms, Typst ${TYF[*]} ms; vanban DOCX ${D[*]:-n/a} ms; docxtpl ${DT[*]:-n/a} ms"
rm -rf "$RUNS_DIR"

# ---- 4. cold single notice ---------------------------------------------------------
# cold NAME CMD...: median wall time in ms (3 decimals) over RUNS runs.
cold() {
    local name=$1; shift
    if [[ $HAVE_HYPERFINE == 1 ]]; then
        hyperfine -N --style none --warmup 3 --runs "$RUNS" --export-json "$WORK/cold-$name.json" "$*" >/dev/null 2>&1 \
            || hyperfine --style none --warmup 3 --runs "$RUNS" --export-json "$WORK/cold-$name.json" "$*" >/dev/null
        "$PY" -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%.1f" % (r["median"] * 1000))' "$WORK/cold-$name.json"
    else
        local times=() i t0
        for ((i = 0; i < 3; i++)); do "$@" >/dev/null 2>&1; done
        for ((i = 0; i < RUNS; i++)); do
            t0=$(now); "$@" >/dev/null 2>&1; times+=($(( $(now) - t0 )))
        done
        printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f\n", (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2) / 1e6}'
    fi
}
say "cold single notice ($RUNS runs each$([[ $HAVE_HYPERFINE == 1 ]] && echo ", hyperfine"))"
mkdir -p "$WORK/cold"
C_PDF=$(cold vanban-pdf "$BIN" render "$FIXTURE" --format pdf --out-dir "$WORK/cold")
C_ALL=""
[[ $HAVE_DOCX == 1 ]] && C_ALL=$(cold vanban-all "$BIN" render "$FIXTURE" --format all --out-dir "$WORK/cold")
C_TYPST=$(cold typst "$PY" "$ROOT/bench/typst_run.py" one "$FIXTURE" "$WORK/cold/typst.pdf")
C_DOCXTPL=$(cold docxtpl "$PY" "$ROOT/bench/docxtpl_run.py" one "$FIXTURE" "$WORK/cold/docxtpl.docx")
C_PYTHON=$(cold python "$PY" -c pass)

# ---- 5. sizes, fonts, RSS ----------------------------------------------------------
say "file sizes and fonts of the fixture"
"$BIN" render "$FIXTURE" --format "$([[ $HAVE_DOCX == 1 ]] && echo all || echo pdf)" --out-dir "$WORK/cold" 2>/dev/null
size_kb() { "$PY" -c 'import os,sys; print(f"{os.path.getsize(sys.argv[1])/1024:.1f}")' "$1"; }
KB_PDF=$(size_kb "$WORK/cold/phuc-loi-2018.pdf")
KB_DOCX=$([[ $HAVE_DOCX == 1 ]] && size_kb "$WORK/cold/phuc-loi-2018.docx" || echo "")
KB_TYPST=$(size_kb "$WORK/cold/typst.pdf")
KB_DOCXTPL=$(size_kb "$WORK/cold/docxtpl.docx")
PAGES_V=$(pdfinfo "$WORK/cold/phuc-loi-2018.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
PAGES_T=$(pdfinfo "$WORK/cold/typst.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
echo "vanban PDF ($PAGES_V pages):" >&2
pdffonts "$WORK/cold/phuc-loi-2018.pdf" 2>/dev/null | tee "$WORK/pdffonts.txt" >&2
# Fonts are subset when every embedded font says emb=yes sub=yes (and has an ABCDEF+ tag).
SUBSET=$(awk 'NR > 2 { total++; if ($1 ~ /^[A-Z][A-Z][A-Z][A-Z][A-Z][A-Z]\+/ && / yes +yes +(yes|no) /) ok++ }
              END { print (total > 0 && ok == total) ? "yes (" total " fonts)" : "NO (" ok + 0 "/" total + 0 ")" }' "$WORK/pdffonts.txt")

# peak_rss N: peak RSS in MB of vanban batch over N notices.
peak_rss() {
    local out="$WORK/out-rss-$1"
    rm -rf "$out"
    /usr/bin/time -v "$BIN" batch "$WORK/batch-$1.json" --out-dir "$out" --format "$RSS_FORMAT" \
        --jobs "$JOBS" --quiet 2>"$WORK/time-$1.txt" >/dev/null
    manifest_ok "$out" "$1" || { echo "vanban batch of $1 failed" >&2; exit 1; }
    rm -rf "$out"
    awk -F': ' '/Maximum resident set size/ {printf "%.1f\n", $2 / 1024}' "$WORK/time-$1.txt"
}
say "peak RSS, vanban batch --format $RSS_FORMAT: $RSS_SMALL vs $RSS_LARGE notices"
RSS_S=$(peak_rss "$RSS_SMALL")
RSS_L=""
[[ "$RSS_LARGE" != 0 ]] && RSS_L=$(peak_rss "$RSS_LARGE")
WALL_L=$([[ -n "$RSS_L" ]] && awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$WORK/time-$RSS_LARGE.txt" || echo "")

# ---- 6. table ----------------------------------------------------------------------
"$PY" - <<EOF
n = $N
def rate(ms): return n / (ms / 1000) if ms else None
v_pdf, v_pdf1 = rate($T_PDF), rate($T_PDF1)
v_all = rate(${T_ALL:-0}) if "$T_ALL" else None
typst = rate($T_TYPST)
v_all_u = rate(${T_ALL_U:-0}) if "$T_ALL_U" else None
typst_u = rate($T_TYPST_U)
v_all_f = rate(${T_ALL_F:-0}) if "$T_ALL_F" else None
typst_f = rate($T_TYPST_F)
v_docx = rate(${T_DOCX:-0}) if "$T_DOCX" else None
docxtpl = rate(${T_DOCXTPL:-0}) if "$T_DOCXTPL" else None
def f(x, d=0): return "n/a" if x is None or x == "" else f"{float(x):,.{d}f}"
def ratio(a, b): return "n/a" if a is None or b is None else f"{a / b:.1f}×"
rss_s, rss_l = "$RSS_S", "$RSS_L"
rows = [
    ("vanban PDF, batch (--jobs $JOBS)", f"{f(v_pdf)} notices/s", f"{ratio(v_pdf, typst)} Typst", ""),
    ("vanban PDF, batch (--jobs 1)", f"{f(v_pdf1)} notices/s", f"{ratio(v_pdf1, typst)} Typst", ""),
    ("vanban PDF+DOCX, batch (--jobs $JOBS)", f"{f(v_all)} notices/s" if v_all else "n/a (no DOCX)",
     f"{ratio(v_all, typst)} Typst", "≥ 30× Typst"),
    ("Typst $TYPST_VERSION PDF, batch (one Python process)", f"{f(typst)} notices/s", "1.0×", ""),
    ("vanban PDF+DOCX, worst case: every notice with unseen characters (--jobs $JOBS)",
     f"{f(v_all_u)} notices/s" if v_all_u else "n/a", f"{ratio(v_all_u, typst_u)} Typst", "≥ 20× Typst"),
    ("Typst $TYPST_VERSION PDF, the same worst-case notices", f"{f(typst_u)} notices/s", "1.0×", ""),
    ("vanban PDF+DOCX, every font built afresh: foreign letters in every notice (--jobs $JOBS)",
     f"{f(v_all_f)} notices/s" if v_all_f else "n/a", f"{ratio(v_all_f, typst_f)} Typst", ""),
    ("Typst $TYPST_VERSION PDF, the same foreign-letter notices", f"{f(typst_f)} notices/s", "1.0×", ""),
    ("vanban DOCX, batch (--jobs $JOBS)", f"{f(v_docx)} notices/s" if v_docx else "n/a",
     f"{ratio(v_docx, docxtpl)} docxtpl", ""),
    ("docxtpl $DOCXTPL_VERSION DOCX, batch (one Python process)", f"{f(docxtpl)} notices/s" if docxtpl else "n/a",
     "1.0×" if docxtpl else "", ""),
    ("vanban cold single notice, PDF", f"{f('$C_PDF', 1)} ms", "", ""),
    ("vanban cold single notice, PDF+DOCX", f"{f('$C_ALL', 1)} ms" if "$C_ALL" else "n/a", "", "≤ 10 ms"),
    ("Typst cold single notice (Python, incl. import)", f"{f('$C_TYPST', 1)} ms", "", ""),
    ("docxtpl cold single notice (Python, incl. import)", f"{f('$C_DOCXTPL', 1)} ms", "", ""),
    ("  (of which bare python3 start-up)", f"{f('$C_PYTHON', 1)} ms", "", ""),
    ("vanban PDF of the fixture ($PAGES_V pages)", f"{f('$KB_PDF', 1)} KB", "fonts subset: $SUBSET", "≤ 40 KB, subset"),
    ("vanban DOCX of the fixture", f"{f('$KB_DOCX', 1)} KB" if "$KB_DOCX" else "n/a", "", ""),
    ("Typst PDF of the fixture ($PAGES_T pages)", f"{f('$KB_TYPST', 1)} KB", "", ""),
    ("docxtpl DOCX of the fixture", f"{f('$KB_DOCXTPL', 1)} KB", "", ""),
    ("vanban peak RSS, batch of $RSS_SMALL (--format $RSS_FORMAT)", f"{f(rss_s, 1)} MB", "", ""),
    ("vanban peak RSS, batch of $RSS_LARGE (--format $RSS_FORMAT)", f"{f(rss_l, 1)} MB" if rss_l else "skipped",
     (f"{float(rss_l) / float(rss_s):.2f}× the {f(rss_s, 1)} MB of $RSS_SMALL; wall $WALL_L") if rss_l else "", "≤ 40 MB"),
]
print()
print(f"vanban $REV vs Typst $TYPST_VERSION and docxtpl $DOCXTPL_VERSION: {n} notices from fixtures/phuc-loi-2018.json, "
      f"$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), "
      f"outputs in $OUT_ROOT ($(df -T "$OUT_ROOT" | awk 'NR == 2 {print $2}'))")
print(f"wall times, medians of $REPEAT rounds: vanban PDF $T_PDF ms, PDF --jobs 1 $T_PDF1 ms, "
      f"PDF+DOCX ${T_ALL:-n/a} ms, Typst $T_TYPST ms, vanban DOCX ${T_DOCX:-n/a} ms, "
      f"docxtpl $DOCXTPL_VERSION ${T_DOCXTPL:-n/a} ms")
print("rounds: $ROUNDS")
print()
print("| measure | value | compared | target |")
print("|---|---|---|---|")
for r in rows:
    print("| " + " | ".join(r) + " |")
EOF
[[ "${KEEP:-0}" == 1 ]] && echo "kept: $WORK" >&2
exit 0
