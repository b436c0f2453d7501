"""Markdown-like source text -> Document of blocks, with the reader's repairs reported."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from ..document import (
    Block,
    BlockKind,
    Cell,
    Document,
    Figure,
    Mark,
    MarkKind,
    SourceWarning,
    Table,
    WarningKind,
)
from ..errors import SourceError
from ..text import CJK_RE, CLOSERS, HAN, HAN_RE, SENTENCE_END, han_only, has_han

TITLE, SECTION_TITLE, SUBTITLE, BYLINE = (
    BlockKind.TITLE,
    BlockKind.SECTION_TITLE,
    BlockKind.SUBTITLE,
    BlockKind.BYLINE,
)
HEADING, PARAGRAPH, CAPTION = BlockKind.HEADING, BlockKind.PARAGRAPH, BlockKind.CAPTION
HEADING_KINDS = {"h1": TITLE, "h2": SECTION_TITLE}
CAPTION_MARK = "▲"
SUBTITLE_MARK = "——"
BYLINE_PREFIXES = ("文/图", "文／图", "文/", "文／", "图/", "记者", "通讯员", "来源：", "来源:")

HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
# A half-width mark with Chinese on one side and Chinese, a digit or % on the other.
_CTX = f"[{HAN}\u3000-\u303f\uff00-\uffef\u2018-\u201d]"
HALF_WIDTH_RE = re.compile(
    rf"(?<={_CTX})[,;:?!](?=[{HAN}\u3000-\u303f\uff00-\uffef\u2018-\u201d0-9(])"
    rf"|(?<=[0-9%)])[,;:?!](?={_CTX})"
)
# Plain-text reports number their section titles: 一、… （二）… 第三章 …
NUMBERED_HEADING_RE = re.compile(
    r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|第[一二三四五六七八九十百]+[章节部分])\S"
)
HEADING_MAX = 40  # characters: longer numbered lines are paragraphs, shorter ones never broken
FRONT_LINE_MAX = 60  # characters: a longer opening line is the first paragraph
FINAL_RE = re.compile(f"[{SENTENCE_END}…!?.][{re.escape(CLOSERS)}]*$")


def parse(
    text: str, name: str = "report", base: Path | None = None, html: bool = False
) -> Document:
    """Markdown text -> Document (blocks only; segmentation comes later).

    `base` is the source's folder: images must lie inside it (and exist, and be PNG or JPEG).
    `html`: take raw HTML tables and images (pandoc writes merged cells and sized images so).
    """
    text, flattened = _flatten_nesting(text)
    walker = _Walker(text, base, html)
    raw = walker.blocks()
    if not any(has_han(b.text) for b in raw):
        raise SourceError("the source holds no Chinese text; is it the right file?")
    warnings: list[SourceWarning] = [*flattened, *walker.warnings]
    front = [b for b in raw if b.kind == FRONT]
    body = [
        _fix_punctuation(b, warnings) for b in _front_matter([b for b in raw if b.kind != FRONT])
    ]
    body = _join_broken_paragraphs(body, warnings)
    body = _attach_captions(body)
    warnings += _lost(text, [*front, *body])
    warnings.sort(key=lambda w: w.line)
    return Document(
        name=name, blocks=tuple(front + body), warnings=tuple(warnings), issued=walker.issued
    )


MAX_DEPTH = 8  # list and quote levels a report may nest; deeper ones are set at this depth
_ITEM_RE = re.compile(r"^([ \t]*)(?:[-*+]|\d{1,9}[.)])[ \t]")
# a quote or list opened on the line, one inside the next: >>>, - - -, > - > - …
_MARKER = r"(?:>[ \t]*|[-*+][ \t]+|\d{1,9}[.)][ \t]+)"
_MARKERS_RE = re.compile(rf"^([ \t]*)((?:{_MARKER}){{{MAX_DEPTH + 1},}})")
MAX_INDENT = 4 * MAX_DEPTH


def _flatten_nesting(text: str) -> tuple[str, list[SourceWarning]]:
    """Lists and quotes nested deeper than MAX_DEPTH, set at that depth (markdown-it would drop
    what lies deeper), with a warning naming the lines."""
    lines, deep = text.split("\n"), []
    for n, line in enumerate(lines):
        if m := _MARKERS_RE.match(line):
            markers = re.findall(_MARKER, m.group(2))
            lines[n] = m.group(1) + "".join(markers[:MAX_DEPTH]) + line[m.end() :]
            deep.append(n + 1)
        if (m := _ITEM_RE.match(line)) and len(m.group(1).expandtabs(4)) > MAX_INDENT:
            lines[n] = " " * MAX_INDENT + line[len(m.group(1)) :]
            deep.append(n + 1)
    if not deep:
        return text, []
    at = ", ".join(map(str, deep[:10])) + (", …" if len(deep) > 10 else "")
    note = (
        f"list items indented over {MAX_INDENT} columns or quotes over {MAX_DEPTH} levels deep "
        f"set at that depth (lines {at})"
    )
    return "\n".join(lines), [SourceWarning(deep[0], WarningKind.NOTE, text=note)]


def _lost(text: str, blocks: list[Block]) -> list[SourceWarning]:
    """The safety net under every rule above: Chinese of the source that reached no block
    (markdown-it drops what nests past its limit), named by line. Linear unless text is lost."""
    found = han_only("".join(_all_text(b) for b in blocks))
    if not Counter(HAN_RE.findall(text)) - Counter(found):
        return []
    lines = [
        n
        for n, line in enumerate(text.split("\n"), 1)
        if (han := han_only(line)) and han not in found
    ]
    at = ", ".join(map(str, lines[:10])) + (", …" if len(lines) > 10 else "")
    note = f"text the reader could not place was left out (lines {at}); check those lines"
    return [SourceWarning(lines[0] if lines else 1, WarningKind.NOTE, text=note)]


def _all_text(block: Block) -> str:
    cells = [c.text for row in block.table.rows for c in row] if block.table else []
    alt = block.figure.alt if block.figure else ""
    return "".join([block.text, *cells, alt])


FRONT = BlockKind.FRONT
FRONT_FIELDS: tuple[str, ...] = (
    "title",
    "subtitle",
    "author",
    "publisher",
    "publication_date",
    "edition",
    "copyright",
    "isbn",
)
TABLE_CAPTION_RE = re.compile(r"^表\s*[0-9一二三四五六七八九十]+[\s\u3000：:]")
FIGURE_CAPTION_RE = re.compile(r"^图\s*[0-9一二三四五六七八九十]+[\s\u3000：:]")  # Word's caption
TABLE_NOTE_RE = re.compile(r"^(?:注|说明)\s*[0-9]*[：:]")
TABLE_SOURCE_RE = re.compile(r"^(?:资料来源|数据来源|来源)[：:]")
BULLETS = ("●", "○", "■")


class _Walker:
    """markdown-it tokens -> blocks: headings, paragraphs, list items, quotes, tables, images."""

    def __init__(self, text: str, base: Path | None, html: bool = False) -> None:
        md = MarkdownIt("commonmark", {"html": html, "maxNesting": 4 * MAX_DEPTH + 20})
        md.use(front_matter_plugin).use(footnote_plugin).enable("table")
        # A report has no code: text indented four spaces or a tab (as word processors paste
        # it) is a paragraph, not a code block to drop.
        md.disable("code")
        # nor link references: `[注]: 参见…` is a line of the report, which markdown-it would drop
        md.disable("reference")
        self.lines = text.splitlines()
        self.tokens = md.parse(text)
        self.base = base
        self.issued = ""
        self.warnings: list[SourceWarning] = []

    def blocks(self) -> list[Block]:
        out: list[Block] = []
        lists: list[list] = []  # per open list: [ordered, next number]
        quote = 0
        note = ""
        tokens = self.tokens
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            line = tok.map[0] + 1 if tok.map else 0
            kind = tok.type
            if kind == "front_matter":
                out += self._front(tok.content, line)
            elif kind in ("bullet_list_open", "ordered_list_open"):
                lists.append([kind == "ordered_list_open", int(tok.attrs.get("start", 1) or 1)])
            elif kind in ("bullet_list_close", "ordered_list_close"):
                lists.pop()
            elif kind == "blockquote_open":
                quote += 1
            elif kind == "blockquote_close":
                quote -= 1
            elif kind == "footnote_open":
                note = str(tok.meta.get("label", ""))
            elif kind == "footnote_close":
                note = ""
            elif kind == "table_open":
                j = next(k for k in range(i, len(tokens)) if tokens[k].type == "table_close")
                out.append(self._table(tokens[i : j + 1], line))
                i = j
            elif kind == "html_block":
                out += self._html(tok.content, line)
            elif kind == "fence":  # ``` … ```: its text is printed, as paragraphs
                self.warnings.append(
                    SourceWarning(line, WarningKind.NOTE, text="a fenced block (```) read as text")
                )
                for n, chunk in enumerate(re.split(r"\n\s*\n", tok.content)):
                    if chunk.strip():
                        out.append(_classify_paragraph(chunk.strip(), line + 1 + n))
            elif kind == "heading_open":
                text, marks = self._inline(tokens[i + 1])
                if text.strip():
                    out.append(Block(HEADING_KINDS.get(tok.tag, HEADING), text, line, marks=marks))
            elif kind == "paragraph_open":
                inline = tokens[i + 1]
                first_in_item = i > 0 and tokens[i - 1].type == "list_item_open"
                figure = self._figure(inline, line)
                if figure is not None:
                    out.append(figure)
                else:
                    text, marks = self._inline(inline)
                    text, marks = _strip(text, marks)
                    if text:
                        out.append(
                            self._paragraph(text, marks, line, lists, first_in_item, quote, note)
                        )
                if first_in_item and lists:
                    lists[-1][1] += 1
            i += 1
        return _table_parts(out)

    def _paragraph(self, text, marks, line, lists, first_in_item, quote, note) -> Block:
        if note:
            return Block(BlockKind.NOTE, text, line, marks=marks, marker=note)
        if lists:
            ordered, number = lists[-1]
            depth = len(lists) - 1
            marker = f"{number}." if ordered else BULLETS[depth % len(BULLETS)]
            return Block(
                BlockKind.LIST_ITEM,
                text,
                line,
                marks=marks,
                depth=depth,
                marker=marker if first_in_item else "",
            )
        if quote:
            return Block(BlockKind.QUOTE, text, line, marks=marks, depth=quote - 1)
        return replace(_classify_paragraph(text, line), marks=marks)

    def _html(self, content: str, line: int) -> list[Block]:
        """A raw HTML table (merged cells) or image, as pandoc writes them; other HTML is dropped."""
        import lxml.html

        try:
            root = lxml.html.fragment_fromstring(content, create_parent="div")
        except Exception:  # lxml raises several parser errors
            return []
        blocks: list[Block] = []
        for img in root.iter("img"):
            figure = _figure(img.get("src", ""), img.get("alt", ""), self.base, line)
            blocks.append(Block(BlockKind.FIGURE, "", line, figure=figure))
        for table in root.iter("table"):
            rows = []
            for tr in table.iter("tr"):
                cells = []
                for td in tr:
                    if td.tag not in ("td", "th"):
                        continue
                    header = td.tag == "th" or td.getparent().tag == "thead"
                    style = td.get("style", "") or ""
                    align = style.split(":", 1)[1].strip(" ;") if "text-align" in style else ""
                    cells.append(
                        Cell(
                            " ".join(td.text_content().split()),
                            header=header,
                            colspan=int(td.get("colspan", "1") or 1),
                            rowspan=int(td.get("rowspan", "1") or 1),
                            align=align,
                        )
                    )
                rows.append(tuple(cells))
            blocks.append(Block(BlockKind.TABLE, "", line, table=Table(tuple(rows))))
        return blocks

    def _front(self, content: str, line: int) -> list[Block]:
        """YAML front matter -> FRONT blocks (translatable fields) and the ISO date."""
        import yaml

        try:
            data = yaml.safe_load(content) or {}
        except yaml.YAMLError as exc:
            raise SourceError(f"line {line}: the front matter is not valid YAML ({exc})") from None
        if not isinstance(data, dict):
            raise SourceError(f"line {line}: the front matter must be `key: value` lines")
        if "date" in data:
            self.issued = str(data["date"])
        blocks = []
        for key in FRONT_FIELDS:
            value = data.get(key)
            if value is None or str(value).strip() == "":
                continue
            blocks.append(Block(FRONT, str(value).strip(), line, role=key))
        return blocks

    def _inline(self, inline) -> tuple[str, tuple[Mark, ...]]:
        """Plain text of an inline token and its marks (bold, italic, links, note references)."""
        parts: list[str] = []
        marks: list[Mark] = []
        open_: list[tuple[MarkKind, int, str]] = []
        pos = 0
        for child in inline.children or ():
            t = child.type
            if t in ("text", "code_inline"):
                parts.append(child.content)
                pos += len(child.content)
            elif t == "hardbreak":
                parts.append("\n")
                pos += 1
            elif t in MARK_OPEN:
                open_.append((MARK_OPEN[t], pos, str(child.attrs.get("href", "") or "")))
            elif t in MARK_CLOSE:
                for k in range(len(open_) - 1, -1, -1):
                    if open_[k][0] == MARK_CLOSE[t]:
                        kind, start, href = open_.pop(k)
                        if pos > start:
                            marks.append(Mark(kind, start, pos, href))
                        break
            elif t == "footnote_ref":
                marks.append(Mark(MarkKind.NOTE_REF, pos, pos, str(child.meta.get("label", ""))))
            elif t == "image":
                parts.append(child.content)  # an image inside text: its alt text
                pos += len(child.content)
        return "".join(parts), tuple(sorted(marks, key=lambda m: (m.start, m.end)))

    def _figure(self, inline, line: int) -> Block | None:
        """A paragraph that is only an image -> a FIGURE block (its caption comes after it)."""
        children = [
            c for c in inline.children or () if not (c.type == "text" and not c.content.strip())
        ]
        if len(children) == 1 and children[0].type == "html_inline":
            match = re.match(r'<img\s[^>]*src="([^"]+)"', children[0].content)
            if match:
                figure = _figure(match.group(1), "", self.base, line)
                return Block(BlockKind.FIGURE, "", line, figure=figure)
        if len(children) != 1 or children[0].type != "image":
            return None
        image = children[0]
        src = str(image.attrs.get("src", ""))
        alt = image.content
        return Block(BlockKind.FIGURE, "", line, figure=_figure(src, alt, self.base, line))

    def _table(self, tokens, line: int) -> Block:
        """table_open … table_close -> a TABLE block; rows whose cell count differs are an error."""
        rows: list[tuple[Cell, ...]] = []
        row: list[Cell] = []
        header = False
        for k, tok in enumerate(tokens):
            if tok.type == "thead_open":
                header = True
            elif tok.type == "thead_close":
                header = False
            elif tok.type == "tr_open":
                row = []
            elif tok.type == "tr_close":
                rows.append(tuple(row))
            elif tok.type in ("th_open", "td_open"):
                text, _ = self._inline(tokens[k + 1])
                style = str(tok.attrs.get("style", "") or "")
                align = style.split(":", 1)[1].strip() if style.startswith("text-align") else ""
                row.append(Cell(text.strip(), header=header, align=align))
        self._check_ragged(tokens[0], line, len(rows[0]) if rows else 0)
        return Block(BlockKind.TABLE, "", line, table=Table(tuple(rows)))

    def _check_ragged(self, table_open, line: int, width: int) -> None:
        """markdown-it pads short rows and drops extra cells; a source table must be regular."""
        if not table_open.map:
            return
        first, last = table_open.map
        for n in range(first, last):
            source = self.lines[n].strip()
            if not source or n == first + 1:  # the delimiter row
                continue
            cells = _pipe_cells(source)
            if len(cells) != width:
                raise SourceError(
                    f"line {n + 1}: this table row has {len(cells)} cells where the table "
                    f"(line {line}) has {width}; give every row the same number of | cells"
                )


MARK_OPEN = {"strong_open": MarkKind.BOLD, "em_open": MarkKind.ITALIC, "link_open": MarkKind.LINK}
MARK_CLOSE = {
    "strong_close": MarkKind.BOLD,
    "em_close": MarkKind.ITALIC,
    "link_close": MarkKind.LINK,
}


def _pipe_cells(line: str) -> list[str]:
    """The cells of a GFM table row (escaped pipes kept, outer pipes optional)."""
    cells = re.split(r"(?<!\\)\|", line)
    if cells and not cells[0].strip():
        cells = cells[1:]
    if cells and not cells[-1].strip() and line.rstrip().endswith("|"):
        cells = cells[:-1]
    return cells


def _strip(text: str, marks: tuple[Mark, ...]) -> tuple[str, tuple[Mark, ...]]:
    """Text without surrounding whitespace, its marks moved to match."""
    lead = len(text) - len(text.lstrip())
    stripped = text.strip()
    if not lead and stripped == text:
        return text, marks
    n = len(stripped)
    moved = tuple(
        replace(m, start=min(max(m.start - lead, 0), n), end=min(max(m.end - lead, 0), n))
        for m in marks
    )
    return stripped, moved


IMAGE_TYPES = {"PNG": "PNG", "JPEG": "JPEG", "MPO": "JPEG"}


def _figure(src: str, alt: str, base: Path | None, line: int) -> Figure:
    """Check an image reference: inside the source's folder, present, a PNG or JPEG."""
    from urllib.parse import unquote, urlparse

    parsed = urlparse(src)
    if parsed.scheme or parsed.netloc:
        raise SourceError(
            f"line {line}: image {src} is not a file beside the source; copy it into the "
            "source's folder and refer to it by a relative path"
        )
    folder = (base or Path.cwd()).resolve()
    path = (folder / unquote(parsed.path)).resolve()
    if not path.is_relative_to(folder):
        raise SourceError(
            f"line {line}: image {src} lies outside the source's folder {folder}; "
            "images may come only from inside it"
        )
    if path.suffix.lower() == ".svg":
        raise SourceError(
            f"line {line}: image {src} is SVG, which can load other files; "
            "export it as PNG (at 300 ppi for print) and refer to that"
        )
    if not path.is_file():
        raise SourceError(f"line {line}: image {src} not found (looked for {path})")
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            fmt = image.format or ""
            image.verify()
        with Image.open(path) as image:
            image.load()
            width, height = image.size
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise SourceError(
            f"line {line}: image {src} cannot be read ({exc}); is the file complete?"
        ) from None
    if fmt not in IMAGE_TYPES:
        raise SourceError(f"line {line}: image {src} is {fmt or 'unknown'}; use PNG or JPEG")
    return Figure(str(path), alt, width, height)


