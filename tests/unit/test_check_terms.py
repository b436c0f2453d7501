from publisher.check import terms
from publisher.document import Block, BlockKind, Document, Flag, Provenance, Segment
from publisher.terms.glossary import Glossary, Term

APPROVED, MACHINE_TERMS, PARAGRAPH = (
    Provenance.APPROVED,
    Provenance.MACHINE_TERMS,
    BlockKind.PARAGRAPH,
)

GLOSSARY = Glossary(
    [
        Term(
            id="crrc",
            zh_hans="中车株机",
            en="CRRC Zhuzhou Locomotive",
            forbidden=("CRRC Zhuji", "CRRC ZELC"),
        ),
        Term(id="envoy", zh_hans="特派员", en="special commissioner", forbidden=("special envoy",)),
        Term(id="sany", zh_hans="三一集团", en="SANY Group", forbidden=("Sanyi Group",)),
        Term(id="pilot", zh_hans="5G试点城市", en="5G pilot city"),
        Term(id="storage", zh_hans="储能", en="energy storage"),
        Term(id="eco", zh_hans="生态文化科技新城", en="new eco-city", status="proposed"),
        Term(id="old", zh_hans="老工业区", en="old industrial zone", status="deprecated"),
    ],
    "test",
)


def doc(*pairs: tuple[str, str | None], flags: tuple[Flag, ...] = ()) -> Document:
    segments = tuple(
        Segment(f"s{i}", zh, en, APPROVED if en else Provenance.MISSING, flags=flags)
        for i, (zh, en) in enumerate(pairs, start=1)
    )
    return Document("t", (Block(PARAGRAPH, "".join(z for z, _ in pairs), 1, segments),))


def findings(*pairs, flags=()):
    return terms.check(doc(*pairs, flags=flags), GLOSSARY)


def test_rendered_terms_pass():
    assert findings(("由中车株机研制。", "Developed by CRRC Zhuzhou Locomotive.")) == []
    assert findings(("三一集团投资。", "SANY Group invested.")) == []


def test_missing_rendering_is_an_error_with_the_chinese_highlighted():
    (f,) = findings(("由中车株机研制。", "Developed by a Zhuzhou company."))
    assert (f.check, f.severity) == ("terms", "error")
    assert "CRRC Zhuzhou Locomotive" in f.reason
    assert [f.zh[a:b] for a, b in f.zh_spans] == ["中车株机"]
    assert f.detail["term_id"] == "crrc"


def test_forbidden_variant_is_an_error_with_the_english_highlighted():
    (f,) = findings(("由中车株机研制。", "Developed by CRRC Zhuji."))
    assert f.severity == "error" and "forbidden “CRRC Zhuji”" in f.reason
    assert [f.en[a:b] for a, b in f.en_spans] == ["CRRC Zhuji"]


def test_forbidden_variant_is_caught_beside_the_right_one_and_in_the_plural():
    (f,) = findings(("中车株机。", "CRRC Zhuzhou Locomotive (CRRC ZELC)."))
    assert "CRRC ZELC" in f.reason
    (g,) = findings(("选派特派员。", "They sent special envoys."))
    assert g.severity == "error" and [g.en[a:b] for a, b in g.en_spans] == ["special envoys"]


def test_plural_in_ies_renders_the_term():
    assert findings(("首批5G试点城市。", "One of the first 5G pilot cities.")) == []


def test_proposed_terms_are_warnings_and_deprecated_ones_are_ignored():
    (f,) = findings(("建成生态文化科技新城。", "Build a new green city."))
    assert f.severity == "warning" and "proposed" in f.reason
    assert findings(("老工业区。", "The old industrial base.")) == []


def test_a_match_straddling_two_words_is_only_a_warning():
    (f,) = findings(("提供300PB存储能力。", "Provides 300PB of storage capacity."))
    assert f.severity == "warning" and "存储|能力" in f.reason


def test_rendering_that_differs_across_segments_is_a_warning():
    found = findings(
        ("中车株机研制。", "Made by CRRC Zhuzhou Locomotive."),
        ("中车株机生产。", "Built by the locomotive works."),
    )
    assert [(f.severity, f.segment_id) for f in found] == [("error", "s2"), ("warning", "s2")]
    assert "in 1 segment(s) but not in 1" in found[1].reason


def test_a_name_written_in_another_case_is_a_warning():
    (f,) = findings(("三一集团投资。", "Sany Group invested."))
    assert f.severity == "warning" and "“Sany Group” (1)" in f.reason
    assert [f.en[a:b] for a, b in f.en_spans] == ["Sany Group"]


def test_segments_without_english_are_skipped():
    assert findings(("由中车株机研制。", None)) == []


def test_lost_placeholders_from_machine_translation_are_flagged():
    segment = Segment("s1", "研制。", "Developed.", MACHINE_TERMS, flags=(Flag.TERMS_LOST,))
    d = Document("t", (Block(PARAGRAPH, "研制。", 1, (segment,)),))
    (f,) = terms.check(d, GLOSSARY)
    assert f.severity == "warning" and "placeholders" in f.reason
