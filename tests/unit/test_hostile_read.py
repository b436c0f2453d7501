"""The reader: deep nesting kept (flattened, with a warning), a Traditional source told apart."""

import pytest

from publisher.errors import SourceError
from publisher.lang.opencc import convert
from publisher.read import read
from publisher.read.markdown import MAX_INDENT, parse
from tests.support import SEED


def test_a_list_nested_ten_thousand_deep_loses_no_item():
    items = "\n".join("  " * min(i, 400) + f"- 第{i}项。" for i in range(10_000))
    doc = parse(f"# 标题\n\n{items}\n")
    assert [b.text for b in doc.blocks[1:]] == [f"第{i}项。" for i in range(10_000)]
    assert any(f"over {MAX_INDENT} columns" in w.message() for w in doc.warnings)


@pytest.mark.parametrize("opening", ["- ", "1. ", "> - "])
def test_lists_and_quotes_opened_ten_thousand_times_on_one_line_lose_nothing(opening):
    """Defect: `- - - … item` nested past markdown-it's limit: the item and every line after
    it vanished without a word."""
    doc = parse("# 标题\n\n" + opening * 10_000 + "最深的一项。\n\n后面的段落。\n")
    assert [b.text for b in doc.blocks][1:] == ["最深的一项。", "后面的段落。"]
    assert "set at that depth (lines 3)" in doc.warnings[0].message()


def test_text_the_reader_cannot_place_is_reported_never_dropped_silently():
    """The net under every rule: a link reference line (now read as text) and an HTML comment
    in a Word file's HTML (which markdown-it drops) are named by line."""
    doc = parse("# 标题\n\n[注]: 参见附表。\n\n正文。\n")
    assert [b.text for b in doc.blocks][1:] == ["[注]: 参见附表。", "正文。"] and not doc.warnings
    doc = parse("# 标题\n\n正文。\n\n<!-- 作者的批注 -->\n", html=True)
    assert [w.message() for w in doc.warnings] == [
        "text the reader could not place was left out (lines 5); check those lines"
    ]


def test_text_inside_deeply_nested_quotes_is_kept():
    doc = parse("# 标题\n\n" + "> " * 60 + "深层引用的文字。\n")
    assert doc.blocks[-1].text == "深层引用的文字。"
    assert doc.warnings


def test_a_traditional_source_is_refused_or_converted(tmp_path):
    source = tmp_path / "r.zh.md"
    source.write_text(convert(SEED.read_text(encoding="utf-8"), "s2tw"), encoding="utf-8")
    with pytest.raises(SourceError, match="--from-traditional"):
        read(source)
    doc = read(source, from_traditional=True)
    assert "动力谷" in "".join(b.text for b in doc.blocks)
    assert any("converted to Simplified" in w.message() for w in doc.warnings)
    assert read(SEED).warnings  # the Simplified seed is read as it is (its own repairs only)
    assert not any("Traditional" in w.message() for w in read(SEED).warnings)
