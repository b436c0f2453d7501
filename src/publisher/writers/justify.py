"""Inter-character justification of CJK lines, as an extension of WeasyPrint 70.

WeasyPrint 70 justifies a line only by widening its spaces (U+0020, U+00A0):
``layout.inline.justify_line``. Chinese has no spaces, so justified Chinese
stays ragged. ``install()`` extends that one function so that the width left
on a justified line is shared equally by its expansion opportunities: the
spaces WeasyPrint already widens, plus every gap between two characters of
which at least one is CJK (Han, kana, bopomofo, CJK punctuation, full-width
forms). There is no opportunity inside a run of Latin letters or digits, next
to a space (the space itself is one), between the two halves of ``——`` or
``……``, or after the line's last character.

The spacing is drawn the way WeasyPrint already draws word spacing: as a wider
advance of the glyph before each gap, which becomes a positioning number in
the PDF's ``TJ`` array. No character is added to the text. Because text
extractors read a wide gap as a word space (pdftotext from 0.1 em on), each
widened text box is drawn inside a ``/Span <</ActualText ...>>`` marked-content
sequence holding exactly its characters, so copied text is the source text.
For the same reason the gap where one inline box ends and the next begins
keeps its natural width.

These pieces of WeasyPrint are extended; each acts only on text boxes this
module justified or compressed, and every other line is laid out and drawn by
WeasyPrint's own code:

- ``weasyprint.layout.inline.justify_line`` (looked up by name by
  ``text_align``): on a line with CJK gaps, spaces and gaps get one equal
  share, boxes are moved and widened as ``add_word_spacing`` does; on a line
  without CJK gaps, WeasyPrint's own function runs unchanged.
- ``weasyprint.text.line_break.Layout.reactivate`` and ``.get_first_line``:
  when a justified box is drawn, the glyph before each gap of the freshly
  shaped line gets the share added to its advance, once.
- ``weasyprint.draw.text.draw_first_line``: wraps a justified (or compressed)
  box's glyphs in an ActualText span.
- ``weasyprint.text.line_break.Layout.set_text``, only with
  ``install(compress_punctuation=True)``: asks HarfBuzz for `halt` on the
  punctuation marks `chws` would compress (the installed Noto CJK fonts have
  no `chws`), so line fitting and drawing both see the narrower marks.

The code is pinned to the WeasyPrint version it was written for; see
``install()``.
"""

from __future__ import annotations

import bisect
import logging
import unicodedata
from dataclasses import dataclass
from typing import Any

from ..errors import RenderError

WEASYPRINT_VERSION = "70.0"
"""The WeasyPrint release whose line layout this module was written against and tested with."""

LOGGER = logging.getLogger(__name__)

# Code point ranges (inclusive) that count as CJK characters for justification.
# Hangul is left out: Korean is set with spaces and justified at them.
_CJK_RANGES: tuple[tuple[int, int], ...] = (
    (0x2E80, 0x2FDF),  # CJK radicals supplement, Kangxi radicals
    (0x2FF0, 0x303F),  # ideographic description, CJK symbols and punctuation
    (0x3040, 0x30FF),  # hiragana, katakana
    (0x3100, 0x312F),  # bopomofo
    (0x3190, 0x31FF),  # kanbun, bopomofo extended, CJK strokes, katakana extension
    (0x3200, 0x4DBF),  # enclosed CJK, CJK compatibility, extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFE10, 0xFE1F),  # vertical forms
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF01, 0xFF60),  # full-width forms
    (0xFF61, 0xFF9F),  # half-width CJK punctuation and katakana
    (0xFFE0, 0xFFE6),  # full-width signs
    (0x1B000, 0x1B16F),  # kana supplement and extensions
    (0x20000, 0x3FFFF),  # CJK extensions B and later, compatibility supplement
)
_CJK_STARTS = tuple(start for start, _ in _CJK_RANGES)

_SPACES = frozenset(" \u00a0\t\n")
# Pairs set as one connected mark: never pulled apart.
_CONNECTED = frozenset("\u2014\u2015\u2026\u2e3a\u2e3b")
# Punctuation of ambiguous width: full-width, so CJK, in Chinese and Japanese text.
_AMBIGUOUS = frozenset("\u2018\u2019\u201c\u201d\u2014\u2015\u2026\u00b7\u2e3a\u2e3b")


