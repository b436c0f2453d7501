"""`make bench`: the build's speed, each comparison a ratio of paired, alternating runs.

Every figure comes from child processes started here, A then B then A…, so both sides of a
ratio meet the same machine; medians with min–max. Outputs are checked equal (page counts and
pdftotext) where the two sides should produce the same PDFs.

    python bench/run.py [--rounds 5] [--scales 1,5,20,100] [--no-mt]

1. build (both editions, QA) against bare WeasyPrint rendering the very same HTML;
2. editions in parallel processes against one after the other;
3. `publisher --help` and `import publisher`, and that no heavy module is imported;
4. a rebuild with nothing changed, and after editing one paragraph, against a cold build
   (one edition);
5. the seed at 1×, 5×, 20× and 100× (distinct numbering, approved English generated
   alongside; one edition): time, peak memory of the whole build, pages, QA file size;
6. machine translation: bench/mt.py (batched CTranslate2 against argostranslate's own path).
"""

from __future__ import annotations

import argparse
import itertools
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "zhuzhou-2020.zh.md"
XLIFF = ROOT / "seeds" / "zhuzhou-2020.en.xlf"
GLOSSARY = ROOT / "glossary"
EDITIONS = ("zh-Hans-en", "zh-Hant-en")
# Rebuilds and scale typeset one edition (the Traditional one, which also waits for the convert
# stage): editions render one after the other there, so the second would only double the time
# of a run that must stay under ten minutes; sections 1 and 2 build both.
ONE_EDITION = ("--editions", "zh-Hant-en")
HEAVY = ("torch", "argostranslate.translate", "ctranslate2", "weasyprint", "jieba", "stanza")
PUBLISHER = [sys.executable, "-m", "publisher"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="paired rounds per comparison")
    parser.add_argument("--scales", default="1,5,20,100", help="multiples of the seed")
    parser.add_argument("--no-mt", action="store_true", help="skip the machine-translation part")
    args = parser.parse_args()
    began = time.perf_counter()
    cores = len(os.sched_getaffinity(0))
    print(f"machine: {cores} cores, load {os.getloadavg()[0]:.2f}; {args.rounds} paired rounds")
    with tempfile.TemporaryDirectory(prefix="publisher-bench-") as tmp:
        work = Path(tmp)
        # the child processes' caches (jieba's words) start empty: every figure from a known
        # state (the paired runs warm them up first; each scale runs cold)
        os.environ["XDG_CACHE_HOME"] = str(work / "cache")
        anchor(work, args.rounds)
        parallel(work, args.rounds)
        startup(args.rounds)
        rebuilds(work, args.rounds)
        scales(work, [int(s) for s in args.scales.split(",") if s])
    if not args.no_mt:
        print("\n## 6. machine translation (bench/mt.py)")
        mt = [sys.executable, str(ROOT / "bench" / "mt.py"), "--limit", "16", "--rounds", "2"]
        subprocess.run(mt, check=True)
    print(f"\nmake bench took {time.perf_counter() - began:.0f} s (target: under 10 minutes)")
    return 0


# --- measuring ----------------------------------------------------------------------------------


def timed(cmd: list[str], env: dict | None = None) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"failed: {' '.join(map(str, cmd))}\n{done.stdout}\n{done.stderr}")
    return time.perf_counter() - start


def paired(a: list[str], b: list[str], rounds: int) -> tuple[list[float], list[float]]:
    """Alternating runs of a and b, after one warm-up of a (the program's caches)."""
    timed(a)
    times_a, times_b = [], []
    for _ in range(rounds):
        times_a.append(timed(a))
        times_b.append(timed(b))
    return times_a, times_b


def spread(times: list[float]) -> str:
    return f"{statistics.median(times):.2f} s ({min(times):.2f}–{max(times):.2f})"


def ratio(a: list[float], b: list[float]) -> str:
    pairs = [x / y for x, y in zip(a, b, strict=True)]
    return f"{statistics.median(pairs):.2f}× ({min(pairs):.2f}–{max(pairs):.2f})"


def row(name: str, a: list[float], b: list[float], target: str) -> None:
    print(f"  {name}: {spread(a)} against {spread(b)}: ratio {ratio(a, b)}  [{target}]")