def _table_parts(blocks: list[Block]) -> list[Block]:
    """表N … before a table is its caption; 注： and 资料来源： lines after it its notes."""
    out = list(blocks)
    for i, block in enumerate(out):
        if block.kind != BlockKind.TABLE:
            continue
        if i > 0 and out[i - 1].kind == PARAGRAPH and TABLE_CAPTION_RE.match(out[i - 1].text):
            out[i - 1] = replace(out[i - 1], kind=BlockKind.TABLE_CAPTION)
        j = i + 1
        while j < len(out) and out[j].kind == PARAGRAPH:
            if TABLE_NOTE_RE.match(out[j].text):
                out[j] = replace(out[j], kind=BlockKind.TABLE_NOTE)
            elif TABLE_SOURCE_RE.match(out[j].text):
                out[j] = replace(out[j], kind=BlockKind.TABLE_SOURCE)
            else:
                break
            j += 1
    return out


def _attach_captions(blocks: list[Block]) -> list[Block]:
    """A ▲ caption (or a 图N … line, as Word captions read) directly after an image becomes that
    figure's text (one block, one page)."""
    out: list[Block] = []
    for block in blocks:
        prev = out[-1] if out else None
        if (
            (block.kind == CAPTION or FIGURE_CAPTION_RE.match(block.text))
            and block.kind in (CAPTION, PARAGRAPH)
            and prev is not None
            and prev.kind == BlockKind.FIGURE
            and not prev.text
        ):
            out[-1] = replace(prev, text=block.text, marks=block.marks)
        else:
            out.append(block)
    return out