def is_cjk(char: str) -> bool:
    """Whether one character is a CJK character for justification."""
    code = ord(char)
    index = bisect.bisect_right(_CJK_STARTS, code) - 1
    return index >= 0 and code <= _CJK_RANGES[index][1]


# What one character is for justification, worked out once per character.
_OTHER, _CJK, _SPACE, _INVISIBLE, _AMBIGUOUS_WIDTH = range(5)
_KINDS: dict[str, int] = {}
_CLUSTERING: dict[str, bool] = {}  # marks and right-to-left letters: clusters need shaping


def _kind(char: str) -> int:
    kind = _KINDS.get(char)
    if kind is None:
        if char in _SPACES:
            kind = _SPACE
        elif unicodedata.category(char) in ("Cc", "Cf"):
            kind = _INVISIBLE  # zero-width space, joiners, soft hyphen: no visible gap
        elif is_cjk(char):
            kind = _CJK
        elif char in _AMBIGUOUS:
            kind = _AMBIGUOUS_WIDTH
        else:
            kind = _OTHER
        _KINDS[char] = kind
    return kind


def _clustering(char: str) -> bool:
    clustering = _CLUSTERING.get(char)
    if clustering is None:
        clustering = _CLUSTERING[char] = unicodedata.category(char).startswith(
            "M"
        ) or unicodedata.bidirectional(char) in ("R", "AL")
    return clustering


def is_gap(before: str, after: str, east_asian: bool = False) -> bool:
    """Whether the gap between two adjacent characters may be widened.

    ``east_asian``: the text is Chinese or Japanese, where quotes, dashes and
    ellipses (“”‘’—…) are full-width and count as CJK.
    """
    first, second = _kind(before), _kind(after)
    if first in (_SPACE, _INVISIBLE) or second in (_SPACE, _INVISIBLE):
        return False  # a space is WeasyPrint's opportunity itself
    if before == after and before in _CONNECTED:
        return False  # —— and …… are one mark
    if east_asian:
        return first in (_CJK, _AMBIGUOUS_WIDTH) or second in (_CJK, _AMBIGUOUS_WIDTH)
    return first == _CJK or second == _CJK


def gap_offsets(text: str, east_asian: bool = False) -> list[int]:
    """UTF-8 byte offsets (in ``text``) of the characters that follow a widenable gap."""
    offsets = []
    position = 0
    for before, after in zip(text, text[1:], strict=False):
        position += len(before.encode())
        if is_gap(before, after, east_asian):
            offsets.append(position)
    return offsets


def needs_shaping(text: str) -> bool:
    """Whether some characters of ``text`` may share a glyph cluster with a neighbour."""
    return any(_clustering(char) for char in text)


def is_east_asian(lang: str | None) -> bool:
    """Whether a language tag is Chinese or Japanese (full-width punctuation)."""
    return (lang or "").lower().startswith(("zh", "ja"))


def measure(font_size_pt: float, chars: int) -> str:
    """A CSS length holding exactly ``chars`` full-width characters at ``font_size_pt``."""
    if font_size_pt <= 0 or chars <= 0:
        raise ValueError("font size and character count must be positive")
    return f"{font_size_pt * chars:g}pt"


# Punctuation compression (opt-in) ----------------------------------------
#
# The OpenType feature for this is `chws` (contextual half-width spacing), but
# Debian's Noto CJK (Serif 2.001, Sans 2.004) has no `chws`: WeasyPrint passes
# `font-feature-settings: "chws"` to HarfBuzz and nothing changes. `halt` and
# `palt` exist but halve every CJK punctuation mark. So the context is decided
# here, and `halt` is asked of HarfBuzz (a Pango font-features attribute on
# that one character) only where `chws` would apply.

_OPENING = frozenset("“‘「『（《〈【〔〖［｛")
_CLOSING = frozenset("”’」』）》〉】〕〗］｝")
_STOPS = frozenset("。，、；：？！")  # set at the left of the em in Simplified Chinese