def text_of(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def same_pdfs(first: Path, second: Path, names: list[str]) -> str:
    for name in names:
        a, b = first / name, second / name
        if pages(a) != pages(b) or text_of(a) != text_of(b):
            return f"outputs DIFFER ({name})"
    return "outputs equal (pages and text)"


def build_cmd(source: Path, out: Path) -> list[str]:
    return [*PUBLISHER, "build", str(source), "--glossary", str(GLOSSARY), "--out", str(out)]


# --- 1. the anchor ------------------------------------------------------------------------------


# WeasyPrint alone, with the one extension of its own the build relies on (the CJK line
# justification of writers/justify.py), so both sides typeset the same lines.
BARE = """
import sys
from weasyprint import HTML
from publisher.writers import justify
justify.install(compress_punctuation=True)
for html, pdf in zip(sys.argv[1::2], sys.argv[2::2]):
    HTML(filename=html, base_url=sys.argv[-1]).write_pdf(pdf)
"""


def final_html(out: Path) -> list[Path]:
    """The editions' HTML exactly as the build gives it to WeasyPrint."""
    from publisher.config import EDITIONS as ALL
    from publisher.config import BuildConfig, LayoutConfig
    from publisher.pipeline import prepare
    from publisher.writers import writer_for

    doc = prepare(BuildConfig(source=SEED, glossary_dir=GLOSSARY, machine=False)).doc
    paths = []
    for key in EDITIONS:
        edition, layout = ALL[key], LayoutConfig()
        path = out / f"{key}.html"
        path.write_text(writer_for(edition, layout).html(doc, edition, layout), encoding="utf-8")
        paths.append(path)
    return paths


def anchor(work: Path, rounds: int) -> None:
    from publisher.writers.html import templates

    print("\n## 1. build against bare WeasyPrint on the same HTML (both editions, sequential)")
    html = final_html(work)
    bare_out = work / "bare"
    bare_out.mkdir()
    args = [str(p) for h in html for p in (h, bare_out / f"zhuzhou-2020.{h.stem}.pdf")]
    bare = [sys.executable, "-c", BARE, *args, str(templates()) + "/"]
    build = [*build_cmd(SEED, work / "built"), "--force", "--jobs", "1", "--no-mt"]
    a, b = paired(build, bare, rounds)
    row("warm build / bare WeasyPrint", a, b, "target ≤ 1.10×")
    names = [f"zhuzhou-2020.{e}.pdf" for e in EDITIONS]
    print(f"  {same_pdfs(work / 'built', bare_out, names)}")


# --- 2. parallel editions -----------------------------------------------------------------------


def parallel(work: Path, rounds: int) -> None:
    free = max(1, len(os.sched_getaffinity(0)) - round(os.getloadavg()[0]))
    print(f"\n## 2. editions in parallel against one after the other ({free} cores free now)")
    one = [*build_cmd(SEED, work / "one"), "--force", "--jobs", "1", "--no-mt"]
    two = [*build_cmd(SEED, work / "two"), "--force", "--jobs", "2", "--no-mt"]
    a, b = paired(two, one, rounds)
    row("parallel / sequential", a, b, "target ≤ 0.65× with two cores free")
    names = [f"zhuzhou-2020.{e}.pdf" for e in EDITIONS]
    print(f"  {same_pdfs(work / 'one', work / 'two', names)}")


# --- 3. start-up --------------------------------------------------------------------------------


def startup(rounds: int) -> None:
    print("\n## 3. start-up")
    help_cmd = [*PUBLISHER, "--help"]
    imp = [sys.executable, "-c", "import publisher"]
    none = [sys.executable, "-c", "pass"]
    a, b = paired(help_cmd, none, rounds)
    print(f"  publisher --help: {spread(a)}; bare python: {spread(b)}  [target < 0.1 s]")
    a, _ = paired(imp, none, rounds)
    print(f"  import publisher: {spread(a)}")
    probe = (
        "import sys, publisher.cli as c; c.parser().format_help(); "
        f"print([m for m in {HEAVY!r} if m in sys.modules])"
    )
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    print(f"  heavy modules after building the parser: {loaded.stdout.strip() or loaded.stderr}")


# --- 4. rebuilds --------------------------------------------------------------------------------


def rebuilds(work: Path, rounds: int) -> None:
    print(
        "\n## 4. rebuilds against a cold build (--force, every cache empty; all --draft, "
        "the zh-Hant-en edition)"
    )
    folder = work / "edit"
    folder.mkdir()
    source = folder / SEED.name
    text = SEED.read_text(encoding="utf-8")
    source.write_text(text, encoding="utf-8")
    shutil.copy(XLIFF, folder / XLIFF.name)
    out = work / "rebuild"
    build = [*build_cmd(source, out), "--no-mt", "--draft", *ONE_EDITION]
    caches = iter(range(10**6))

    def cold() -> float:
        empty = work / f"cold-cache-{next(caches)}"
        return timed([*build, "--force"], env={**os.environ, "XDG_CACHE_HOME": str(empty)})

    warm, scratch = [], []
    for _ in range(rounds):
        scratch.append(cold())
        warm.append(timed(build))
    row("unchanged rebuild / cold build", warm, scratch, "target: unchanged rebuild < 0.5 s")
    timed([*build, "--force"])  # the caches know the unedited text
    edits, scratch, said = [], [], ""
    for n in range(rounds):  # a new edit each round: the caches have never seen it
        edited = text.replace("全力打造", "全力打造" + "新" * (n + 1), 1)
        source.write_text(edited, encoding="utf-8")
        start = time.perf_counter()
        said = subprocess.run(build, capture_output=True, text=True, check=True).stdout
        edits.append(time.perf_counter() - start)
        scratch.append(cold())
    changed = sum(1 for a, b in zip(text.splitlines(), edited.splitlines(), strict=True) if a != b)
    anew = re.search(r"checked anew: (\d+) of (\d+)", said)
    missing = re.search(r"(\d+) missing", said)
    row(
        f"after editing one paragraph ({changed} line) / cold",
        edits,
        scratch,
        "only its segments anew",
    )
    print(
        f"  segments checked anew: {anew.group(1)} of {anew.group(2)}; to translate: "
        f"{missing.group(1) if missing else 0} (bench/mt.py counts them through a real engine)"
    )


# --- 5. scale -----------------------------------------------------------------------------------


def scaled(n: int, folder: Path) -> Path:
    """The seed n times over, every sentence numbered by its copy, with its approved English."""
    from publisher.read import read
    from publisher.segment import segment, split_sentences
    from publisher.stores import xliff

    memory = xliff.load(XLIFF)
    doc = segment(read(SEED))
    english = {s.zh: memory.approved_for(s) for s in doc.segments()}
    lines = [f"# {doc.blocks[0].text}", ""]
    pairs: list[tuple[str, str]] = []
    for k in range(1, n + 1):
        for block in doc.blocks[1:]:
            parts = []
            for sentence in split_sentences(block.text):
                zh = f"第{k}篇：{sentence}"
                pairs.append((zh, f"Part {k}: {english.get(sentence) or 'untranslated'}"))
                parts.append(zh)
            prefix = "## " if block.kind in ("section_title", "heading") else ""
            lines += [prefix + "".join(parts), ""]
    source = folder / f"scaled{n}.zh.md"
    source.write_text("\n".join(lines), encoding="utf-8")
    scaled_doc = segment(read(source))
    by_zh = dict(pairs)
    by_zh[doc.blocks[0].text] = english.get(doc.blocks[0].text) or "Title"
    units = "\n".join(
        f'<trans-unit id="{s.id}"><source>{_xml(s.zh)}</source>'
        f'<target state="final">{_xml(by_zh.get(s.zh, "untranslated"))}</target></trans-unit>'
        for s in scaled_doc.segments()
    )
    (folder / f"scaled{n}.en.xlf").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" '
        'xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="s" source-language='
        '"zh-Hans" target-language="en" datatype="plaintext"><body>\n'
        f"{units}\n</body></file></xliff>\n",
        encoding="utf-8",
    )
    return source


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def scales(work: Path, multiples: list[int]) -> None:
    print("\n## 5. scale (the zh-Hant-en edition and QA, --jobs 1)")
    print("  ×     time      per ×   peak MiB: build (largest process)  pages/edition  QA JSON")
    base = None
    for n in multiples:
        folder = work / f"x{n}"
        folder.mkdir()
        source = scaled(n, folder)
        out = folder / "out"
        cmd = [*build_cmd(source, out), "--no-mt", "--draft", "--jobs", "1", *ONE_EDITION]
        start = time.perf_counter()
        done, peak, largest = peak_memory(cmd)
        seconds = time.perf_counter() - start
        if done.returncode != 0:
            print(f"  {n:>3}×  failed: {done.stderr.strip()[-300:]}")
            continue
        base = base or seconds / n
        qa = out / f"scaled{n}.qa.json"
        count = pages(out / f"scaled{n}.{ONE_EDITION[1]}.pdf")
        print(
            f"  {n:>3}×  {seconds:7.1f} s  {seconds / n / base:5.2f}  {peak:9.0f} ({largest:.0f})"
            f"{count:22d}  {qa.stat().st_size / 1e6:.1f} MB"
        )
    print("  (per ×: time per seed copy relative to 1×; targets: 100× under 2 GB, ≤ 1.10 per ×)")


