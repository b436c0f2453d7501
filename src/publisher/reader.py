"""read: Markdown-like source -> Document of blocks, with source repairs reported."""

from __future__ import annotations

import re
from pathlib import Path

from charset_normalizer import from_bytes
from markdown_it import MarkdownIt

from .document import (
    BYLINE,
    CAPTION,
    HEADING,
    PARAGRAPH,
    SECTION_TITLE,
    SUBTITLE,
    TITLE,
    Block,
    Document,
    SourceWarning,
)
from .errors import SourceError
from .text import CJK_RE, CLOSERS, HAN, SENTENCE_END, has_han

HEADING_KINDS = {"h1": TITLE, "h2": SECTION_TITLE}
CAPTION_MARK = "▲"
SUBTITLE_MARK = "——"
BYLINE_PREFIXES = ("文/图", "文／图", "文/", "文／", "图/", "记者", "通讯员")

HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
# A half-width mark with Chinese on one side and Chinese, a digit or % on the other.
_CTX = f"[{HAN}\u3000-\u303f\uff00-\uffef\u2018-\u201d]"
HALF_WIDTH_RE = re.compile(
    rf"(?<={_CTX})[,;:?!](?=[{HAN}\u3000-\u303f\uff00-\uffef\u2018-\u201d0-9(])"
    rf"|(?<=[0-9%)])[,;:?!](?={_CTX})"
)
FINAL_RE = re.compile(f"[{SENTENCE_END}…!?.][{re.escape(CLOSERS)}]*$")


def read(path: Path) -> Document:
    """Read a report file; undecodable or non-Chinese input is a SourceError."""
    text = decode(path)
    return parse(text, name=path.name.split(".")[0])


def decode(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read {path}: {exc.strerror}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    best = from_bytes(raw).best()
    if best is None or best.encoding in ("ascii",) or not has_han(str(best)):
        raise SourceError(
            f"{path} is not UTF-8 text and its encoding could not be recognised; "
            "save it as UTF-8 and try again"
        )
    return str(best)


def parse(text: str, name: str = "report") -> Document:
    """Markdown text -> Document (blocks only; segmentation comes later)."""
    raw = list(_raw_blocks(text))
    if not any(has_han(b.text) for b in raw):
        raise SourceError("the source holds no Chinese text; is it the right file?")
    warnings: list[SourceWarning] = []
    blocks = [_fix_punctuation(b, warnings) for b in raw]
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
    return Block(PARAGRAPH, content, line)


def _fix_punctuation(block: Block, warnings: list[SourceWarning]) -> Block:
    fixed, count = HALF_WIDTH_RE.subn(lambda m: HALF_TO_FULL[m.group()], block.text)
    if count:
        marks = "mark" if count == 1 else "marks"
        warnings.append(
            SourceWarning(
                block.line, f"{count} half-width punctuation {marks} made full-width", "punctuation"
            )
        )
        return Block(block.kind, fixed, block.line)
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
                    f"paragraph ends mid-sentence (…{prev.text[-6:]}); "
                    f"joined to the paragraph at line {block.line} ({block.text[:6]}…)",
                    "join",
                )
            )
            out[-1] = Block(PARAGRAPH, prev.text + block.text, prev.line)
        else:
            out.append(block)
    return out


def _is_broken(text: str) -> bool:
    return (
        not FINAL_RE.search(text)
        and not text.endswith(("：", ":"))
        and bool(CJK_RE.search(text[-1]))
    )
