"""lang.hant and the hazard test set: word-aware conversion, house styles, punctuation."""

import csv
from pathlib import Path

import opencc
import pytest

from publisher.lang import hant
from publisher.stores import decisions
from publisher.terms.glossary import Glossary
from publisher.terms.usage import to_traditional, traditional

TESTSET = Path(__file__).parents[1] / "data" / "traditional" / "hazards.tsv"
NONE = Glossary([], "none")


def hazard_rows() -> list[dict]:
    with TESTSET.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def verdict(zh: str, expected: str, variant: str) -> str:
    done = traditional(zh, NONE, variant)
    if done.text == expected:
        return "right"
    if len(done.text) != len(expected):
        return "missed"
    wrong = {i for i, (a, b) in enumerate(zip(done.text, expected, strict=True)) if a != b}
    tier1 = {i for n in done.notes if n.kind != hant.HOUSE for i in range(n.start, n.end)}
    return "caught" if wrong <= tier1 else "missed"


@pytest.mark.parametrize("variant", ["tw", "hk"])
def test_the_hazard_test_set_is_converted_right_or_caught(variant):
    rows = hazard_rows()
    assert len(rows) >= 150
    verdicts = [verdict(r["zh-Hans"], r[variant], variant) for r in rows]
    right, caught = verdicts.count("right"), verdicts.count("caught")
    assert right / len(rows) >= 0.92  # measured: tw 269/289, hk 270/289
    assert right + caught == len(rows)  # measured: 289/289 for both


def test_plain_opencc_stays_available_and_is_worse():
    rows = hazard_rows()
    plain = sum(verdict(r["zh-Hans"], r["tw"], "tw-opencc") == "right" for r in rows)
    cc = opencc.OpenCC("s2tw")
    for r in rows[:40]:
        assert to_traditional(r["zh-Hans"], NONE, "tw-opencc") == hant.punctuate(
            cc.convert(r["zh-Hans"]), "tw"
        )
    assert plain < sum(verdict(r["zh-Hans"], r["tw"], "tw") == "right" for r in rows)


def test_a_narrow_phrase_between_single_characters_falls_back():
    done = hant.convert("为这5年写下战风斗雨的韧性", "tw")
    assert "戰風鬥雨" in done.text
    assert [n.kind for n in done.notes if n.start == 7] == [hant.WEAK]
    assert hant.convert("北斗导航系统", "tw").text.startswith("北斗")  # a real word stays


def test_a_phrase_with_several_traditional_forms_in_openccs_data_is_noted():
    """编制 is 編制 (a staff) or 編製 (to compile): OpenCC's STPhrases lists both and takes the
    first, so the phrase decides nothing; 纔能 is 才能 in Taiwan, so 才能 is no question there."""
    done = hant.convert("统计部门按月编制价格指数", "tw")
    (note,) = [n for n in done.notes if n.kind == hant.FORMS]
    assert (note.start, note.end, note.hant, note.other, note.by) == (6, 8, "編制", "編製", "编制")
    assert not [n for n in hant.convert("他很有才能", "tw").notes if n.kind == hant.FORMS]


def test_a_straddled_character_that_jieba_leaves_alone_keeps_the_phrase_reading():
    """查看|周|线图: the phrase 周线 (週線, a weekly chart) straddles 线图, but no word of
    jieba's reads 周, so the phrase's 週 stands; zhconv-rs's 周 is noted for review."""
    done = hant.convert("查看周线图和月线图", "tw")
    assert done.text == "查看週線圖和月線圖"
    assert [(n.kind, n.start) for n in done.notes] == [(hant.ENGINES, 2)]


def test_a_word_jieba_only_guessed_does_not_outvote_a_phrase():
    """若干|周后: jieba's 周后 (Queen Zhou) is its hidden Markov model's guess, in no
    dictionary, so OpenCC's phrase 若干周 (若干週, some weeks) stands, noted for review; the
    dictionary word 复议 outvotes the straddling phrase 行复, as zhconv-rs agrees."""
    done = hant.convert("若干周后", "tw")
    assert done.text == "若干週後"
    assert (hant.STRADDLE, 0, 3, "若干週") in [(n.kind, n.start, n.end, n.hant) for n in done.notes]
    assert hant.convert("进行复议", "tw").text == "進行複議"


