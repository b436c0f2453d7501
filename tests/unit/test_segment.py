from publisher.document import Block, BlockKind, Document
from publisher.read import markdown, read
from publisher.segment import segment, split_sentences
from tests.support import SEED


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
    doc = segment(read(SEED))
    for block in doc.blocks:
        assert "".join(s.zh for s in block.segments) == block.text
        assert block.segments


def test_ids_are_unique_and_repeats_are_numbered():
    doc = segment(read(SEED))
    ids = [s.id for s in doc.segments()]
    assert len(ids) == len(set(ids))
    # the seed repeats a paragraph under 贴心服务 and 园区升级: its sentences get occurrence 2
    assert any(i.endswith("-2") for i in ids)


def test_ids_stable_when_another_paragraph_changes():
    source = "# 标题\n\n第一句。第二句。\n\n第三句。第四句！\n"
    before = segment(markdown.parse(source))
    after = segment(markdown.parse(source.replace("第一句。", "改过的第一句。新加一句。")))
    ids_before = {s.zh: s.id for s in before.segments()}
    ids_after = {s.zh: s.id for s in after.segments()}
    for zh in ("第二句。", "第三句。", "第四句！", "标题"):
        assert ids_before[zh] == ids_after[zh]
    assert "第一句。" not in ids_after


def _ids(text: str) -> list[str]:
    """The segment ids of one paragraph exactly as given: no reader has repaired it."""
    doc = Document("t", (Block(BlockKind.PARAGRAPH, text, 1),))
    return [s.id for s in segment(doc).segments()]


def test_ids_ignore_width_and_whitespace():
    # Raw text the reader has not seen: half-width comma and digit, a space, a line break.
    full = _ids("这5年，奋进。")
    assert _ids("这5年,奋进。") == full  # half-width comma
    assert _ids("这５年，奋进。") == full  # full-width digit
    assert _ids("这5年， 奋\n进。") == full  # whitespace inside the sentence
    assert _ids("这6年，奋进。") != full  # and the id does depend on the text
