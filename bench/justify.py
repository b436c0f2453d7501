"""Justified Chinese: short lines and render time, WeasyPrint alone against writers/justify.py.

Sets every paragraph, caption and subtitle of the seed (34 blocks, about 5,000 characters)
in Noto Serif CJK SC at 10.5 pt in a 20-em column with `text-align: justify` and a two-em
indent, then reads each line's right edge back from the PDF with `pdftotext -bbox-layout`
(poppler-utils). A line is short when it ends more than 1 pt before the column's right
edge; a paragraph's last line is not counted. Renders alternate (without, with, ...) so
both see the same machine load; the first render of each kind warms font caches and is not
timed.

    python bench/justify.py [--size 10.5] [--ems 20] [--runs 3] [--repeat 1] [--compress] [--css DECLS] [--keep DIR]

--compress also sets half-width the punctuation marks `chws` would (the fonts have no
`chws`), in the extension's run only.
"""

from __future__ import annotations

import argparse
import html
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from publisher.document import BlockKind  # noqa: E402
from publisher.read import read  # noqa: E402
from publisher.writers import justify  # noqa: E402

SEED = ROOT / "seeds" / "zhuzhou-2020.zh.md"
MARGIN_PT = 56.0  # page margin on every side
KINDS = (BlockKind.PARAGRAPH, BlockKind.CAPTION, BlockKind.SUBTITLE)


@dataclass(frozen=True)
class Line:
    text: str  # the line's words, without the spaces pdftotext puts between them
    x_min: float
    x_max: float


def sample_html(paragraphs: list[str], size: float, ems: int, css: str = "") -> str:
    """The paragraphs as a justified column of Noto Serif CJK SC, ``ems`` characters wide."""
    body = "\n".join(f"<p>{html.escape(text)}</p>" for text in paragraphs)
    return f"""<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8"><style>
@page {{ size: A4; margin: {MARGIN_PT}pt; }}
body {{ margin: 0; font-family: "Noto Serif CJK SC"; font-size: {size}pt; line-height: 1.7; }}
p {{ width: {justify.measure(size, ems)}; margin: 0 0 0.85em; text-align: justify;
     text-indent: 2em; line-break: strict; {css} }}
</style></head><body>
{body}
</body></html>"""


def pdf_lines(pdf: Path) -> list[Line]:
    """Every text line of the PDF in reading order, from pdftotext -bbox-layout."""
    xml = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    root = ET.fromstring(xml)
    lines: list[Line] = []
    last_y = 0.0
    for element in root.iter():
        if element.tag.endswith("}line"):
            words = [word.text or "" for word in element if word.tag.endswith("}word")]
            line = Line("".join(words), float(element.get("xMin")), float(element.get("xMax")))
            y = float(element.get("yMax"))
            if lines and abs(y - last_y) < 0.01:
                # pdftotext splits a line where a compressed mark's glyph box overlaps the next
                previous = lines.pop()
                line = Line(
                    previous.text + line.text, previous.x_min, max(previous.x_max, line.x_max)
                )
            lines.append(line)
            last_y = y
    return lines


def plain_lines(pdf: Path) -> list[str]:
    """The text a reader copies: pdftotext's plain output, one string a line."""
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return [line for line in text.replace("\f", "\n").split("\n") if line]


def copied_text_errors(pdf: Path, paragraphs: list[str]) -> tuple[int, int]:
    """(paragraphs pdftotext does not give back exactly, line breaks it puts inside a line).

    The copied lines are put back into paragraphs (a line break may stand for
    one source space); there must be as many copied lines as lines on the page.
    """
    copied = plain_lines(pdf)
    differing, position = 0, 0
    for text in paragraphs:
        done = ""
        while len(done) < len(text) and position < len(copied):
            if done and text[len(done)] == " ":
                done += " "
            done += copied[position]
            position += 1
        differing += done != text
    return differing, len(copied) - len(pdf_lines(pdf))


