from publisher import reader, segmenter
from publisher.segmenter import split_sentences

from .conftest import SEED


def test_sentences_keep_closing_quotes():
    text = "他说：“坚持创新。”创新是关键！真的吗？是的；好……“十三五”期间"
    assert split_sentences(text) == [
        "他说：“坚持创新。”",
        "创新是关键！",
        "真的吗？",
        "是的；",
        "好……",
        "“十三五”期间",
    ]


def test_sentences_concatenate_back_to_every_seed_block():
    doc = segmenter.segment(reader.read(SEED))
    for block in doc.blocks:
        assert "".join(s.zh for s in block.segments) == block.text
        assert block.segments


def test_ids_are_unique_and_repeats_are_numbered():
    doc = segmenter.segment(reader.read(SEED))
    ids = [s.id for s in doc.segments()]
    assert len(ids) == len(set(ids))
    # the seed repeats a paragraph under 贴心服务 and 园区升级: its sentences get occurrence 2
    assert any(i.endswith("-2") for i in ids)


def test_ids_stable_when_another_paragraph_changes():
    source = "# 标题\n\n第一句。第二句。\n\n第三句。第四句！\n"
    before = segmenter.segment(reader.parse(source))
    after = segmenter.segment(reader.parse(source.replace("第一句。", "改过的第一句。新加一句。")))
    ids_before = {s.zh: s.id for s in before.segments()}
    ids_after = {s.zh: s.id for s in after.segments()}
    for zh in ("第二句。", "第三句。", "第四句！", "标题"):
        assert ids_before[zh] == ids_after[zh]
    assert "第一句。" not in ids_after


def test_ids_ignore_width_and_whitespace():
    a = segmenter.segment(reader.parse("这5年,奋进。\n"))
    b = segmenter.segment(reader.parse("这5年，奋进。\n"))
    assert [s.id for s in a.segments()] == [s.id for s in b.segments()]