def compressible(text: str, traditional: bool = False) -> list[int]:
    """Indexes of the punctuation marks to set half-width, as `chws` would.

    Of two adjacent marks with a blank half-em each between them, one loses
    its blank half: ”。 。” ”） and （“ become 1.5 em, and so do 。「 and 」（.
    Where a line may break between the two (a closing mark or stop before an
    opening one), it is the opening mark that is compressed, so a mark never
    depends on a neighbour that may end up on another line. Traditional
    Chinese centres its stops, so only brackets and quotes take part there.
    """
    stops = frozenset() if traditional else _STOPS
    before_closing = _CLOSING | stops  # their blank half is on the right
    indexes = []
    for index, char in enumerate(text):
        after = text[index + 1] if index + 1 < len(text) else ""
        before = text[index - 1] if index else ""
        if char in before_closing and after in (_CLOSING | stops):
            indexes.append(index)  # no break between them: the first one shrinks
        elif char in _OPENING and (before in _OPENING or before in before_closing):
            indexes.append(index)
    return indexes


def is_traditional(lang: str) -> bool:
    """Whether a language tag names Traditional Chinese (centred stops)."""
    tag = lang.lower().replace("_", "-")
    return tag.startswith("zh") and any(
        part in ("hant", "tw", "hk", "mo") for part in tag.split("-")[1:]
    )


class UnsupportedWeasyPrintError(RenderError):
    """The installed WeasyPrint is not the one this justification was written for."""


@dataclass
class _Weasy:
    """WeasyPrint's originals, kept to restore them, and the parts this module calls."""

    justify_line: Any
    set_text: Any
    reactivate: Any
    get_first_line: Any
    draw_first_line: Any
    boxes: Any
    create_layout: Any
    ffi: Any
    pango: Any
    to_units: int
    compress: bool = False


_installed: _Weasy | None = None
_declared = False  # pango_attr_list_update declared to WeasyPrint's cffi


def is_installed() -> bool:
    """Whether ``install()`` is in effect."""
    return _installed is not None


def install(strict: bool = True, *, compress_punctuation: bool = False) -> bool:
    """Extend WeasyPrint's line justification to CJK gaps; idempotent.

    ``compress_punctuation`` also sets half-width the punctuation marks that
    `chws` would (see ``compressible``) in text whose ``lang`` is Chinese or
    Japanese, for line fitting and drawing alike; the last call decides.

    Returns True once installed. With another WeasyPrint than
    ``WEASYPRINT_VERSION`` nothing is changed: ``strict`` raises
    ``UnsupportedWeasyPrintError``, otherwise a warning is logged and False
    returned, and Chinese stays ragged as WeasyPrint sets it.
    """
    global _installed, _declared
    if _installed is not None:
        _installed.compress = compress_punctuation
        return True
    import weasyprint

    if weasyprint.__version__ != WEASYPRINT_VERSION:
        message = (
            f"CJK justification was written for WeasyPrint {WEASYPRINT_VERSION} and has not "
            f"been checked with WeasyPrint {weasyprint.__version__}, so it is not used: "
            f"install weasyprint=={WEASYPRINT_VERSION}, or check "
            "publisher/writers/justify.py against the new layout/inline.py, "
            "text/line_break.py and draw/text.py and update WEASYPRINT_VERSION."
        )
        if strict:
            raise UnsupportedWeasyPrintError(message)
        LOGGER.warning("%s", message)
        return False

    import pydyf
    from weasyprint.draw import text as draw_text
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout import inline
    from weasyprint.text import line_break
    from weasyprint.text.ffi import TO_UNITS, ffi, pango

    if not _declared:  # Pango >= 1.44; not among WeasyPrint's own declarations
        ffi.cdef("void pango_attr_list_update (PangoAttrList *list, int pos, int remove, int add);")
        _declared = True

    weasy = _Weasy(
        justify_line=inline.justify_line,
        set_text=line_break.Layout.set_text,
        reactivate=line_break.Layout.reactivate,
        get_first_line=line_break.Layout.get_first_line,
        draw_first_line=draw_text.draw_first_line,
        boxes=boxes,
        create_layout=line_break.create_layout,
        ffi=ffi,
        pango=pango,
        to_units=TO_UNITS,
        compress=compress_punctuation,
    )

    def justify_line(context, line, extra_width):
        if not _justify_cjk(weasy, context, line, extra_width):
            weasy.justify_line(context, line, extra_width)

    def set_text(self, text, justify=False):
        if getattr(self, "cjk_compressed", False):
            _forget_compression(weasy, self)
        weasy.set_text(self, text, justify)
        self.cjk_compressed = weasy.compress and _compress(weasy, self)

    def reactivate(self, style):
        weasy.reactivate(self, style)
        # Shaping is lazy, and draw_first_line changes the layout (single
        # paragraph mode) before it asks for the line: widen the line then.
        self.cjk_pending = bool(getattr(self, "cjk_gaps", None))

    def get_first_line(self):
        first_line, index = weasy.get_first_line(self)
        if getattr(self, "cjk_pending", False):
            self.cjk_pending = False
            _widen(weasy, first_line, self.cjk_gaps, self.cjk_units)
        return first_line, index

    def draw_first_line(stream, textbox, *args, **kwargs):
        layout = textbox.pango_layout
        if not (getattr(layout, "cjk_gaps", None) or getattr(layout, "cjk_compressed", False)):
            return weasy.draw_first_line(stream, textbox, *args, **kwargs)
        # Text extractors read a widened gap as a word space (pdftotext from
        # 0.1 em on), and a compressed mark, whose glyph box in the PDF font
        # stays one em, as overlapping the next one: ActualText gives them the
        # exact characters the glyphs stand for.
        actual = pydyf.Dictionary({"ActualText": pydyf.String(layout.text)})
        stream.begin_marked_content("Span", actual)
        try:
            return weasy.draw_first_line(stream, textbox, *args, **kwargs)
        finally:
            stream.end_marked_content()

    inline.justify_line = justify_line
    line_break.Layout.set_text = set_text
    line_break.Layout.reactivate = reactivate
    line_break.Layout.get_first_line = get_first_line
    draw_text.draw_first_line = draw_first_line
    _installed = weasy
    return True