def test_two_dictionary_words_overlapping_on_a_marked_reading_are_noted():
    """从源|头发|力: every tool reads 头发 (hair), yet 源头 is a word, and then 发 is 發. Only a
    marked reading is questioned: 总理|发表 beside 理发, Hong Kong's 台 beside 新平, are not."""
    done = hant.convert("要从源头发力", "tw")
    (note,) = [n for n in done.notes if n.kind == hant.OVERLAP]
    assert (note.start, note.end, note.other) == (2, 5, "發")
    for text, variant in (("总理发表讲话", "tw"), ("已建成各类创新平台", "hk")):
        assert not [n for n in hant.convert(text, variant).notes if n.kind == hant.OVERLAP]


def test_a_hazard_decided_by_no_phrase_takes_its_words_reading_and_is_noted():
    done = hant.convert("该型拖拉机采用动力换挡技术", "hk")
    assert "換檔" in done.text
    assert {n.kind for n in done.notes if n.start == 10} >= {hant.HAZARD}


def test_the_house_style_applies_whole_words_only_and_is_recorded():
    tw = hant.convert("按计划发布，按统计划分。", "tw")
    assert tw.text == "按計畫發布，按統計劃分。"
    house = [(n.other, n.hant) for n in tw.notes if n.kind == hant.HOUSE]
    assert ("計劃", "計畫") in house and ("發佈", "發布") in house
    hk = hant.convert("按计划发布，占比提高。", "hk")
    assert hk.text == "按計劃發佈，佔比提高。" and not [n for n in hk.notes if n.kind == hant.HOUSE]
    assert hant.convert("家具", "hk").text == "家具"


def test_engine_disagreements_are_noted_for_ambiguous_characters_only():
    notes = hant.convert("激光雷达和人工智能", "tw").notes
    assert not [n for n in notes if n.kind == hant.ENGINES]  # vocabulary, not characters
    notes = hant.convert("动力换挡", "tw").notes
    assert [(n.hant, n.other) for n in notes if n.kind == hant.ENGINES] == [("檔", "擋")]


def test_regional_quotes_nest_and_parentheses_around_chinese_go_full_width():
    text = "他说“要落实‘放管服’改革”(见附件)和(2020)。"
    assert hant.punctuate(text, "tw") == "他说「要落实『放管服』改革」（见附件）和(2020)。"
    assert hant.punctuate("“甲“乙“丙”乙”甲”", "hk") == "「甲『乙「丙」乙』甲」"
    assert hant.punctuate(text, "t") == text  # plain Traditional keeps the marks


def test_a_decisions_file_overrides_and_settles(tmp_path):
    source = tmp_path / "r.zh.md"
    path = decisions.path_for(source, "r")
    assert path.name == "r.zh-Hant.tsv"
    path.write_text("zh-Hans\tzh-Hant\tnote\n动力换挡\t動力換擋\tblocking, not gears\n", "utf-8")
    terms = decisions.with_decisions(NONE, decisions.load(path))
    assert to_traditional("采用动力换挡技术", terms, "tw") == "採用動力換擋技術"
    path.write_text("动力换挡\t動力換\n", "utf-8")
    with pytest.raises(Exception, match="equal length"):
        decisions.load(path)
    assert decisions.load(tmp_path / "absent.tsv") == []


def test_a_decision_may_hold_for_some_variants_only(tmp_path):
    path = tmp_path / "r.zh-Hant.tsv"
    path.write_text("平台\t平臺\tMOE\ttw,twp\n换挡\t換檔\tgear\n", "utf-8")
    assert [t.zh_hans for t in decisions.load(path, "tw")] == ["平台", "换挡"]
    assert [t.zh_hans for t in decisions.load(path, "hk")] == ["换挡"]
    hk = decisions.with_decisions(NONE, decisions.load(path, "hk"))
    assert to_traditional("创新平台", hk, "hk") == "創新平台"


def test_twp_is_the_word_aware_tw_with_taiwan_vocabulary():
    done = hant.convert("路网全面优化，采用动力换挡，按计划推进。", "twp")
    assert done.text == "路網全面最佳化，採用動力換檔，按計畫推進。"
    assert not [n for n in done.notes if n.kind == hant.LENGTH]


def test_a_conversion_is_kept_between_runs(tmp_path, monkeypatch):
    """A rebuild converts only what it has not seen: OpenCC is not even loaded for the rest."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    hant.MEMO.forget()
    done = hant.convert("为这5年写下战风斗雨的韧性", "tw")
    hant.MEMO.save()
    hant.MEMO.forget()  # as the next process finds it

    def no_opencc(*args):
        raise AssertionError("OpenCC was loaded")

    monkeypatch.setattr(hant, "converter", no_opencc)
    monkeypatch.setattr(hant, "stages", no_opencc)
    assert hant.convert("为这5年写下战风斗雨的韧性", "tw") == done
    with pytest.raises(AssertionError):
        hant.convert("另一句话", "tw")
    hant.MEMO.forget()