def split_paragraphs(lines: list[Line], paragraphs: list[str]) -> list[list[Line]]:
    """Give each paragraph its lines, matching the text with spaces ignored."""
    result = []
    position = 0
    for text in paragraphs:
        wanted = text.replace(" ", "")
        got, own = "", []
        while len(got) < len(wanted):
            line = lines[position]
            position += 1
            got += line.text
            own.append(line)
        if got != wanted:
            raise SystemExit(f"PDF text does not match the source near {text[:20]!r}: {got[:40]!r}")
        result.append(own)
    return result


def measure_pdf(pdf: Path, paragraphs: list[str], size: float, ems: int) -> tuple[int, int, float]:
    """(non-final lines, of which more than 1 pt short, the largest shortfall in pt)."""
    right = MARGIN_PT + size * ems
    shortfalls = [
        right - line.x_max
        for own in split_paragraphs(pdf_lines(pdf), paragraphs)
        for line in own[:-1]
    ]
    return len(shortfalls), sum(gap > 1 for gap in shortfalls), max(shortfalls, default=0.0)


def render(source: str, pdf: Path, installed: bool, compress: bool = False) -> float:
    """Render with WeasyPrint alone or with the extension; the seconds write_pdf took."""
    import weasyprint

    if installed:
        justify.install(compress_punctuation=compress)
    else:
        justify.uninstall()
    start = time.perf_counter()
    weasyprint.HTML(string=source).write_pdf(pdf)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=float, default=10.5, help="font size in pt")
    parser.add_argument("--ems", type=int, default=20, help="column width in ems")
    parser.add_argument("--runs", type=int, default=3, help="timed renders of each kind")
    parser.add_argument("--repeat", type=int, default=1, help="set the blocks this many times")
    parser.add_argument(
        "--css", default="", help="more declarations for p, e.g. 'font-feature-settings: \"halt\"'"
    )
    parser.add_argument(
        "--compress", action="store_true", help="install(compress_punctuation=True)"
    )
    parser.add_argument("--keep", type=Path, help="write the HTML and both PDFs here")
    args = parser.parse_args()

    paragraphs = [block.text for block in read(SEED).blocks if block.kind in KINDS] * args.repeat
    source = sample_html(paragraphs, args.size, args.ems, args.css)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="justify-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sample.html").write_text(source, encoding="utf-8")
    pdfs = {False: folder / "weasyprint.pdf", True: folder / "justified.pdf"}

    times: dict[bool, list[float]] = {False: [], True: []}
    for run in range(args.runs + 1):
        for installed in (False, True):
            elapsed = render(source, pdfs[installed], installed, args.compress)
            if run:
                times[installed].append(elapsed)
    justify.uninstall()

    chars = sum(len(text) for text in paragraphs)
    pages = subprocess.run(["pdfinfo", str(pdfs[True])], capture_output=True, text=True).stdout
    pages = next(line.split()[-1] for line in pages.splitlines() if line.startswith("Pages:"))
    print(
        f"{len(paragraphs)} paragraphs, {chars} characters, {pages} pages, {args.size:g} pt in a "
        f"{args.ems}-em column ({justify.measure(args.size, args.ems)})"
        + (", with compress_punctuation=True" if args.compress else "")
        + (f", p {{ {args.css} }}" if args.css else "")
    )
    for installed, label in ((False, "WeasyPrint 70 alone"), (True, "with justify.install()")):
        lines, short, worst = measure_pdf(pdfs[installed], paragraphs, args.size, args.ems)
        wrong, breaks = copied_text_errors(pdfs[installed], paragraphs)
        runs = ", ".join(f"{t:.2f}" for t in times[installed])
        print(
            f"{label:24s} {short:3d} of {lines} non-final lines > 1 pt short "
            f"(worst {worst:.2f} pt); copied text: {wrong} paragraphs differ, {breaks} breaks inside lines; render {statistics.median(times[installed]):.2f} s "
            f"median of [{runs}]"
        )
    print(f"files in {folder}")


if __name__ == "__main__":
    main()