def uninstall() -> None:
    """Give WeasyPrint its own justification back (for tests and comparisons)."""
    global _installed
    if _installed is None:
        return
    from weasyprint.draw import text as draw_text
    from weasyprint.layout import inline
    from weasyprint.text import line_break

    inline.justify_line = _installed.justify_line
    line_break.Layout.set_text = _installed.set_text
    line_break.Layout.reactivate = _installed.reactivate
    line_break.Layout.get_first_line = _installed.get_first_line
    draw_text.draw_first_line = _installed.draw_first_line
    _installed = None


def _compress(weasy: _Weasy, layout) -> bool:
    """Ask HarfBuzz for `halt` on the marks of the layout's text that `chws` would halve."""
    lang = layout.style["lang"] or ""
    if not is_east_asian(lang):
        return False
    text = layout.text
    marks = compressible(text, is_traditional(lang))
    if not marks:
        return False
    pango, ffi = weasy.pango, weasy.ffi
    attr_list = pango.pango_layout_get_attributes(layout.layout)
    if attr_list == ffi.NULL:
        attr_list = ffi.gc(pango.pango_attr_list_new(), pango.pango_attr_list_unref)
    starts = [0]
    for char in text:
        starts.append(starts[-1] + len(char.encode()))
    for index in marks:
        attr = pango.pango_attr_font_features_new(b"halt 1")
        attr.start_index, attr.end_index = starts[index], starts[index + 1]
        pango.pango_attr_list_insert(attr_list, attr)  # on top of the layout's own features
    pango.pango_layout_set_attributes(layout.layout, attr_list)
    return True


def _forget_compression(weasy: _Weasy, layout) -> None:
    """Drop the `halt` ranges set for the layout's previous text before new text comes.

    ``Layout.set_text`` keeps the attribute list of the previous text. Every
    attribute with a finite range goes (WeasyPrint's own spacing ranges too,
    which its ``set_text`` puts back for the new text); the layout-wide font
    features of ``Layout.setup`` run to the text's end and stay.
    """
    attr_list = weasy.pango.pango_layout_get_attributes(layout.layout)
    if attr_list != weasy.ffi.NULL:
        weasy.pango.pango_attr_list_update(attr_list, 0, _HUGE, _HUGE)


_HUGE = 1 << 30  # bytes: longer than any text box


# Layout: share the width out ------------------------------------------------


@dataclass
class _Piece:
    """One text box of a justified line, with its opportunities."""

    box: Any
    spaces: int
    gaps: frozenset[int]  # byte offsets in the box's text, found in its shaped clusters
    layout: Any = None  # the shaped (then deactivated) Layout when the box has gaps


