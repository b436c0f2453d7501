import pytest

from publisher.check import completeness
from publisher.document import Block, BlockKind, Document, Provenance, Segment

APPROVED, MISSING, PARAGRAPH = Provenance.APPROVED, Provenance.MISSING, BlockKind.PARAGRAPH

ZH = "园区配套不断提升，路网全面优化，标识、绿化逐步规范。"  # 26 characters
EN = (
    "Park supporting facilities have steadily improved, road networks have been fully "
    "optimized, and signage and landscaping gradually standardized."
)  # 140 characters: a ratio of about 5.4


def check(en: str | None, zh: str = ZH, ratio: float = 5.4):
    provenance = MISSING if en is None else APPROVED
    return completeness.check_segment(Segment("s1", zh, en, provenance), ratio)


def test_a_plausible_translation_passes():
    assert check(EN) is None


@pytest.mark.parametrize(
    ("en", "said"),
    [(None, "no English"), ("", "empty English"), ("   ", "empty English"), (ZH, "a copy")],
)
def test_missing_empty_or_untranslated_english_is_an_error(en, said):
    f = check(en)
    assert (f.check, f.severity) == ("completeness", "error") and said in f.reason


def test_leftover_chinese_is_an_error_and_highlighted():
    f = check("The park's 路网 were optimized and 标识 standardized by the city government.")
    assert f.severity == "error" and "路网" in f.reason
    assert [f.en[a:b] for a, b in f.en_spans] == ["路网", "标识"]


def test_truncated_english_is_an_error():
    f = check("Park supporting facilities have steadily improved.")  # 50 of ~140
    assert f.severity == "error" and "missing" in f.reason


def test_milder_length_outliers_are_warnings():
    short = check(EN[:85])  # about 60 % of the prediction
    assert short.severity == "warning" and "shorter" in short.reason
    long = check(EN + " " + EN + " It was a very good year for all the parks.")
    assert long.severity == "warning" and "longer" in long.reason


def test_short_segments_are_not_judged_by_length():
    assert check("Top.", zh="高位发动。") is None


def test_the_ratio_comes_from_the_document():
    segments = tuple(Segment(f"s{i}", ZH, EN, APPROVED) for i in range(6))
    doc = Document("t", (Block(PARAGRAPH, ZH * 6, 1, segments),))
    ratio, sample = completeness.usual_ratio(doc)
    assert sample == 6 and ratio == pytest.approx(len(EN) / 26)
    findings, extra = completeness.check(doc)
    assert findings == [] and extra["length_ratio"] == round(ratio, 2)


def test_a_small_document_uses_the_default_ratio():
    doc = Document("t", (Block(PARAGRAPH, ZH, 1, (Segment("s1", ZH, EN, APPROVED),)),))
    assert completeness.usual_ratio(doc) == (completeness.DEFAULT_RATIO, 1)
