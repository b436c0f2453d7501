"""Inter-character justification of Chinese (writers/justify.py), measured on rendered PDFs."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest

weasyprint = pytest.importorskip("weasyprint")

from publisher.writers import justify  # noqa: E402

pytestmark = [
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils"),
    pytest.mark.skipif(
        weasyprint.__version__ != justify.WEASYPRINT_VERSION, reason="pinned WeasyPrint"
    ),
]

SIZE = 10.0  # pt
EMS = 20
LEFT = 40.0  # page margin, pt
RIGHT = LEFT + SIZE * EMS

PARAGRAPHS = [
    "这5年，奋进的株洲栉风沐雨，砥砺前行。这5年，满怀的豪情荡气回肠，硕果满枝。站在“十三五”"
    "收官的时间点回望，株洲经济社会早已发生了翻天覆地的深刻变化，站在了新的历史方位。",
    "全市地区生产总值GDP突破3000亿元，规模工业增加值年均增长7.8%，中车株洲所主导制定标准13项，"
    "国产大型水陆两栖飞机AG600的发动机就在这里研制，“复兴号”高铁、智轨列车相继问世。",
    "5年来，从企业帮扶年活动到温暖企业行动，持续开展助企活动中，株洲经历了问题帮扶、系统帮扶到"
    "平台帮扶的升级，打造了线上与线下的帮扶网络，构建了温暖在实处、温暖在宽处的株洲模式。",
    "株洲中车时代电气股份有限公司supercalifragilisticexpialidocious这样的长词会留下很宽的行，"
    "可复制的文字仍须与原文一字不差。",
    "他说：“我们要加快发展。”“十三五”时期，《园区升级三年行动方案》《关于加快发展的若干意见》"
    "相继出台，（“两型社会”）建设取得新进展。",
]


@dataclass(frozen=True)
class Line:
    text: str
    x_min: float
    x_max: float


def page(
    paragraphs: list[str],
    markup: bool = False,
    lang: str = "zh-Hans",
    font: str = "Noto Serif CJK SC",
    css: str = "",
) -> str:
    body = "".join(f"<p>{text if markup else html.escape(text)}</p>" for text in paragraphs)
    return f"""<html lang="{lang}"><head><meta charset="utf-8"><style>
    @page {{ size: A4; margin: {LEFT}pt; }}
    body {{ margin: 0; font-family: "{font}"; font-size: {SIZE}pt; line-height: 1.6; }}
    p {{ width: {justify.measure(SIZE, EMS)}; margin: 0 0 8pt; text-align: justify; {css} }}
    </style></head><body>{body}</body></html>"""


def render(tmp_path: Path, source: str, name: str = "out", **options) -> Path:
    pdf = tmp_path / f"{name}.pdf"
    weasyprint.HTML(string=source).write_pdf(pdf, **options)
    return pdf


def bbox_lines(pdf: Path) -> list[Line]:
    """Lines on the page; pdftotext's lines with the same baseline are one line."""
    out = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    lines: list[Line] = []
    last_y = None
    for element in ET.fromstring(out).iter():
        if not element.tag.endswith("}line"):
            continue
        words = "".join(w.text or "" for w in element if w.tag.endswith("}word"))
        line = Line(words, float(element.get("xMin")), float(element.get("xMax")))
        y = float(element.get("yMax"))
        if lines and last_y is not None and abs(y - last_y) < 0.01:
            previous = lines.pop()
            line = Line(previous.text + line.text, previous.x_min, max(previous.x_max, line.x_max))
        lines.append(line)
        last_y = y
    return lines


def by_paragraph(lines: list[Line], paragraphs: list[str]) -> list[list[Line]]:
    result, position = [], 0
    for text in paragraphs:
        wanted, got, own = text.replace(" ", ""), "", []
        while len(got) < len(wanted):
            own.append(lines[position])
            got += lines[position].text
            position += 1
        assert got == wanted
        result.append(own)
    return result


def copied_lines(pdf: Path) -> list[str]:
    out = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return [line for line in out.replace("\f", "\n").split("\n") if line]


def rejoin(lines: list[str], paragraphs: list[str]) -> list[str]:
    """The copied lines put back into paragraphs: a line break may stand for one source space."""
    result, position = [], 0
    for text in paragraphs:
        done = ""
        while len(done) < len(text) and position < len(lines):
            if done and text[len(done)] == " ":
                done += " "
            done += lines[position]
            position += 1
        result.append(done)
    return result


@pytest.fixture
def plain():
    justify.uninstall()
    yield
    justify.uninstall()


@pytest.fixture
def justified():
    assert justify.install()
    yield
    justify.uninstall()


# The rules, without rendering ------------------------------------------------


