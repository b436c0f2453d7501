"""Markdown-like source text -> Document of blocks, with the reader's repairs reported."""

from __future__ import annotations

import re
from dataclasses import replace

from markdown_it import MarkdownIt

from ..document import Block, BlockKind, Document, SourceWarning, WarningKind
from ..errors import SourceError
from ..text import CJK_RE, CLOSERS, HAN, SENTENCE_END, has_han

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


def parse(text: str, name: str = "report") -> Document:
    """Markdown text -> Document (blocks only; segmentation comes later)."""
    raw = list(_raw_blocks(text))
    if not any(has_han(b.text) for b in raw):
        raise SourceError("the source holds no Chinese text; is it the right file?")
    warnings: list[SourceWarning] = []
    blocks = [_fix_punctuation(b, warnings) for b in _front_matter(raw)]
    blocks = _join_broken_paragraphs(blocks, warnings)
    warnings.sort(key=lambda w: w.line)
    return Document(name=name, blocks=tuple(blocks), warnings=tuple(warnings))


def _raw_blocks(text: str):
    md = MarkdownIt("commonmark", {"html": False})
    tokens = md.parse(text)
    for i, tok in enumerate(tokens):
        if tok.type not in ("heading_open", "paragraph_open"):
            continue
        inline = tokens[i + 1]
        content = _inline_text(inline).strip()
        if not content:
            continue
        line = tok.map[0] + 1 if tok.map else 0
        if tok.type == "heading_open":
            yield Block(HEADING_KINDS.get(tok.tag, HEADING), content, line)
        else:
            yield _classify_paragraph(content, line)


def _inline_text(inline) -> str:
    """Plain text of an inline token: markup dropped, soft breaks joined (Chinese has no spaces)."""
    parts = []
    for child in inline.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "hardbreak":
            parts.append("\n")
    return "".join(parts)


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
        elif block.kind in (PARAGRAPH, HEADING, CAPTION):
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
            out[-1] = replace(prev, text=prev.text + block.text)
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
