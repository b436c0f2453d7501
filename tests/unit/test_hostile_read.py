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
