"""Typesetting measurements of a built edition, read from the PDF alone.

    python bench/typesetting.py PDF [PDF ...] [--json]

What a typesetter checks, as numbers: ragged Chinese lines, line-start/line-end punctuation
(kinsoku), hyphenated English lines and ladders, paragraph-end fragments, column fill on full
pages, the baseline offset between a Chinese paragraph and its English, one-character last lines
in Chinese headings, characters per line, and which embedded font draws which script.

Where the figures come from:

- `pdftotext -bbox-layout` (poppler): every word with its box (points from the page's top-left
  corner; a box runs to the end of the last glyph's advance, so a line's right end is exact);
- pypdf's text visitor: every text-showing operation's origin (so the exact baseline), its
  effective size (font size x text and current matrices) and the font drawing it;
- `pdffonts`: the fonts embedded, and whether embedded and subset.

A line is the words one text-showing operation draws (each word goes to the operation on its
baseline starting nearest to its left: a justified line is one operation however wide its
spaces), joined with pieces on the same baseline less than an em away (a change of font).
pdftotext's own line grouping is kept only for words no operation accounts for.

The heuristics (every threshold is a named constant below):

- Furniture: on each page, the topmost band of lines is a running head if it lies in the top
  15% of the page and is more than 1.5 times its own height above the text below it; the
  bottommost band likewise is a folio. Furniture is left out of everything but the fonts.
- Script of a line, by its characters: Chinese when Han characters make at least half of its
  Han + Latin letters + digits, English when it has Latin letters and no Han, mixed otherwise
  (e.g. a glossary entry "陶瓷 ceramic"). Lines of digits and punctuation only, and mixed lines,
  join the one script's column whose horizontal extent holds them (a mixed line under both, in
  the stacked layout, goes to the Chinese), or are left out.
- Columns, by x: on each page the lines of one script are grouped by overlapping horizontal
  extent (the side-by-side grid gives a Chinese and an English column; the stacked layout and
  the monolingual editions one column per script across the measure); lines of one column on
  one baseline are one line. Columns with the same script and left edge (within 3 pt) on
  different pages form a column group. Its right edge is where its flush body lines end: going
  down from the furthest line end, the first 0.5 pt window holding at least 10% of the lines
  (and 3), its median; with no such cluster, the second-furthest end. The left edge of a column
  on a page is its most common line start.
- Blocks (paragraphs): within a column on a page, a line starts a new block when its size
  differs from the line above by more than 3%, when the baseline distance exceeds 1.2 times the
  usual pitch of that script and size (the most common baseline distance, if seen 3 times;
  else 1.75 em), or when it starts more than 0.75 em right of the column's left edge while the
  line above does not (a first-line indent). A block whose last line is the column's last, lies
  within 2.5 pitches of the page's lowest text line and does not end a sentence (no terminal
  punctuation, or an English hyphen) continues in the first block of the same script and size
  at the top of a column on the next page; a paragraph is such a chain of blocks.
- Body text, per script: the size and font set in the most running text, running text being
  blocks of 3 lines or more whose non-final lines mostly end within 1.5 pt of the block's
  furthest end (this leaves out glossary entries, contents, captions and the cover). A line is
  body when its size is within 3% of that size and its main font is that font. A heading is a
  block of at most 4 lines set more than 5% larger than its script's body, on a page that holds
  a body paragraph (2 lines or more) of its script.
- Non-final line: a line of a body paragraph that is not the paragraph's last. Its shortfall
  is its column group's right edge minus the line's right end; "past the edge" is the reverse.
- Full page: a page with Chinese and English body columns side by side whose lowest text line
  lies within 1.5 Chinese body pitches of the lowest text line of any page. A column's fill is
  the sum of the pitches of its lines set at body size or larger (the pitch of each line's
  script and size; smaller type, a table's or a caption's, is left out: a table's labels in one
  script may fall inside the other script's column); a hole is the space
  between two consecutive lines of a column beyond the upper line's pitch.
- Baseline offset: a Chinese paragraph start and the nearest English paragraph start in a
  column beside it on the same page (neither a continuation), first baselines less than 0.75
  pitch apart; "body rows" pairs body paragraphs, "all rows" Chinese headings too, with the
  English block beside them set at least in the English body size (an English heading in bold
  may be set less than 5% larger than the body, so not read as a heading).
- Layout: bilingual when at least a quarter of the pages holding body text hold both scripts'
  body text; side by side when their columns do not overlap, stacked when they do; otherwise
  Chinese only or English only, by which has more body lines.

Limits: the right edge is where the most lines end, not the cell's content box, so a measure
of a fractional number of ems (Chinese lines that can never reach the box) reads as flush; a
paragraph ending at the foot of a page without terminal punctuation is read as continuing; a
paragraph break with neither space nor indent is invisible, and two rows set in the same size
with little space between them (the A5 title) read as one paragraph.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import statistics
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

# ---- thresholds ----
FURNITURE_BAND = 0.15  # running heads / folios lie in the top / bottom 15% of the page ...
FURNITURE_GAP = 1.5  # ... apart from the text by more than 1.5 x their height
HAN_SHARE = 0.5  # Chinese line: Han >= half of Han + Latin letters + digits
SAME_LEFT = 3.0  # pt: columns on different pages with left edges this close are one group
FLUSH_SHARE = 0.10  # a column's right edge is where at least 10% of its body lines end
SIZE_TOLERANCE = 0.03  # body lines: size within 3% of the script's body size
HEADING_RATIO = 1.05  # Chinese heading: size > 1.05 x body size ...
HEADING_LINES = 4  # ... in a block of at most 4 lines, on a page with a body paragraph
BLOCK_PITCH = 1.2  # a baseline distance over 1.2 x pitch starts a new block
INDENT_EM = 0.75  # a line starting this many em right of the column's left edge starts a block
CONTINUE_PITCHES = 2.5  # a block ending this near the page's lowest line may continue overleaf
FULL_PAGE_PITCHES = 1.5  # a full page reaches this near the lowest text line of any page
BASELINE_PAIR = 0.75  # paragraph starts closer than 0.75 pitch are side by side
SHORT = (1.0, 2.0)  # pt: a non-final Chinese line ending further than this from the edge
FRAGMENT = 6  # an English paragraph's last line shorter than 6 characters is a fragment

# ---- characters ----
HAN_RE = re.compile("[\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
LATIN_RE = re.compile("[A-Za-z\u00c0-\u024f]")
DIGIT_RE = re.compile("[0-9]")
# Marks that may not start a line (closing brackets and quotes, pause and stop marks, iteration
# marks) and marks that may not end one (opening brackets and quotes): GB/T 15834, JIS X 4051.
NO_START = set("，。、；：？！）》〉」』】〕〗〙〛｝］”’…‥·・〃々〻ゝゞヽヾ～％‰℃：；，．？！")
NO_END = set("（《〈「『【〔〖〘〚｛［“‘")
# Sentence ends: a line ending so may be a paragraph's last even at the foot of a page.
ZH_TERMINAL = set("。！？…」』”’）》.!?")
EN_TERMINAL = set('.!?:;”’")]')
HYPHENS = ("-", "\u2010", "\u00ad")
OBLIQUE_RE = re.compile(r"oblique|italic|slant", re.I)
SMALL_CAPS_RE = re.compile(r"small.?caps", re.I)


def han_count(text: str) -> int:
    return len(HAN_RE.findall(text))


def script_of(text: str) -> str:
    han = han_count(text)
    latin = len(LATIN_RE.findall(text))
    digits = len(DIGIT_RE.findall(text))
    if han and han >= HAN_SHARE * (han + latin + digits):
        return "zh"
    if han:
        return "mixed"
    if latin:
        return "en"
    return "other"


# ---- reading the PDF ----


@dataclass
class Run:
    """One text-showing operation: origin, effective size, font, text."""

    x: float
    baseline: float
    size: float
    font: str
    text: str


@dataclass
class Line:
    page: int  # 0-based
    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    baseline: float = 0.0
    size: float = 0.0
    fonts: Counter = field(default_factory=Counter)
    runs: list[Run] = field(default_factory=list)
    script: str = ""
    furniture: bool = False
    column: Column | None = None
    body: bool = False
    heading: bool = False
    block: Block | None = None

    @property
    def font(self) -> str:
        """The font drawing most of the line."""
        return self.fonts.most_common(1)[0][0] if self.fonts else "?"

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    def size_key(self) -> float:
        return round(self.size * 4) / 4


@dataclass
class Column:
    page: int
    script: str
    x0: float
    x1: float
    lines: list[Line] = field(default_factory=list)
    left: float = 0.0
    group: int = -1


@dataclass
class Block:
    column: Column
    lines: list[Line] = field(default_factory=list)
    continues: bool = False  # goes on overleaf
    continued: bool = False  # is the continuation of a block on the page before
    prev: Block | None = None
    next: Block | None = None


@dataclass
class Word:
    """A word as pdftotext boxes it, with the number of the pdftotext line holding it."""

    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    line: int


def read_words(pdf: Path) -> tuple[list[list[Word]], list[tuple[float, float]]]:
    """Every word pdftotext finds, page by page, and the pages' sizes."""
    xml = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], check=True, capture_output=True
    ).stdout
    ns = "{http://www.w3.org/1999/xhtml}"
    pages: list[list[Word]] = []
    sizes: list[tuple[float, float]] = []
    count = 0
    for page in ET.fromstring(xml).iter(f"{ns}page"):
        sizes.append((float(page.get("width")), float(page.get("height"))))
        words = []
        for line in page.iter(f"{ns}line"):
            count += 1
            for w in line.iter(f"{ns}word"):
                box = [float(w.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")]
                words.append(Word(*box, w.text or "", count))
        pages.append(words)
    return pages, sizes


def build_lines(words: list[list[Word]], runs: list[list[Run]]) -> list[Line]:
    """Lines: the words each text-showing operation draws, joined along a baseline.

    Each word goes to the operation that starts nearest to its left on its baseline (a justified
    line is one operation however wide its spaces); pieces on one baseline less than an em apart
    (a change of font inside a line) are one line. Words no operation accounts for keep
    pdftotext's line, with a baseline estimated from the box.
    """
    lines: list[Line] = []
    for number, page_words in enumerate(words):
        page_runs = runs[number] if number < len(runs) else []
        owned: dict[int, list[Word]] = defaultdict(list)
        orphans: dict[int, list[Word]] = defaultdict(list)
        for word in page_words:
            # boxes of consecutive lines can overlap: take the operations whose baseline is
            # nearest where the word's would be (a fifth of the box above its foot), then the
            # one starting nearest to the word's left
            expected = word.y1 - 0.2 * (word.y1 - word.y0)
            candidates = [
                (abs(run.baseline - expected), i)
                for i, run in enumerate(page_runs)
                if word.y0 - 0.5 <= run.baseline <= word.y1 + 0.5 and run.x <= word.x0 + 0.5
            ]
            if not candidates:
                orphans[word.line].append(word)
                continue
            nearest = min(d for d, _ in candidates)
            best = max(
                (i for d, i in candidates if d <= nearest + 1.0), key=lambda i: page_runs[i].x
            )
            owned[best].append(word)
        pieces: list[Line] = []
        for i, ws in owned.items():
            run = page_runs[i]
            pieces.append(_line(number, ws, run.baseline, run.size, [run]))
        for ws in orphans.values():
            height = max(w.y1 for w in ws) - min(w.y0 for w in ws)
            pieces.append(
                _line(number, ws, min(w.y0 for w in ws) + 0.8 * height, height / 1.45, [])
            )
        # operations that drew no word of their own (a font change inside a word)
        for i, run in enumerate(page_runs):
            if i in owned:
                continue
            for piece in pieces:
                if (
                    piece.x0 - 1 <= run.x <= piece.x1 + 1
                    and abs(piece.baseline - run.baseline) < 0.5 * run.size
                ):
                    piece.runs.append(run)
                    piece.fonts[run.font] += len(run.text.strip())
                    break
        lines += merge_on_baseline(pieces, gap_em=1.0)
    return lines


def _line(page: int, words: list[Word], baseline: float, size: float, runs: list[Run]) -> Line:
    words = sorted(words, key=lambda w: w.x0)
    line = Line(
        page=page,
        x0=min(w.x0 for w in words),
        y0=min(w.y0 for w in words),
        x1=max(w.x1 for w in words),
        y1=max(w.y1 for w in words),
        text=" ".join(w.text for w in words),
        baseline=baseline,
        size=size,
        runs=list(runs),
    )
    for run in runs:
        line.fonts[run.font] += len(line.text.replace(" ", ""))
    return line


def merge_on_baseline(pieces: list[Line], gap_em: float | None) -> list[Line]:
    """Join pieces whose baselines agree within 0.3 pt and, if gap_em, lie under gap_em apart."""
    out: list[Line] = []
    for piece in sorted(pieces, key=lambda ln: (round(ln.baseline, 0), ln.x0)):
        for line in reversed(out[-8:]):
            same = abs(line.baseline - piece.baseline) <= 0.3
            near = gap_em is None or piece.x0 - line.x1 <= gap_em * max(line.size, piece.size)
            if same and near and piece.x0 >= line.x0:
                weights = Counter({line.size: len(line.text), piece.size: len(piece.text)})
                line.size = weights.most_common(1)[0][0]
                line.x1 = max(line.x1, piece.x1)
                line.y0, line.y1 = min(line.y0, piece.y0), max(line.y1, piece.y1)
                line.text = f"{line.text} {piece.text}"
                line.runs += piece.runs
                line.fonts.update(piece.fonts)
                break
        else:
            out.append(piece)
    return out


def _mul(m: list[float], n: list[float]) -> list[float]:
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return [
        a * p + b * r,
        a * q + b * s,
        c * p + d * r,
        c * q + d * s,
        e * p + f * r + t,
        e * q + f * s + u,
    ]


def strip_subset(name: str) -> str:
    name = name.lstrip("/")
    return name.split("+", 1)[1] if re.match(r"^[A-Z]{6}\+", name) else name


def read_runs(pdf: Path) -> list[list[Run]]:
    """Every text-showing operation of every page, with its origin in top-left coordinates."""
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    pages: list[list[Run]] = []
    for page in reader.pages:
        height = float(page.mediabox.top)
        runs: list[Run] = []

        def visit(text, cm, tm, font, font_size, runs=runs, height=height):
            if not text or not text.strip() or not font:
                return
            m = _mul(list(tm), list(cm))
            scale = math.hypot(m[2], m[3])
            runs.append(
                Run(
                    x=m[4],
                    baseline=height - m[5],
                    size=font_size * scale,
                    font=strip_subset(str(font.get("/BaseFont", "?"))),
                    text=text,
                )
            )

        page.extract_text(visitor_text=visit)
        pages.append(runs)
    return pages


def read_fonts(pdf: Path) -> list[dict]:
    """pdffonts' list: name (subset prefix removed), type, embedded, subset."""
    out = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout
    fonts = []
    for row in out.splitlines()[2:]:
        parts = row.split()
        if len(parts) < 7:
            continue
        # name, type (several words), encoding, emb, sub, uni, object, generation
        name, emb, sub = parts[0], parts[-5], parts[-4]
        fonts.append(
            {
                "name": strip_subset(name),
                "type": " ".join(parts[1:-6]),
                "embedded": emb == "yes",
                "subset": sub == "yes",
            }
        )
    return fonts


# ---- structure ----


def mark_furniture(lines: list[Line], sizes: list[tuple[float, float]]) -> None:
    by_page = defaultdict(list)
    for line in lines:
        by_page[line.page].append(line)
    for number, page_lines in by_page.items():
        height = sizes[number][1]
        bands: list[list[Line]] = []
        for line in sorted(page_lines, key=lambda ln: ln.y0):
            if bands and line.y0 < max(ln.y1 for ln in bands[-1]) - 0.2 * line.height:
                bands[-1].append(line)
            else:
                bands.append([line])
        if len(bands) < 2:
            continue
        top, below = bands[0], bands[1]
        top_h = max(ln.height for ln in top)
        if (
            max(ln.y1 for ln in top) < FURNITURE_BAND * height
            and min(ln.y0 for ln in below) - max(ln.y1 for ln in top) > FURNITURE_GAP * top_h
        ):
            for ln in top:
                ln.furniture = True
        bottom, above = bands[-1], bands[-2]
        bottom_h = max(ln.height for ln in bottom)
        if (
            min(ln.y0 for ln in bottom) > (1 - FURNITURE_BAND) * height
            and min(ln.y0 for ln in bottom) - max(ln.y1 for ln in above) > FURNITURE_GAP * bottom_h
        ):
            for ln in bottom:
                ln.furniture = True


def build_columns(lines: list[Line]) -> tuple[list[Column], list[Line]]:
    """Per page and script, lines grouped by overlapping horizontal extent; the lines left.

    Lines of one column on one baseline are joined into one (the lines returned)."""
    columns: list[Column] = []
    absorbed: set[int] = set()
    by_key = defaultdict(list)
    for line in lines:
        if not line.furniture and line.script in ("zh", "en"):
            by_key[(line.page, line.script)].append(line)
    for (page, script), group in sorted(by_key.items()):
        clusters: list[Column] = []
        for line in sorted(group, key=lambda ln: ln.x0):
            for col in clusters:
                if line.x0 < col.x1 - 1 and line.x1 > col.x0 + 1:
                    col.lines.append(line)
                    col.x0, col.x1 = min(col.x0, line.x0), max(col.x1, line.x1)
                    break
            else:
                clusters.append(Column(page, script, line.x0, line.x1, [line]))
        # merging can make two clusters overlap: merge until stable
        merged = True
        while merged:
            merged = False
            for i in range(len(clusters)):
                for j in range(i + 1, len(clusters)):
                    a, b = clusters[i], clusters[j]
                    if a.x0 < b.x1 - 1 and a.x1 > b.x0 + 1:
                        a.lines += b.lines
                        a.x0, a.x1 = min(a.x0, b.x0), max(a.x1, b.x1)
                        del clusters[j]
                        merged = True
                        break
                if merged:
                    break
        for col in clusters:  # a justified space between two fonts' pieces can be wide
            kept = merge_on_baseline(col.lines, None)
            for line in set(map(id, col.lines)) - set(map(id, kept)):
                absorbed.add(line)
            col.lines = kept
        columns += clusters
    # lines of digits and punctuation, and mixed lines, join a column of one script around them
    for line in lines:
        if line.furniture or line.script in ("zh", "en"):
            continue
        around = [
            c
            for c in columns
            if c.page == line.page and c.x0 - 1 <= line.x0 and line.x1 <= c.x1 + 1
        ]
        scripts = {c.script for c in around}
        if line.script == "mixed" and len(scripts) > 1:  # stacked: Han belongs to the Chinese
            around = [c for c in around if c.script == "zh"]
            scripts = {"zh"}
        if len(scripts) == 1:
            around[0].lines.append(line)
            line.script = around[0].script
    for col in columns:
        for line in col.lines:
            line.column = col
        col.lines.sort(key=lambda ln: (ln.baseline, ln.x0))
        col.left = Counter(round(ln.x0 * 2) / 2 for ln in col.lines).most_common(1)[0][0]
    return columns, [ln for ln in lines if id(ln) not in absorbed]


def body_type(blocks: list[Block]) -> tuple[dict[str, float], dict[str, str]]:
    """Each script's body size and font: the one set in the most running text.

    Running text is a block of at least 3 lines most of whose non-final lines end within
    1.5 pt of the block's furthest line end (even ragged Chinese has most lines full), so
    glossary entries, contents and captions, short and ragged, do not count. A script with no
    running text has no body.
    """
    weights: dict[str, Counter] = defaultdict(Counter)
    for block in blocks:
        lines = block.lines
        if len(lines) < 3:
            continue
        furthest = max(ln.x1 for ln in lines)
        flush = sum(1 for ln in lines[:-1] if furthest - ln.x1 <= 1.5)
        if flush < 0.5 * (len(lines) - 1):
            continue
        for ln in lines:
            weights[block.column.script][(ln.size_key(), ln.font)] += len(ln.text.replace(" ", ""))
    sizes, fonts = {}, {}
    for script, counter in weights.items():
        (size, font), _ = counter.most_common(1)[0]
        sizes[script], fonts[script] = size, font
    return sizes, fonts


def line_pitches(columns: list[Column]) -> dict[tuple[str, float], float]:
    """The usual baseline distance for each script and size: the most common one."""
    deltas = defaultdict(Counter)
    for col in columns:
        for a, b in zip(col.lines, col.lines[1:], strict=False):
            if a.size_key() == b.size_key():
                deltas[(col.script, a.size_key())][round(b.baseline - a.baseline, 1)] += 1
    pitches = {}
    for key, counter in deltas.items():
        value, count = counter.most_common(1)[0]
        if count >= 3 and value > 0:
            pitches[key] = value
    return pitches


def pitch_of(line: Line, pitches: dict) -> float:
    return pitches.get((line.script, line.size_key()), 1.2 * line.size)


def build_blocks(columns: list[Column], pitches: dict, lowest: dict[int, float]) -> list[Block]:
    blocks: list[Block] = []
    for col in columns:
        current: Block | None = None
        for line in col.lines:
            new = current is None
            if current is not None:
                prev = current.lines[-1]
                pitch = pitches.get((col.script, prev.size_key()))
                limit = BLOCK_PITCH * pitch if pitch else 1.75 * prev.size
                if (
                    abs(line.size - prev.size) > SIZE_TOLERANCE * prev.size
                    or line.baseline - prev.baseline > limit
                    or (
                        line.x0 - col.left > INDENT_EM * line.size
                        and prev.x0 - col.left <= INDENT_EM * line.size
                    )
                ):
                    new = True
            if new:
                current = Block(col)
                blocks.append(current)
            current.lines.append(line)
            line.block = current
    # continuation overleaf
    for block in blocks:
        col, last = block.column, block.lines[-1]
        if last is not col.lines[-1]:
            continue
        text = last.text.rstrip()
        ends = text[-1:] if text else ""
        if col.script == "en":
            open_end = text.endswith(HYPHENS) or ends not in EN_TERMINAL
        else:
            open_end = ends not in ZH_TERMINAL
        near_foot = lowest[col.page] - last.baseline <= CONTINUE_PITCHES * pitch_of(last, pitches)
        if open_end and near_foot:
            block.continues = True
    firsts = defaultdict(list)  # (page, script) -> blocks starting at the top of a column
    for block in blocks:
        if block.lines[0] is block.column.lines[0]:
            firsts[(block.column.page, block.column.script)].append(block)
    for block in blocks:
        if not block.continues:
            continue
        col = block.column
        # the same column group on the next page, else the first column of the script there
        candidates = [
            b
            for b in firsts.get((col.page + 1, col.script), [])
            if b.lines[0].size_key() == block.lines[-1].size_key() and not b.continued
        ]
        candidates.sort(key=lambda b: (b.column.group != col.group, b.column.x0))
        if candidates:
            block.next, candidates[0].prev = candidates[0], block
            candidates[0].continued = True
        else:
            block.continues = False
    return blocks


def paragraphs(blocks: list[Block]) -> list[list[Line]]:
    out = []
    for block in blocks:
        if block.continued:
            continue
        lines, b = [], block
        while b is not None:
            lines += b.lines
            b = b.next
        out.append(lines)
    return out


def group_columns(columns: list[Column]) -> dict[int, dict]:
    """Columns of one script and left edge across pages; the right edge of each group."""
    groups: list[dict] = []
    for col in sorted(columns, key=lambda c: (c.script, c.left)):
        for g in groups:
            if g["script"] == col.script and abs(g["left"] - col.left) <= SAME_LEFT:
                g["columns"].append(col)
                col.group = g["id"]
                break
        else:
            groups.append(
                {"id": len(groups), "script": col.script, "left": col.left, "columns": [col]}
            )
            col.group = groups[-1]["id"]
    out = {}
    for g in groups:
        ends = sorted(
            (ln.x1 for c in g["columns"] for ln in c.lines if ln.body), reverse=True
        ) or sorted((ln.x1 for c in g["columns"] for ln in c.lines), reverse=True)
        g["right"] = right_edge(ends)
        out[g["id"]] = g
    return out


def right_edge(ends: list[float]) -> float:
    """Where a column's flush lines end: the furthest right end that a cluster of lines shares.

    Going down from the furthest end x, the first 0.5 pt window [x - 0.5, x] that holds at least
    FLUSH_SHARE of the lines (and at least 3); the edge is the median end in that window. When no
    window does (a column set ragged), the second-furthest end.
    """
    ends = sorted(ends, reverse=True)
    need = max(3, math.ceil(FLUSH_SHARE * len(ends)))
    for value in ends:
        window = [e for e in ends if value - 0.5 <= e <= value]
        if len(window) >= need:
            return statistics.median(window)
    return ends[min(1, len(ends) - 1)]


# ---- measurements ----


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 2) if values else None


@dataclass
class Analysis:
    """The structure read from one PDF: lines, columns, blocks and paragraphs, body type."""

    pdf: Path
    sizes: list[tuple[float, float]]
    runs: list[list[Run]]
    lines: list[Line]
    text_lines: list[Line]
    columns: list[Column]
    groups: dict[int, dict]
    pitches: dict[tuple[str, float], float]
    lowest: dict[int, float]
    blocks: list[Block]
    paras: list[list[Line]]
    body: dict[str, float]
    body_fonts: dict[str, str]


def analyse(pdf_path: str | Path) -> Analysis:
    """Read a PDF into lines, columns, blocks and paragraphs (see the module docstring)."""
    pdf = Path(pdf_path)
    words, sizes = read_words(pdf)
    runs = read_runs(pdf)
    lines = build_lines(words, runs)
    for line in lines:
        line.script = script_of(line.text)
    mark_furniture(lines, sizes)
    columns, lines = build_columns(lines)
    pitches = line_pitches(columns)
    text_lines = [ln for ln in lines if not ln.furniture]
    lowest = defaultdict(float)
    for line in text_lines:
        lowest[line.page] = max(lowest[line.page], line.baseline)
    blocks = build_blocks(columns, pitches, lowest)
    body, body_fonts = body_type(blocks)
    for line in lines:
        ref = body.get(line.script)
        if line.column is not None and ref:
            line.body = (
                abs(line.size - ref) <= SIZE_TOLERANCE * ref
                and line.font == body_fonts[line.script]
            )
    body_pages = {  # pages holding a body paragraph (not just a body-sized line, as on a cover)
        (b.lines[0].page, b.column.script)
        for b in blocks
        if len(b.lines) > 1 and all(ln.body for ln in b.lines)
    }
    for block in blocks:
        first = block.lines[0]
        ref = body.get(first.script)
        if (
            ref
            and first.size > HEADING_RATIO * ref
            and len(block.lines) <= HEADING_LINES
            and (first.page, first.script) in body_pages
        ):
            for line in block.lines:
                line.heading = True
    groups = group_columns(columns)
    paras = paragraphs(blocks)

    return Analysis(
        pdf,
        sizes,
        runs,
        lines,
        text_lines,
        columns,
        groups,
        pitches,
        lowest,
        blocks,
        paras,
        body,
        body_fonts,
    )


def measure(pdf_path: str | Path) -> dict:
    """Every measurement of one PDF, as a JSON-ready dict (see the module docstring)."""
    a = analyse(pdf_path)
    pdf, sizes, runs, text_lines, columns, groups = (
        a.pdf,
        a.sizes,
        a.runs,
        a.text_lines,
        a.columns,
        a.groups,
    )
    pitches, lowest, blocks, paras, body, body_fonts = (
        a.pitches,
        a.lowest,
        a.blocks,
        a.paras,
        a.body,
        a.body_fonts,
    )
    result: dict = {
        "pdf": str(pdf),
        "pages": len(sizes),
        "page_size_pt": [round(v, 1) for v in sizes[0]] if sizes else None,
        "paper": paper_name(sizes[0]) if sizes else None,
        "body_size_pt": body,
        "body_font": body_fonts,
        "line_pitch_pt": {s: pitches.get((s, body[s])) for s in body},
        "columns": [
            {
                "script": g["script"],
                "left": round(g["left"], 2),
                "right": round(g["right"], 2),
                "pages": len(g["columns"]),
                "body_lines": sum(1 for c in g["columns"] for ln in c.lines if ln.body),
                "measure_em": round((g["right"] - g["left"]) / body[g["script"]], 2)
                if g["script"] in body
                else None,
            }
            for g in groups.values()
        ],
        "furniture_lines": sum(1 for ln in a.lines if ln.furniture),
        "lines_without_pdf_operation": sum(1 for ln in text_lines if not ln.runs),
    }
    result["layout"] = layout_of(columns, body)
    result["chinese"] = chinese_lines(paras, groups)
    result["kinsoku"] = kinsoku(text_lines)
    result["english"] = english_lines(paras)
    result["fill"] = column_fill(columns, pitches, lowest, body)
    result["baselines"] = baseline_offsets(blocks, pitches, body)
    result["headings"] = headings(blocks)
    result["chars_per_line"] = chars_per_line(paras)
    result["fonts"] = fonts_per_script(runs, read_fonts(pdf))
    return result


def paper_name(size: tuple[float, float]) -> str:
    w, h = sorted(size)
    for name, (pw, ph) in {
        "A4": (595.3, 841.9),
        "Letter": (612, 792),
        "A5": (419.5, 595.3),
    }.items():
        if abs(w - pw) < 2 and abs(h - ph) < 2:
            return name
    return f"{w:.0f}x{h:.0f} pt"


def layout_of(columns: list[Column], body: dict) -> str:
    """'side by side', 'stacked', 'Chinese only' or 'English only', from the pages' body text.

    Bilingual when at least a quarter of the pages holding body text hold both scripts' body
    text; side by side when those pages' columns do not overlap, stacked when they do.
    """
    pages = defaultdict(lambda: defaultdict(list))
    for col in columns:
        if any(ln.body for ln in col.lines):
            pages[col.page][col.script].append(col)
    both = [s for s in pages.values() if s.get("zh") and s.get("en")]
    if pages and len(both) >= 0.25 * len(pages):
        side = sum(
            1
            for s in both
            if all(z.x1 <= e.x0 + 1 or e.x1 <= z.x0 + 1 for z in s["zh"] for e in s["en"])
        )
        return "side by side" if side >= len(both) - side else "stacked"
    count = Counter(
        sc
        for s in pages.values()
        for sc, cols in s.items()
        for c in cols
        for ln in c.lines
        if ln.body
    )
    if not count:
        return "no body text found"
    return "Chinese only" if count["zh"] >= count["en"] else "English only"


def chinese_lines(paras: list[list[Line]], groups: dict) -> dict:
    nonfinal, short1, short2, past, worst, examples = 0, 0, 0, 0, 0.0, []
    total = count = 0
    for para in paras:
        if not para or para[0].script != "zh" or not para[0].body:
            continue
        total += len(para)
        count += 1
        for line in para[:-1]:
            nonfinal += 1
            gap = groups[line.column.group]["right"] - line.x1
            if gap < -SHORT[0]:
                past += 1
            if gap > SHORT[0]:
                short1 += 1
            if gap > SHORT[1]:
                short2 += 1
                examples.append((round(gap, 2), line.page + 1, line.text))
            worst = max(worst, gap / line.size)
    one_char = [
        (para[-1].page + 1, para[-1].text)
        for para in paras
        if para
        and para[0].script == "zh"
        and para[0].body
        and len(para) > 1
        and len(re.sub(r"\s", "", "".join(ch for ch in para[-1].text if ch not in NO_START))) <= 1
    ]
    examples.sort(reverse=True)
    return {
        "body_lines": total,
        "paragraphs": count,
        "nonfinal": nonfinal,
        "past_edge_over_1pt": past,
        "short_over_1pt": short1,
        "short_over_2pt": short2,
        "share_over_1pt": _share(short1, nonfinal),
        "share_over_2pt": _share(short2, nonfinal),
        "worst_shortfall_em": round(worst, 2),
        "worst_lines": [{"short_pt": g, "page": p, "text": t} for g, p, t in examples[:5]],
        "paragraphs_ending_in_one_character": len(one_char),
    }


def kinsoku(lines: list[Line]) -> dict:
    starts, ends = [], []
    for line in lines:
        if line.script not in ("zh", "mixed"):
            continue
        text = line.text.strip()
        if not text:
            continue
        if text[0] in NO_START:
            starts.append({"page": line.page + 1, "text": text})
        if text[-1] in NO_END:
            ends.append({"page": line.page + 1, "text": text})
    return {
        "lines_checked": sum(1 for ln in lines if ln.script in ("zh", "mixed")),
        "start_with_closing": len(starts),
        "end_with_opening": len(ends),
        "violations": len(starts) + len(ends),
        "examples": (starts + ends)[:5],
    }


def english_lines(paras: list[list[Line]]) -> dict:
    body = [p for p in paras if p and p[0].script == "en" and p[0].body]
    stream = [ln for p in body for ln in p]
    hyphenated = [ln for ln in stream if ln.text.rstrip().endswith(HYPHENS)]
    longest = run = 0
    for para in body:
        for line in para:
            run = run + 1 if line.text.rstrip().endswith(HYPHENS) else 0
            longest = max(longest, run)
        run = 0
    ladders = []
    for para in body:
        run = []
        for line in para + [None]:
            if line is not None and line.text.rstrip().endswith(HYPHENS):
                run.append(line)
                continue
            if len(run) >= 3:
                ladders.append({"page": run[0].page + 1, "lines": [ln.text[-24:] for ln in run]})
            run = []
    fragments = [
        {"page": p[-1].page + 1, "text": p[-1].text.strip()}
        for p in body
        if len(p) > 1 and len(p[-1].text.strip()) < FRAGMENT
    ]
    return {
        "body_lines": len(stream),
        "hyphenated": len(hyphenated),
        "share_hyphenated": _share(len(hyphenated), len(stream)),
        "longest_hyphen_run": longest,
        "runs_of_3_or_more": len(ladders),
        "ladders": ladders[:5],
        "paragraphs": len(body),
        "fragment_last_lines": len(fragments),
        "fragments": fragments[:10],
    }


def column_fill(columns: list[Column], pitches: dict, lowest: dict, body: dict) -> dict:
    if "zh" not in body or "en" not in body:
        return {"full_pages": 0, "note": "one script: no columns to compare"}
    foot = max(lowest.values()) if lowest else 0
    body_pitch = pitches.get(("zh", body["zh"]), 1.2 * body["zh"])
    pages = defaultdict(dict)
    for col in columns:
        if any(ln.body for ln in col.lines):
            pages[col.page].setdefault(col.script, []).append(col)
    rows = []
    for page, scripts in sorted(pages.items()):
        zh, en = scripts.get("zh", []), scripts.get("en", [])
        if not zh or not en:
            continue
        if not all(z.x1 <= e.x0 + 1 or e.x1 <= z.x0 + 1 for z in zh for e in en):
            continue  # stacked: one column, nothing to balance
        if foot - lowest[page] > FULL_PAGE_PITCHES * body_pitch:
            continue
        fill = {}
        holes = {}
        for script, cols in (("zh", zh), ("en", en)):
            lines = [ln for c in cols for ln in c.lines]
            # the grid's own lines: body size or larger (not a table's or caption's smaller
            # type, which a column of the other script's side may have taken in)
            least = (1 - SIZE_TOLERANCE) * body[script]
            fill[script] = sum(pitch_of(ln, pitches) for ln in lines if ln.size >= least)
            gaps = [
                b.baseline - a.baseline - pitch_of(a, pitches)
                for c in cols
                for a, b in zip(c.lines, c.lines[1:], strict=False)
            ]
            holes[script] = max(gaps, default=0.0)
        rows.append(
            {
                "page": page + 1,
                "zh_pt": round(fill["zh"], 1),
                "en_pt": round(fill["en"], 1),
                "ratio": round(fill["zh"] / fill["en"], 3) if fill["en"] else None,
                "largest_hole_zh_pt": round(holes["zh"], 1),
                "largest_hole_en_pt": round(holes["en"], 1),
            }
        )
    ratios = [r["ratio"] for r in rows if r["ratio"]]
    return {
        "full_pages": len(rows),
        "mean_ratio": round(statistics.mean(ratios), 3) if ratios else None,
        "min_ratio": min(ratios) if ratios else None,
        "largest_hole_zh_pt": max((r["largest_hole_zh_pt"] for r in rows), default=None),
        "pages": rows,
    }


def baseline_offsets(blocks: list[Block], pitches: dict, body_size: dict | None = None) -> dict:
    en_body = (body_size or {}).get("en")

    def pairs(body_only: bool) -> list[float]:
        starts = defaultdict(lambda: defaultdict(list))
        for b in blocks:
            if b.continued:
                continue
            first = b.lines[0]
            display = (
                first.script == "en"
                and en_body is not None
                and first.size >= (1 - SIZE_TOLERANCE) * en_body
                and len(b.lines) <= HEADING_LINES
            )
            if not (first.body or ((first.heading or display) and not body_only)):
                continue
            starts[b.column.page][b.column.script].append(b)
        diffs = []
        for scripts in starts.values():
            for z in scripts.get("zh", []):
                best = None
                for e in scripts.get("en", []):
                    if not (z.column.x1 <= e.column.x0 + 1 or e.column.x1 <= z.column.x0 + 1):
                        continue
                    d = e.lines[0].baseline - z.lines[0].baseline
                    if abs(d) < BASELINE_PAIR * pitch_of(z.lines[0], pitches) and (
                        best is None or abs(d) < abs(best)
                    ):
                        best = d
                if best is not None:
                    diffs.append(best)
        return diffs

    body, every = pairs(True), pairs(False)
    return {
        "body_pairs": len(body),
        "median_abs_pt": _median([abs(d) for d in body]),
        "max_abs_pt": round(max((abs(d) for d in body), default=0), 2) if body else None,
        "median_signed_pt": _median(body),  # English baseline minus Chinese (positive: lower)
        "all_pairs": len(every),
        "all_median_abs_pt": _median([abs(d) for d in every]),
        "all_max_abs_pt": round(max((abs(d) for d in every), default=0), 2) if every else None,
    }


def headings(blocks: list[Block]) -> dict:
    heads = [b for b in blocks if b.lines[0].script == "zh" and b.lines[0].heading]
    single = []
    for b in heads:
        if len(b.lines) < 2:
            continue
        last = b.lines[-1].text
        if han_count(last) == 1 and len(LATIN_RE.findall(last) + DIGIT_RE.findall(last)) == 0:
            single.append({"page": b.lines[0].page + 1, "lines": [ln.text for ln in b.lines]})
    return {
        "chinese_headings": len(heads),
        "wrapped": sum(1 for b in heads if len(b.lines) > 1),
        "single_character_last_lines": len(single),
        "examples": single[:5],
    }


def chars_per_line(paras: list[list[Line]]) -> dict:
    out = {}
    for script in ("zh", "en"):
        nonfinal = [ln for p in paras if p and p[0].script == script and p[0].body for ln in p[:-1]]
        counts = [
            len(ln.text.strip()) if script == "en" else len(re.sub(r"\s", "", ln.text))
            for ln in nonfinal
        ]
        out[script] = _median(counts)
    return out


def fonts_per_script(runs: list[list[Run]], listed: list[dict]) -> dict:
    usage: dict[str, dict] = {}
    for number, page_runs in enumerate(runs):
        for run in page_runs:
            u = usage.setdefault(run.font, {"han": 0, "latin": 0, "pages": set()})
            han = han_count(run.text)
            latin = len(LATIN_RE.findall(run.text)) + len(DIGIT_RE.findall(run.text))
            u["han"] += han
            u["latin"] += latin
            if han or latin:
                u["pages"].add(number + 1)
    fonts = []
    for entry in listed:
        u = usage.get(entry["name"], {"han": 0, "latin": 0, "pages": set()})
        fonts.append({**entry, "han": u["han"], "latin": u["latin"], "pages": sorted(u["pages"])})
    for name, u in usage.items():
        if not any(f["name"] == name for f in fonts):
            fonts.append(
                {
                    "name": name,
                    "type": "?",
                    "embedded": None,
                    "subset": None,
                    "han": u["han"],
                    "latin": u["latin"],
                    "pages": sorted(u["pages"]),
                }
            )
    return {
        "fonts": fonts,
        "han_fonts": sorted({f["name"] for f in fonts if f["han"]}),
        "latin_fonts": sorted({f["name"] for f in fonts if f["latin"]}),
        "oblique_han_fonts": sorted(
            {f["name"] for f in fonts if f["han"] and OBLIQUE_RE.search(f["name"])}
        ),
        "small_caps_han_fonts": sorted(
            {f["name"] for f in fonts if f["han"] and SMALL_CAPS_RE.search(f["name"])}
        ),
        "not_embedded": sorted({f["name"] for f in fonts if f["embedded"] is False}),
    }


# ---- the table ----


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}%"