def test_gaps_are_between_cjk_characters_not_inside_latin_runs():
    text = "的AG600是GDP 和 中文"
    gaps = {text.encode()[:offset].decode()[-1] + "|" for offset in justify.gap_offsets(text)}
    # 的|A, 0|是, 是|G, P|(space: no), 中|文; nothing inside AG600 or GDP
    assert justify.gap_offsets("AG600") == []
    assert justify.gap_offsets("GDP 3000") == []
    assert len(justify.gap_offsets(text)) == 4
    assert gaps == {"的|", "0|", "是|", "中|"}
    assert justify.gap_offsets("破折号——省略号……完") == [3, 6, 9, 15, 18, 21, 24, 30]
    assert justify.gap_offsets("中\u200b文") == []  # nothing visible to widen
    # quotes are full-width in Chinese text, Latin punctuation elsewhere
    assert justify.gap_offsets("”“A") == []
    assert justify.gap_offsets("”“A", east_asian=True) == [3, 6]
    assert justify.is_cjk("。") and justify.is_cjk("か") and not justify.is_cjk("한")


def test_measure_is_a_whole_number_of_ems():
    assert justify.measure(10.5, 20) == "210pt"
    assert justify.measure(9, 23) == "207pt"
    with pytest.raises(ValueError):
        justify.measure(10, 0)


def test_compressible_marks_follow_chws():
    assert justify.compressible("好”。") == [1]  # ”。 -> 1.5 em
    assert justify.compressible("好。「对") == [2]  # 。「: a line may break between them
    assert justify.compressible("（“两型”）。") == [1, 4, 5]  # （“ and ”）。
    assert justify.compressible("》《") == [1]
    assert justify.compressible("中文，中文。") == []
    assert justify.compressible("好。「對」」，", traditional=True) == [4]  # TC stops are centred
    assert justify.is_traditional("zh-Hant-TW") and justify.is_traditional("zh-HK")
    assert not justify.is_traditional("zh-Hans")


# Installing -------------------------------------------------------------------


def test_install_is_idempotent_and_uninstall_restores_weasyprint(plain):
    from weasyprint.layout import inline
    from weasyprint.text.line_break import Layout

    originals = inline.justify_line, Layout.set_text, Layout.get_first_line
    assert justify.install() and justify.install()
    patched = inline.justify_line
    assert patched is not originals[0]
    assert justify.install() and inline.justify_line is patched  # not wrapped twice
    justify.uninstall()
    assert (inline.justify_line, Layout.set_text, Layout.get_first_line) == originals
    assert not justify.is_installed()


def test_install_refuses_another_weasyprint(plain, monkeypatch, caplog):
    from weasyprint.layout import inline

    original = inline.justify_line
    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    with pytest.raises(justify.UnsupportedWeasyPrintError, match="written for WeasyPrint 70.0"):
        justify.install()
    assert justify.install(strict=False) is False
    assert "71.0" in caplog.text
    assert inline.justify_line is original and not justify.is_installed()


# Rendering ----------------------------------------------------------------------


def test_without_install_chinese_lines_are_ragged(tmp_path, plain):
    own = by_paragraph(bbox_lines(render(tmp_path, page(PARAGRAPHS))), PARAGRAPHS)
    short = [RIGHT - line.x_max for lines in own for line in lines[:-1]]
    assert sum(gap > 2 for gap in short) >= 3  # so the test below can fail


@pytest.mark.parametrize(
    ("lang", "font", "css", "indent"),
    [
        ("zh-Hans", "Noto Serif CJK SC", "", 0),
        ("zh-Hant-TW", "Noto Serif CJK TC", "", 0),
        ("zh-Hans", "Noto Sans CJK SC", "text-indent: 2em", 2 * SIZE),
    ],
)
def test_every_non_final_line_is_flush_after_install(tmp_path, justified, lang, font, css, indent):
    source = page(PARAGRAPHS, lang=lang, font=font, css=css)
    own = by_paragraph(bbox_lines(render(tmp_path, source)), PARAGRAPHS)
    for lines in own:
        assert len(lines) > 1
        for number, line in enumerate(lines[:-1]):
            assert abs(RIGHT - line.x_max) < 0.5, line
            assert abs(line.x_min - LEFT - (0 if number else indent)) < 0.01, line


def test_text_align_last_justify_is_honoured(tmp_path, justified):
    source = page(PARAGRAPHS, css="text-align-last: justify")
    own = by_paragraph(bbox_lines(render(tmp_path, source)), PARAGRAPHS)
    assert all(abs(RIGHT - lines[-1].x_max) < 0.5 for lines in own)