def _classify_paragraph(content: str, line: int) -> Block:
    if content.startswith(CAPTION_MARK):
        return Block(CAPTION, content[len(CAPTION_MARK) :].strip(), line)
    if content.startswith(SUBTITLE_MARK):
        return Block(SUBTITLE, content.lstrip("—").strip(), line)
    if content.startswith(BYLINE_PREFIXES) and len(content) < 60 and not FINAL_RE.search(content):
        return Block(BYLINE, content, line)
    if (
        NUMBERED_HEADING_RE.match(content)
        and len(content) <= HEADING_MAX
        and not FINAL_RE.search(content)
    ):
        return Block(HEADING, content, line)
    return Block(PARAGRAPH, content, line)


def _front_matter(blocks: list[Block]) -> list[Block]:
    """Title, subtitles and byline stand before the first paragraph or heading.

    A plain-text report (no Markdown #) opens with short unpunctuated lines: the first is its
    title, a 来源/文 line its byline, the rest subtitles. After the front matter a —— line is a
    paragraph (a dash-led list item), not a subtitle.
    """
    out: list[Block] = []
    titled = any(b.kind in (TITLE, SECTION_TITLE) for b in blocks)
    front = True
    for block in blocks:
        if front and block.kind == PARAGRAPH and _is_line(block.text):
            kind = BYLINE if block.text.startswith(BYLINE_PREFIXES) else SUBTITLE
            block = replace(block, kind=kind if titled else TITLE)
            titled = True
        elif block.kind not in (TITLE, SECTION_TITLE, SUBTITLE, BYLINE):
            front = False
        elif not front and block.kind == SUBTITLE:
            block = replace(block, kind=PARAGRAPH, text=SUBTITLE_MARK + block.text)
        out.append(block)
    return out


