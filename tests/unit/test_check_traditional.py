import subprocess
from pathlib import Path

import opencc
import pytest

from publisher.check import traditional
from publisher.document import Block, BlockKind, Document, Provenance, Segment
from publisher.lang.opencc import one_to_many, phrase_table, segments, stages
from publisher.terms.glossary import Glossary, Term
from publisher.terms.usage import to_traditional
from tests.support import SEED

TOOL = Path(opencc.__file__).parent / "clib" / "bin" / "opencc_dict"
SHARE = Path(opencc.__file__).parent / "clib" / "share" / "opencc"
NO_TERMS = Glossary([], "none")


def doc_of(*texts: str, glossary: Glossary = NO_TERMS, variant: str = "tw") -> Document:
    segments = tuple(
        Segment(f"s{i}", t, "English.", Provenance.APPROVED, to_traditional(t, glossary, variant))
        for i, t in enumerate(texts, start=1)
    )
    return Document("t", (Block(BlockKind.PARAGRAPH, "".join(texts), 1, segments),))


def test_the_table_lists_the_one_to_many_characters():
    table = one_to_many()
    assert len(table) == 276
    assert table["发"] == ("發", "髮") and table["后"] == ("後", "后") and "乾" in table["干"]
    assert "国" not in table  # one Traditional form only


@pytest.mark.skipif(not TOOL.exists(), reason="the opencc wheel has no opencc_dict")
def test_the_one_to_many_table_is_the_installed_opencc_one():
    out = subprocess.run(
        [str(TOOL), "-i", str(SHARE / "STCharacters.ocd2"), "-o", "/dev/stdout", "-f", "ocd2"]
        + ["-t", "text"],
        capture_output=True,
        check=True,
    ).stdout.decode()
    installed = {
        k: tuple(v.split()) for k, _, v in (line.partition("\t") for line in out.splitlines())
    }
    assert {k: v for k, v in installed.items() if len(v) > 1} == one_to_many()


def rows_of(found):
    return {(f.detail["word_zh"], f.detail["word_hant"]): f.detail for f in found}


def test_one_row_per_word_in_tiers_with_count_and_segments():
    doc = doc_of("动力换挡，动力换挡。", "产业发展很快。", "按计划推进。")
    found, extra = traditional.check(doc, NO_TERMS)
    rows = rows_of(found)
    gear = rows[("换挡", "換檔")]
    assert gear["tier"] == 1 and gear["count"] == 2 and gear["segments"] == ["s1"]
    assert "hazard" in gear["kinds"] and "engines" in gear["kinds"]  # zhconv-rs writes 擋
    plan = next(r for (zh, tw), r in rows.items() if "計畫" in tw)
    assert plan["tier"] == 2 and plan["kinds"] == ["house"]  # the house style decided it
    assert not any(r[0] == "发展" for r in rows)  # a phrase decided it: tier 3, folded
    assert any(r["word_zh"] == "发展" for r in extra["traditional"]["folded"])
    assert {f.severity for f in found if f.detail["tier"] == 1} == {"error"}
    assert {f.severity for f in found if f.detail["tier"] == 2} == {"warning"}
    assert extra["traditional"]["tier1"] >= 1 and extra["traditional"]["tier2"] == 1


def test_a_narrow_phrase_is_overruled_and_listed():
    found, _ = traditional.check(doc_of("为这5年写下战风斗雨的韧性。"), NO_TERMS)
    row = next(f.detail for f in found if f.detail["word_zh"] == "风斗")
    assert row["word_hant"] == "風鬥" and "weak-phrase" in row["kinds"] and row["tier"] == 1


def test_an_override_settles_a_word():
    terms = Glossary([Term(id="v", zh_hans="换挡", en="gear shift", zh_hant="換檔")], "v")
    found, extra = traditional.check(doc_of("动力换挡。", glossary=terms), terms)
    assert not any(f.detail["word_zh"] == "换挡" for f in found)
    assert extra["traditional"]["override"] == 1


def test_the_same_word_two_ways_is_a_finding():
    segments = (
        Segment("s1", "政府发布通知。", "E.", Provenance.APPROVED, "政府發布通知。"),
        Segment("s2", "公司发布年报。", "E.", Provenance.APPROVED, "公司發佈年報。"),
        Segment("s3", "公司发布年报。", "E.", Provenance.APPROVED, "公司發佈年報。"),
    )
    doc = Document("t", (Block(BlockKind.PARAGRAPH, "x", 1, segments),))
    found, _ = traditional.check(doc, NO_TERMS, "tw")
    rows = rows_of(found)
    assert "inconsistent" in rows[("发布", "發佈")]["kinds"]
    assert rows[("发布", "發佈")]["count"] == 2 and rows[("发布", "發佈")]["tier"] == 1
    assert rows[("发布", "發佈")]["other"] == "發布"
    assert "inconsistent" in rows[("发布", "發布")]["kinds"]


def test_the_phrase_segmentation_reproduces_opencc_on_the_seed():
    phrases = phrase_table("t")
    ((_, chars),) = stages("t")
    cc = opencc.OpenCC("s2t")
    lines = [line for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    for line in lines:
        ours = "".join(
            phrases.values.get(line[a:b]) or "".join(chars.values.get(c, c) for c in line[a:b])
            for a, b in segments(line, phrases)
        )
        assert ours == cc.convert(line)


def test_twp_lists_the_taiwan_vocabulary_substitutions():
    doc = doc_of("路网全面优化，信息技术。", "标识逐步规范。", variant="twp")
    found, extra = traditional.check(doc, NO_TERMS, "twp")
    swaps = [f.detail for f in found if "vocabulary" in f.detail["kinds"]]
    assert [(d["word_zh"], d["other"], d["word_hant"]) for d in swaps] == [
        ("优化", "優化", "最佳化"),
        ("信息技术", "信息技術", "資訊科技"),
    ]
    assert extra["traditional"]["substitutions"] == 2
    assert traditional.check(doc, NO_TERMS, "tw")[1]["traditional"]["substitutions"] == 0
