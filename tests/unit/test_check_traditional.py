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


def test_phrase_default_and_override_decisions():
    terms = Glossary([Term(id="v", zh_hans="动力谷", en="Power Valley", zh_hant="動力谷")], "v")
    doc = doc_of("产业发展很快。", "他后来站在了动力谷。", glossary=terms)
    found, extra = traditional.check(doc, terms)
    by = {(f.segment_id, f.detail["char"]): f.detail["decided_by"] for f in found}
    assert by[("s1", "发")] == "phrase"  # 发展 -> 發展
    assert by[("s2", "后")] == "phrase"  # 后来 -> 後來
    assert by[("s2", "了")] == "default"  # 了 alone: 了 or 瞭
    assert ("s2", "谷") not in by  # the glossary override decided it: reviewed
    assert extra["traditional"]["override"] == 1
    first = next(f for f in found if f.detail["char"] == "发")
    assert first.detail["phrase"] == "发展" and first.detail["word_hant"] == "發展"
    assert [first.zh[a:b] for a, b in first.zh_spans] == ["发"]


def test_undecided_entries_come_first_with_context():
    found, extra = traditional.check(doc_of("制造业发展。", "它坐落于此了。"), NO_TERMS)
    kinds = [f.detail["decided_by"] for f in found]
    assert kinds == sorted(kinds, key=lambda k: k != "default") and kinds[0] == "default"
    entry = found[0]
    assert entry.severity == "warning" and entry.check == "traditional"
    assert entry.detail["context_zh"][entry.detail["context_at"]] == entry.detail["char"]
    assert extra["traditional"]["undecided"] == kinds.count("default")
    assert extra["traditional"]["method"] == "opencc phrase dictionaries"


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
    swaps = [f for f in found if f.detail["decided_by"] == "vocabulary"]
    assert [(f.detail["word_zh"], f.detail["word_tw"], f.detail["word_hant"]) for f in swaps] == [
        ("优化", "優化", "最佳化"),
        ("信息技术", "信息技術", "資訊科技"),
    ]
    assert extra["traditional"]["substitutions"] == 2
    assert traditional.check(doc, NO_TERMS, "tw")[1]["traditional"]["substitutions"] == 0