def _justify_cjk(weasy: _Weasy, context, line, extra_width) -> bool:
    """Spread ``extra_width`` over the line's spaces and CJK gaps; False if it has no gap.

    Gaps are taken inside text boxes only. The gap where one inline box ends
    and the next begins (``中<b>文</b>``) keeps its natural width: each box is
    drawn as its own ActualText span, so a widened gap between two of them
    would be read by text extractors as a word space.
    """
    if line.style["direction"] == "rtl":
        return False
    pieces: list[_Piece] = []
    _collect(weasy, context, line, pieces)
    if not any(piece.gaps for piece in pieces):
        return False
    opportunities = sum(piece.spaces + len(piece.gaps) for piece in pieces)
    units = round(extra_width / opportunities * weasy.to_units)
    share = units / weasy.to_units
    _place(weasy, context, line, share, units, {id(piece.box): piece for piece in pieces}, 0)
    return True


def _collect(weasy: _Weasy, context, box, pieces) -> None:
    """List the line's text boxes with their spaces and the CJK gaps their shaping allows."""
    boxes = weasy.boxes
    if isinstance(box, boxes.TextBox):
        text = box.text
        spaces = text.count(" ") + text.count("\u00a0")
        candidates = gap_offsets(text, is_east_asian(box.style["lang"]))
        if not candidates:
            pieces.append(_Piece(box, spaces, frozenset()))
            return
        if not needs_shaping(text):
            # every character is a cluster of its own: each gap is a cluster end
            pieces.append(_Piece(box, spaces, frozenset(candidates)))
            return
        layout = weasy.create_layout(text, box.style, context, None, 0)
        first_line, _ = weasy.get_first_line(layout)
        found = _widen(weasy, first_line, frozenset(candidates), 0)
        layout.deactivate()
        pieces.append(_Piece(box, spaces, found, layout))
    elif isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        for child in box.children:
            if child.is_in_normal_flow():
                _collect(weasy, context, child, pieces)


def _place(weasy: _Weasy, context, box, share, units, pieces, x_advance):
    """Move and widen boxes as WeasyPrint's add_word_spacing does, counting CJK gaps too."""
    boxes = weasy.boxes
    if isinstance(box, boxes.TextBox):
        piece = pieces[id(box)]
        box.justification_spacing = share
        box.position_x += x_advance
        widened = piece.spaces + len(piece.gaps)
        if widened:
            layout = piece.layout
            if layout is None:
                layout = weasy.create_layout(box.text, box.style, context, None, share)
                layout.deactivate()
            layout.justification_spacing = share
            if piece.gaps:
                layout.cjk_gaps = piece.gaps
                layout.cjk_units = units
            box.pango_layout = layout
        extra = share * widened
        box.width += extra
        x_advance += extra
    elif isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        box.position_x += x_advance
        previous_x_advance = x_advance
        for child in box.children:
            if child.is_in_normal_flow():
                x_advance = _place(weasy, context, child, share, units, pieces, x_advance)
        box.width += x_advance - previous_x_advance
    else:
        box.translate(x_advance, 0)  # atomic inline
    return x_advance


# Drawing: widen the shaped glyphs -------------------------------------------


def _widen(weasy: _Weasy, first_line, gaps: frozenset[int], units: int) -> frozenset[int]:
    """Add ``units`` to the advance of the glyph before each gap; return the gaps found.

    ``gaps`` are byte offsets in the layout's text. A gap counts only where a
    left-to-right glyph cluster ends, so no gap opens inside a cluster (a
    character with its variation selector or combining marks).
    """
    found = set()
    run = first_line.runs
    while run != weasy.ffi.NULL:
        glyph_item = run.data
        run = run.next
        item = glyph_item.item
        if item.analysis.level % 2:
            continue  # right-to-left run: left alone
        glyphs = glyph_item.glyphs
        count = glyphs.num_glyphs
        clusters = glyphs.log_clusters
        for i in range(count):
            end = clusters[i + 1] if i + 1 < count else item.length
            if end == clusters[i]:
                continue  # not the last glyph of its cluster
            offset = item.offset + end
            if offset in gaps:
                found.add(offset)
                if units:
                    glyphs.glyphs[i].geometry.width += units
    return frozenset(found)
