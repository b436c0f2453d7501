"""The writers' HTML from a document built by hand: what they need, and refusing what is missing."""

import re
from dataclasses import replace

import pytest

from publisher.config import EDITIONS, LayoutConfig
from publisher.document import Block, BlockKind, Document, Provenance, Segment
from publisher.terms.glossary import Glossary, Term
from publisher.writers import writer_for
from tests.support.documents import prepared

TERMS = Glossary([Term(id="zz", zh_hans="株洲", en="Zhuzhou")], "v1")


def hand_made() -> Document:
    segments = (Segment("s1", "株洲发展很快。", "Zhuzhou grows fast.", Provenance.APPROVED),)
    block = Block(BlockKind.PARAGRAPH, segments[0].zh, 1, segments)
    return Document("hand", (Block(BlockKind.TITLE, "简报", 1), block))


def html(doc: Document, key: str) -> str:
    edition, layout = EDITIONS[key], LayoutConfig()
    return writer_for(edition, layout).html(doc, edition, layout)


def text(page: str) -> str:
    """A page's text, without the markup of its words (a paragraph's last words are held
    together by a span)."""
    return re.sub(r"<[^>]+>", "", page)


def test_a_prepared_hand_made_document_renders_every_edition():
    doc = prepared(hand_made(), TERMS)
    assert "株洲发展很快" in text(html(doc, "zh-Hans-en"))
    assert "Zhuzhou grows fast" in text(html(doc, "en"))
    assert "株洲發展很快" in text(html(doc, "zh-Hant-en"))
    assert doc.terms_used and doc.terms_used[0].en == "Zhuzhou"


def test_a_skipped_stage_is_an_error_not_a_plausible_page():
    with pytest.raises(ValueError, match="source information"):
        html(hand_made(), "zh-Hans-en")
    unconverted = replace(prepared(hand_made(), TERMS), conversion=None)
    assert "株洲发展很快" in text(html(unconverted, "zh-Hans-en"))  # Simplified: no conversion
    with pytest.raises(ValueError, match="Traditional text"):
        html(unconverted, "zh-Hant-en")