def _num(value, unit: str = "") -> str:
    return "–" if value is None else f"{value}{unit}"


def _pages(pages: list[int]) -> str:
    spans, start, prev = [], None, None
    for p in pages:
        if start is None:
            start = prev = p
        elif p == prev + 1:
            prev = p
        else:
            spans.append(f"{start}" if start == prev else f"{start}–{prev}")
            start = prev = p
    if start is not None:
        spans.append(f"{start}" if start == prev else f"{start}–{prev}")
    return ",".join(spans)


def table(m: dict) -> str:
    zh, en, k, f, b, h, c = (
        m["chinese"],
        m["english"],
        m["kinsoku"],
        m["fill"],
        m["baselines"],
        m["headings"],
        m["chars_per_line"],
    )
    rows: list[tuple[str, str]] = []

    def add(label: str, value: str = "") -> None:
        rows.append((label, value))

    if zh["body_lines"]:
        add("Chinese body lines", f"{zh['body_lines']} in {zh['paragraphs']} paragraphs")
        add("  non-final lines", f"{zh['nonfinal']}")
        add("  ending > 1 pt short", f"{zh['short_over_1pt']} ({_pct(zh['share_over_1pt'])})")
        add("  ending > 2 pt short", f"{zh['short_over_2pt']} ({_pct(zh['share_over_2pt'])})")
        add("  worst shortfall", f"{zh['worst_shortfall_em']} em")
        add("  ending > 1 pt past the edge", f"{zh['past_edge_over_1pt']}")
        add("  paragraphs ending in 1 character", f"{zh['paragraphs_ending_in_one_character']}")
    else:
        add("Chinese body lines", "none")
    add(
        "Punctuation (kinsoku) violations",
        f"{k['violations']} of {k['lines_checked']} lines "
        f"({k['start_with_closing']} start closing, {k['end_with_opening']} end opening)",
    )
    if en["body_lines"]:
        add("English body lines", f"{en['body_lines']} in {en['paragraphs']} paragraphs")
        add("  ending in a hyphen", f"{en['hyphenated']} ({_pct(en['share_hyphenated'])})")
        add(
            "  longest run of hyphenated lines",
            f"{en['longest_hyphen_run']} ({en['runs_of_3_or_more']} runs of 3+)",
        )
        add(
            f"  last line < {FRAGMENT} characters",
            f"{en['fragment_last_lines']}"
            + (
                " (" + ", ".join(repr(x["text"]) for x in en["fragments"][:4]) + ")"
                if en["fragments"]
                else ""
            ),
        )
    else:
        add("English body lines", "none")
    if f.get("full_pages"):
        add("Column fill, full pages", f"{f['full_pages']}")
        add("  mean Chinese/English ratio", f"{f['mean_ratio']} (lowest {f['min_ratio']})")
        add("  largest hole in Chinese column", f"{f['largest_hole_zh_pt']} pt")
        add(
            "  per page zh/en (pt)",
            "  ".join(f"p{r['page']} {r['zh_pt']:.0f}/{r['en_pt']:.0f}" for r in f["pages"]),
        )
    else:
        add("Column fill", f.get("note", "no full page with side-by-side columns"))
    if b["body_pairs"]:
        signed = b["median_signed_pt"] or 0
        side = (
            "level" if abs(signed) < 0.05 else "English lower" if signed > 0 else "English higher"
        )
        add(
            "Baseline offset, body rows",
            f"median {b['median_abs_pt']} pt, max {b['max_abs_pt']} pt "
            f"({b['body_pairs']} rows; {side})",
        )
        add(
            "  all rows (headings too)",
            f"median {b['all_median_abs_pt']} pt, max {b['all_max_abs_pt']} pt "
            f"({b['all_pairs']} rows)",
        )
    else:
        add("Baseline offset", "no side-by-side paragraph starts")
    add("Chinese headings", f"{h['chinese_headings']} ({h['wrapped']} wrapped)")
    add(
        "  single-character last line",
        f"{h['single_character_last_lines']}"
        + (
            " (" + "; ".join("/".join(x["lines"]) for x in h["examples"][:3]) + ")"
            if h["examples"]
            else ""
        ),
    )
    add("Characters per line (median)", f"English {_num(c['en'])}, Chinese {_num(c['zh'])}")
    fonts = m["fonts"]
    add("Fonts drawing Han", ", ".join(fonts["han_fonts"]) or "–")
    add("Fonts drawing Latin", ", ".join(fonts["latin_fonts"]) or "–")
    add("Oblique/Italic fonts drawing Han", ", ".join(fonts["oblique_han_fonts"]) or "none")
    if fonts["small_caps_han_fonts"]:
        add("Small-caps fonts drawing Han", ", ".join(fonts["small_caps_han_fonts"]))
    if fonts["not_embedded"]:
        add("Fonts not embedded", ", ".join(fonts["not_embedded"]))
    for font in fonts["fonts"]:
        add(
            f"  {font['name']}",
            f"Han {font['han']}, Latin {font['latin']}, pages {_pages(font['pages']) or '–'}",
        )

    width = max(len(r[0]) for r in rows)
    cols = ", ".join(
        f"{c['script']} {c['left']:.1f}–{c['right']:.1f} pt ({_num(c['measure_em'])} em, "
        f"{c['pages']} pages)"
        for c in sorted(m["columns"], key=lambda c: (c["left"], c["script"]))
        if c["body_lines"]
    )
    head = (
        f"{Path(m['pdf']).name}: {m['pages']} pages, {m['paper']}, {m['layout']}; body "
        + ", ".join(
            f"{s} {v} pt / {_num(m['line_pitch_pt'].get(s))} pt"
            for s, v in m["body_size_pt"].items()
        )
        + f"\ncolumns: {cols}"
    )
    return head + "\n" + "\n".join(f"{a.ljust(width)}  {v}" for a, v in rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="+", type=Path, metavar="PDF")
    parser.add_argument("--json", action="store_true", help="print the measurements as JSON")
    args = parser.parse_args(argv)
    results = []
    for pdf in args.pdfs:
        if not pdf.is_file():
            print(f"typesetting: no such PDF: {pdf}", file=sys.stderr)
            return 2
        results.append(measure(pdf))
    if args.json:
        print(json.dumps(results if len(results) > 1 else results[0], ensure_ascii=False, indent=2))
    else:
        print("\n\n".join(table(r) for r in results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