def _is_line(text: str) -> bool:
    """A short line with no sentence-final punctuation: a title, dateline or heading."""
    return (
        len(text) <= FRONT_LINE_MAX and not FINAL_RE.search(text) and not text.endswith(("：", ":"))
    )


def _fix_punctuation(block: Block, warnings: list[SourceWarning]) -> Block:
    fixed, count = HALF_WIDTH_RE.subn(lambda m: HALF_TO_FULL[m.group()], block.text)
    if count:
        warnings.append(SourceWarning(block.line, WarningKind.PUNCTUATION, count=count))
        return replace(block, text=fixed)
    return block


def _join_broken_paragraphs(blocks: list[Block], warnings: list[SourceWarning]) -> list[Block]:
    """Join a paragraph that stops mid-sentence to the paragraph after it."""
    out: list[Block] = []
    for block in blocks:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind == PARAGRAPH
            and block.kind == PARAGRAPH
            and _is_broken(prev.text)
        ):
            warnings.append(
                SourceWarning(
                    prev.line,
                    WarningKind.JOIN,
                    before=prev.text[-6:],
                    after=block.text[:6],
                    other_line=block.line,
                )
            )
            shifted = tuple(
                replace(m, start=m.start + len(prev.text), end=m.end + len(prev.text))
                for m in block.marks
            )
            out[-1] = replace(prev, text=prev.text + block.text, marks=prev.marks + shifted)
        else:
            out.append(block)
    return out


def _is_broken(text: str) -> bool:
    if len(text) <= HEADING_MAX:  # a short line standing alone, not half a paragraph
        return False
    return (
        not FINAL_RE.search(text)
        and not text.endswith(("：", ":"))
        and bool(CJK_RE.search(text[-1]))
    )