def test_final_lines_stay_ragged_and_breaks_do_not_move(tmp_path, plain):
    before = by_paragraph(bbox_lines(render(tmp_path, page(PARAGRAPHS), "before")), PARAGRAPHS)
    justify.install()
    after = by_paragraph(bbox_lines(render(tmp_path, page(PARAGRAPHS), "after")), PARAGRAPHS)
    assert [[line.text for line in lines] for lines in before] == [
        [line.text for line in lines] for lines in after
    ]
    for old, new in zip(before, after, strict=True):
        assert new[-1] == old[-1]  # start aligned, same width: not justified
        assert RIGHT - new[-1].x_max > 5


def test_copied_text_is_the_source_text(tmp_path, justified):
    # one paragraph splits a line across inline boxes, one has a very loose line
    paragraphs = [
        *PARAGRAPHS,
        "株洲中<b>车时代</b>电气<span>股份</span>有限公司"
        "supercalifragilisticexpialidocious这样子的词语。",
    ]
    pdf = render(tmp_path, page(paragraphs, markup=True))
    sources = [re.sub("<[^>]+>", "", text) for text in paragraphs]
    copied = copied_lines(pdf)
    assert rejoin(copied, sources) == sources
    assert len(copied) == len(bbox_lines(pdf))  # no line broken in two
    assert not any("  " in line for line in copied)


def tj_glyphs(pdf: Path) -> list[tuple[int, float]]:
    """(glyph id, TJ adjustment after it) for every glyph shown, from an uncompressed PDF."""
    content = pdf.read_bytes().decode("latin-1")
    glyphs: list[tuple[int, float]] = []
    for array in re.findall(r"\[([^\]]*)\]\s*TJ", content):
        for hexa, number in re.findall(r"<([0-9a-fA-F]*)>|(-?\d+(?:\.\d+)?)", array):
            if hexa:
                glyphs += [(int(hexa[i : i + 4], 16), 0.0) for i in range(0, len(hexa), 4)]
            elif glyphs:
                gid, adjust = glyphs[-1]
                glyphs[-1] = (gid, adjust + float(number))
    return glyphs


def glyph_ids(text: str) -> list[int]:
    from fontTools.ttLib import TTCollection

    path = subprocess.run(
        ["fc-match", "-f", "%{file}", "Noto Serif CJK SC"], capture_output=True, text=True
    ).stdout
    for font in TTCollection(path).fonts:
        if font["name"].getDebugName(1) == "Noto Serif CJK SC":
            cmap = font.getBestCmap()
            return [font.getGlyphID(cmap[ord(char)]) for char in text]
    raise AssertionError("Noto Serif CJK SC not found")


def adjustments_inside(glyphs: list[tuple[int, float]], word: str) -> list[list[float]]:
    """The TJ adjustments between the glyphs of each occurrence of ``word``."""
    ids = glyph_ids(word)
    found = []
    for start in range(len(glyphs) - len(ids) + 1):
        if [gid for gid, _ in glyphs[start : start + len(ids)]] == ids:
            found.append([adjust for _, adjust in glyphs[start : start + len(ids) - 1]])
    return found


def test_latin_words_keep_their_letter_spacing(tmp_path, plain):
    before = tj_glyphs(render(tmp_path, page(PARAGRAPHS), "before", uncompressed_pdf=True))
    justify.install()
    after = tj_glyphs(render(tmp_path, page(PARAGRAPHS), "after", uncompressed_pdf=True))
    for word in ("AG600", "GDP", "3000", "supercalifragilisticexpialidocious"):
        inside = adjustments_inside(after, word)
        assert inside and inside == adjustments_inside(before, word), word
    # while the gaps between Han characters did open: 株洲 is widened somewhere
    assert adjustments_inside(after, "株洲") != adjustments_inside(before, "株洲")


def test_punctuation_compression_shortens_pairs_and_keeps_the_text(tmp_path, plain):
    source = page(["他说“好”。", "中文“中”文"]).replace("text-align: justify", "text-align: left")
    justify.install()
    wide = bbox_lines(render(tmp_path, source, "wide"))
    justify.install(compress_punctuation=True)
    narrow = bbox_lines(render(tmp_path, source, "narrow"))
    assert wide[0].x_max - narrow[0].x_max == pytest.approx(SIZE / 2, abs=0.05)  # ”。 is 1.5 em
    assert narrow[1] == wide[1]  # nothing to compress there
    assert copied_lines(tmp_path / "narrow.pdf") == ["他说“好”。", "中文“中”文"]


def test_compressed_and_justified_lines_are_flush_and_copy_exactly(tmp_path, plain):
    justify.install(compress_punctuation=True)
    pdf = render(tmp_path, page(PARAGRAPHS))
    own = by_paragraph(bbox_lines(pdf), PARAGRAPHS)
    for lines in own:
        for line in lines[:-1]:
            assert abs(RIGHT - line.x_max) < 0.5, line
    assert rejoin(copied_lines(pdf), PARAGRAPHS) == PARAGRAPHS
    assert len(copied_lines(pdf)) == len(bbox_lines(pdf))
