"""Unit terms carry their scale in the English (亿元 = 100 million yuan); a figure absorbs it."""

from publisher.check import terms as term_check
from publisher.document import Block, BlockKind, Document, Segment
from publisher.stores import tsv
from publisher.translate.protect import protect

ROWS = [
    ("unit-100m-yuan", "亿元", "", "100 million yuan", "RMB|renminbi", "noun", "unit", "approved"),
    ("gov-city", "株洲", "", "Zhuzhou", "", "proper noun", "place", "approved"),
]
HEADER = "id\tzh-Hans\tzh-Hant\ten\tforbidden\tpos\tdomain\tstatus"


def doc_of(zh: str, en: str) -> Document:
    return Document("t", (Block(BlockKind.PARAGRAPH, zh, 1, (Segment("s1", zh, en),)),))


def test_a_scaled_figure_renders_the_unit_term(write_tsv):
    glossary = tsv.load(write_tsv(ROWS, HEADER))
    assert (
        term_check.check(doc_of("株洲投资150亿元。", "Zhuzhou invested 15 billion yuan."), glossary)
        == []
    )


def test_the_unit_word_must_be_there_and_forbidden_variants_are_errors(write_tsv):
    glossary = tsv.load(write_tsv(ROWS, HEADER))
    lacking = term_check.check(
        doc_of("株洲投资150亿元。", "Zhuzhou invested 15 billion."), glossary
    )
    assert [f.reason for f in lacking] == ["亿元: the English lacks “yuan”"]
    forbidden = term_check.check(
        doc_of("株洲投资150亿元。", "Zhuzhou invested RMB 15 billion."), glossary
    )
    assert forbidden and "forbidden" in forbidden[0].reason


def test_machine_translation_leaves_units_to_the_engine(write_tsv):
    glossary = tsv.load(write_tsv(ROWS, HEADER))
    protected = protect("株洲投资150亿元。", glossary)
    assert protected.text == "[T1]投资150亿元。" and [t.zh_hans for t in protected.terms] == [
        "株洲"
    ]


def test_the_appendix_prints_the_scale(seed_prepared):
    used = {t.zh_hans: t.en for t in seed_prepared.doc.terms_used}
    assert used["亿元"] == "100 million yuan"  # the seed has no bare 万元
