"""The English style check: each rule of docs/style-guide.md catches its case and passes good text."""

import pytest

from publisher.check import style
from publisher.document import Block, BlockKind, Document, Segment


def doc_of(*pairs: tuple[str, str]) -> Document:
    segments = tuple(Segment(f"s{i}", zh, en) for i, (zh, en) in enumerate(pairs))
    return Document("t", (Block(BlockKind.PARAGRAPH, "".join(z for z, _ in pairs), 1, segments),))


def rules(*pairs: tuple[str, str]) -> list[str]:
    return [f.detail["rule"] for f in style.check(doc_of(*pairs))]


@pytest.mark.parametrize(
    "rule, bad, good",
    [
        ("US-SPELLING", "The data centre handles enquiries.", "The data center handles inquiries."),
        ("US-SPELLING", "Parks will modernise and organise.", "Parks will modernize and organize."),
        ("US-SPELLING", "Rail signalling and the catalogue.", "Rail signaling and the catalog."),
        ("FIRST-PERSON", "We will build five parks.", "The city will build five parks."),
        ("FIRST-PERSON", "Our city grew.", "The city grew; the US market grew."),
        ("UNIT-FORMAT", "A 5400T press and 300PB of storage.", "A 5,400-tonne press and 300 PB."),
        ("UNIT-FORMAT", "The plan for 2018-2020.", "The plan for 2018–2020."),
        ("UNIT-FORMAT", "Revenue of 240000 yuan.", "Revenue of 240,000 yuan in 2020."),
        ("UNIT-FORMAT", "An investment of 4 billion Yuan.", "Yuan Longping's 4 billion yuan."),
        ("CALQUE", "Parks are the main battlefield.", "Parks are the front line."),
        ("CALQUE", "Key core technologies were mastered.", "Core technologies were mastered."),
    ],
)
def test_each_rule_catches_its_case_and_passes_good_text(rule, bad, good):
    assert rule in rules(("中文", bad))
    assert rule not in rules(("中文", good))


def test_rmb_only_where_the_chinese_says_renminbi():
    assert "UNIT-FORMAT" in rules(("投资40亿元。", "An investment of RMB 4 billion."))
    assert rules(("投资人民币40亿元。", "An investment of RMB 4 billion.")) == []


def test_quoted_first_person_and_listed_exceptions_pass():
    assert (
        rules(("中文", "The slogan “we serve” is printed; the Ministry of Defence agreed.")) == []
    )


def test_us_words_ending_in_ise_pass():
    text = (
        "The enterprise will exercise its expertise, otherwise revise and supervise the premises."
    )
    assert rules(("中文", text)) == []


def test_sentence_length_counts_each_sentence():
    long = " ".join(["word"] * 61) + "."
    assert rules(("中文", long)) == ["SENTENCE-LENGTH"]
    assert rules(("中文", " ".join(["word"] * 40) + ". " + " ".join(["word"] * 40) + ".")) == []


def test_only_the_first_mu_needs_its_gloss():
    bare = ("亩均效益", "Per-mu efficiency rose.")
    glossed = ("亩均效益", "Per-mu efficiency (output per mu, the Chinese unit of land area) rose.")
    assert rules(bare, ("1000亩", "1,000 mu more.")) == ["LOCAL-UNIT"]
    assert rules(glossed, ("1000亩", "1,000 mu more.")) == []
    assert rules(("1000亩", "1,000 mu (about 67 hectares)."), bare) == []


def test_the_edited_seed_has_no_style_findings(seed_prepared, seed_glossary):
    assert style.check(seed_prepared.doc, seed_glossary) == []


def test_quotations_of_party_and_state_texts_must_be_in_the_quotation_list():
    from publisher.terms.glossary import Glossary, Term

    zh = "全会提出“坚持创新在我国现代化建设全局中的核心地位”。"
    en = "The plenum called for upholding innovation."
    listed = Glossary(
        [
            Term(
                "quote-x",
                "坚持创新在我国现代化建设全局中的核心地位",
                "uphold …",
                domain="quotation",
            )
        ],
        "",
    )
    assert [f.detail["rule"] for f in style.check(doc_of((zh, en)))] == ["QUOTATION"]
    assert style.check(doc_of((zh, en)), listed) == []
    assert style.check(doc_of(("企业提出“坚持创新在现代化建设全局中的核心地位”。", en))) == []