def peak_memory(cmd: list[str]) -> tuple[subprocess.CompletedProcess, float, float]:
    """Run cmd; the peak of its process tree's memory summed (proportional set sizes: a page
    two processes share counts half in each; sampled every second, as reading them walks the
    page tables) and of its largest process (resident set, every 0.2 s), MiB."""
    process = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = largest = 0.0
    for n in itertools.count():
        if process.poll() is not None:
            break
        pids = tree(process.pid)
        largest = max([largest, *(resident_mib(pid) for pid in pids)])
        if n % 5 == 0:
            peak = max(peak, sum(proportional_mib(pid) for pid in pids))
        time.sleep(0.2)
    out, err = process.communicate()
    return subprocess.CompletedProcess(cmd, process.returncode, out, err), peak, largest


def tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        p = todo.pop()
        pids.append(p)
        for task in Path(f"/proc/{p}/task").glob("*/children"):
            try:
                todo += [int(c) for c in task.read_text().split()]
            except OSError:
                pass
    return pids


def resident_mib(pid: int) -> float:
    return _kib(f"/proc/{pid}/status", "VmRSS") / 1024


def proportional_mib(pid: int) -> float:
    return _kib(f"/proc/{pid}/smaps_rollup", "Pss") / 1024


def _kib(path: str, name: str) -> int:
    """A "name: N kB" line of a /proc file; 0 once the process has ended."""
    try:
        found = re.search(rf"^{name}:\s+(\d+) kB", Path(path).read_text(), re.M)
    except OSError:
        return 0
    return int(found.group(1)) if found else 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    raise SystemExit(main())
