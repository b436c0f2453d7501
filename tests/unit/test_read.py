import pytest

from publisher.document import BlockKind, WarningKind
from publisher.errors import SourceError
from publisher.read import markdown, read
from tests.support import SEED

TITLE, SECTION_TITLE, SUBTITLE = BlockKind.TITLE, BlockKind.SECTION_TITLE, BlockKind.SUBTITLE
BYLINE, HEADING, PARAGRAPH = BlockKind.BYLINE, BlockKind.HEADING, BlockKind.PARAGRAPH
CAPTION = BlockKind.CAPTION


@pytest.fixture(scope="module")
def seed():
    return read(SEED)


def test_seed_front_matter_kinds(seed):
    kinds = [b.kind for b in seed.blocks[:5]]
    assert kinds == [TITLE, SECTION_TITLE, SUBTITLE, BYLINE, PARAGRAPH]
    assert seed.blocks[0].text == "向两会报告"
    assert seed.blocks[2].text.startswith("株洲市工信局")  # the leading —— is a marker
    assert seed.blocks[3].text == "文/图 高晓燕 谭小洋"


def test_seed_headings_and_captions(seed):
    headings = [b.text for b in seed.blocks if b.kind == HEADING]
    assert headings[0] == "服务创新，产业生态在优化"
    assert len(headings) == 5
    captions = [b.text for b in seed.blocks if b.kind == CAPTION]
    assert captions == [
        "投产的长城电脑株洲基地。",
        "北汽造车。",
        "宁波地铁2号线二期车辆，由中车株机公司生产制造。",
    ]


def test_seed_broken_paragraphs_are_joined_and_reported(seed):
    texts = [b.text for b in seed.blocks]
    assert any("关键共性性难题" in t for t in texts)
    assert any("全市10个园区全部完成" in t for t in texts)
    assert not any(t.startswith(("性难题", "10个园区")) for t in texts)
    joins = [w for w in seed.warnings if w.kind == WarningKind.JOIN]
    assert all("joined" in w.message() for w in joins)
    assert [w.line for w in joins] == [57, 86]


def test_half_width_punctuation_between_chinese_becomes_full_width(seed):
    body = "".join(b.text for b in seed.blocks)
    assert "," not in body.replace("1,0", "")
    assert "这5年，奋进的株洲" in body
    assert any("half-width" in w.message() and w.line == 11 for w in seed.warnings)


def test_punctuation_rules_leave_numbers_and_english_alone():
    doc = markdown.parse("产值1,200亿元,增长5%,达到A,B级;完成了吗?是的!时间:2020年。\n")
    text = doc.blocks[0].text
    assert "1,200" in text and "A,B" in text
    assert "亿元，增长5%，达到" in text
    assert "级；完成了吗？是的！时间：2020" in text


def test_paragraph_ending_with_punctuation_is_not_joined():
    broken = "第三段是一个很长的段落，" * 4 + "却在句子中间断开了"
    source = f"第一段结束。\n\n第二段“引语。”\n\n{broken}\n\n第四段。\n\n### 标题\n"
    doc = markdown.parse(source)
    assert [b.text for b in doc.blocks] == [
        "第一段结束。",
        "第二段“引语。”",
        broken + "第四段。",
        "标题",
    ]


def test_short_unpunctuated_line_is_not_half_a_paragraph():
    doc = markdown.parse("开头一段。\n\n会议纪要\n\n后面一段。\n")
    assert [b.text for b in doc.blocks] == ["开头一段。", "会议纪要", "后面一段。"]


def test_last_paragraph_without_punctuation_stays():
    doc = markdown.parse("第一段。\n\n最后一段没有句号\n")
    assert [b.text for b in doc.blocks] == ["第一段。", "最后一段没有句号"]
    assert not [w for w in doc.warnings if w.kind == WarningKind.JOIN]


def test_raw_html_is_text_not_markup():
    doc = markdown.parse("<script>alert(1)</script>中文段落。\n")
    assert doc.blocks[0].text.startswith("<script>")


def test_gbk_source_is_decoded(tmp_path):
    path = tmp_path / "gbk.md"
    path.write_bytes(
        "# 株洲报告\n\n株洲市工业发展迅速，制造业增加值年均增长9%以上。\n".encode("gbk")
    )
    doc = read(path)
    assert doc.blocks[0].text == "株洲报告"


def test_binary_source_is_a_clear_error(tmp_path):
    path = tmp_path / "image.md"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(SourceError, match="UTF-8"):
        read(path)


def test_missing_file_and_non_chinese_file(tmp_path):
    with pytest.raises(SourceError, match="cannot read"):
        read(tmp_path / "nope.md")
    english = tmp_path / "en.md"
    english.write_text("# Just English\n\nNothing to translate.\n")
    with pytest.raises(SourceError, match="no Chinese"):
        read(english)


def test_numbered_section_lines_of_plain_text_reports_are_headings():
    doc = markdown.parse(
        "一、2015年工作回顾\n\n过去一年，经济平稳增长。\n\n（二）深化改革\n\n一、这一段虽有编号，但它是一个完整的句子。\n"
    )
    assert [b.kind for b in doc.blocks] == [HEADING, PARAGRAPH, HEADING, PARAGRAPH]
    assert not [w for w in doc.warnings if w.kind == WarningKind.JOIN]


def test_plain_text_front_matter_and_dash_led_items():
    source = (
        "2025年湖南省政府工作报告\n\n来源：湖南日报\n\n政府工作报告\n\n各位代表：\n\n"
        "现在，我代表省人民政府作报告。\n\n——经济运行保持在合理区间。\n"
    )
    doc = markdown.parse(source)
    assert [b.kind for b in doc.blocks] == [
        TITLE,
        BYLINE,
        SUBTITLE,
        PARAGRAPH,
        PARAGRAPH,
        PARAGRAPH,
    ]
    assert doc.blocks[-1].text == "——经济运行保持在合理区间。"
