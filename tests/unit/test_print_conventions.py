"""The conventions a typesetter checks, read from each edition's HTML and the stylesheet.

Fonts per edition, running heads, folios and the colophon in the edition's languages, headings
that break at punctuation, the glossary appendix, English hyphenation and figures.
"""

import re

import pytest

from publisher.config import EDITIONS, LayoutConfig
from publisher.document import Block, BlockKind, Document, Provenance, Segment, TermUse
from publisher.terms.glossary import Glossary, Term
from publisher.writers import writer_for
from publisher.writers.html import (
    glossary_entries,
    heading_breaks,
    short_head,
    templates,
    worth_a_gloss,
)
from tests.support.documents import prepared

TERMS = Glossary(
    [
        Term(id="zz", zh_hans="株洲", en="Zhuzhou"),
        Term(id="cv", zh_hans="中国动力谷", en="China Power Valley"),
        Term(id="ta", zh_hans="陶瓷", en="ceramic"),
        Term(id="yy", zh_hans="亿元", en="100 million yuan", domain="unit"),
    ],
    "v1",
)
CSS = (templates() / "print.css").read_text(encoding="utf-8")


def hand_made() -> Document:
    heading = Segment(
        "h1", "中国动力谷，全面构筑现代产业体系", "China Power Valley", Provenance.APPROVED
    )
    para = Segment(
        "s1", "株洲陶瓷产值40亿元，中国动力谷发展很快。", "Zhuzhou grows fast.", Provenance.APPROVED
    )
    return Document(
        "hand",
        (
            Block(BlockKind.TITLE, "简报", 1),
            Block(BlockKind.HEADING, heading.zh, 2, (heading,)),
            Block(BlockKind.PARAGRAPH, para.zh, 3, (para,)),
        ),
    )


def html(key: str, variant: str = "tw", layout: LayoutConfig | None = None) -> str:
    doc = prepared(hand_made(), TERMS, variant)
    edition, layout = EDITIONS[key], layout or LayoutConfig()
    return writer_for(edition, layout).html(doc, edition, layout)


def colophon(page: str) -> str:
    return page[page.index('<section class="colophon"') :]


@pytest.mark.parametrize(
    ("key", "variant", "face"),
    [
        ("zh-Hans-en", "tw", "SC"),
        ("zh-Hans", "tw", "SC"),
        ("zh-Hant-en", "tw", "TC"),
        ("zh-Hant", "tw", "TC"),
        ("zh-Hant-en", "hk", "HK"),
        ("zh-Hant", "hk", "HK"),
    ],
)
def test_each_edition_sets_its_own_cjk_faces_everywhere_furniture_included(key, variant, face):
    page = html(key, variant)
    style = page[page.index("<style>") : page.index("</style>")]
    assert f'--zh-font: "Noto Serif CJK {face}"' in style
    assert f'--zh-sans: "Noto Sans CJK {face}"' in style
    for box in ("@bottom-center", "@top-left", "@top-right"):
        fonts = re.search(box + r" \{ font-family: ([^;]+);", style)
        assert fonts and f"Noto Serif CJK {face}" in fonts.group(1)
        assert not re.search(r"CJK (SC|TC|HK)", fonts.group(1).replace(f"CJK {face}", ""))
    # No face of another region anywhere in the stylesheet the edition loads.
    others = {"SC", "TC", "HK"} - {face}
    assert not any(f"CJK {other}" in style for other in others)
    # The stylesheet itself names a CJK face only as the default of the two variables.
    named = re.findall(r"[^\n]*Noto (?:Serif|Sans) CJK (?:SC|TC|HK)[^\n]*", CSS)
    assert len(named) == 2 and all(line.strip().startswith("--zh-") for line in named)


def test_no_running_head_or_folio_asks_for_italic_or_page_of():
    boxes = re.findall(r"@(?:top|bottom)-[a-z]+ \{[^}]*\}", CSS)
    assert boxes and not any("italic" in box or "oblique" in box for box in boxes)
    assert "content: counter(page);" in CSS and "counter(pages)" not in CSS


def test_running_heads_speak_the_editions_languages():
    # Up to the first comma or colon: a bilingual head stays on one line, on A5 too.
    assert 'data-section="中国动力谷 · China Power Valley"' in html("zh-Hans-en")
    assert 'data-section="中国动力谷"' in html("zh-Hans")
    assert short_head("Service innovation, step by step") == "Service innovation"
    assert short_head("一，产业") == "一，产业"
    assert 'data-section="China Power Valley"' in html("en")


def test_the_colophon_is_in_the_editions_languages():
    zh, hant, en, both = (colophon(html(k)) for k in ("zh-Hans", "zh-Hant", "en", "zh-Hans-en"))
    assert "关于本版" in zh and "About this edition" not in zh and "segment" not in zh
    assert "關於本版" in hant and "About this edition" not in hant
    assert "About this edition" in en and "关于本版" not in en
    assert "关于本版" in both and "About this edition" in both
    assert 'lang="zh-Hans"' in zh
    # No English but the fingerprint's words and digests, tagged as English for a screen reader.
    assert zh.count('lang="en"') == zh.count('class="fingerprint" lang="en"') == 1
    # The contents list names the colophon in the same languages.
    toc = html("zh-Hans")
    toc = toc[toc.index('<nav class="toc"') : toc.index("</nav>")]
    assert "关于本版" in toc and "About this edition" not in toc


def test_a_chinese_heading_breaks_only_at_punctuation_and_never_leaves_one_character():
    marked = str(heading_breaks("中国动力谷，全面构筑现代产业体系"))
    assert marked == (
        '<span class="nb">中国动力谷，</span><wbr><span class="nb">全面构筑现代产业体系</span>'
    )
    long = str(heading_breaks("一二三四五六七八九十甲乙丙丁"))
    assert long.endswith('<span class="nb">乙丙丁</span>')
    # The report's title, in display type, may break inside a run of 7 characters or more.
    title = str(heading_breaks("澎湃动能绘就凯歌以行", 6))
    assert title == '澎湃动能绘就凯<span class="nb">歌以行</span>'
    assert "中国动力谷，</span><wbr>" in html("zh-Hans-en")
    assert re.search(r'\[lang\|="zh"\] span\.nb \{ white-space: nowrap; \}', CSS)


def test_the_glossary_keeps_names_and_units_and_drops_common_words():
    assert worth_a_gloss(TermUse("株洲", "株洲", "Zhuzhou"))
    assert worth_a_gloss(TermUse("亿元", "億元", "100 million yuan"))
    assert not worth_a_gloss(TermUse("陶瓷", "陶瓷", "ceramic"))
    assert not worth_a_gloss(TermUse("经济下行", "經濟下行", "economic downturn"))
    page = html("zh-Hans-en")
    appendix = page[page.index('id="glossary"') : page.index('<section class="colophon"')]
    assert "100 million yuan" in appendix and "ceramic" not in appendix


def test_the_glossary_is_sorted_by_the_editions_first_language():
    terms = (
        TermUse("株洲", "株洲", "Zhuzhou"),
        TermUse("中国动力谷", "中國動力谷", "China Power Valley"),
        TermUse("醴陵", "醴陵", "Liling"),
        TermUse("安仁", "安仁", "Anren"),
    )
    by_pinyin = [e["zh"] for e in glossary_entries(terms, False, "zh")]
    assert by_pinyin == ["安仁", "醴陵", "中国动力谷", "株洲"]  # an, li, zhong, zhu
    by_english = [e["en"] for e in glossary_entries(terms, True, "en")]
    assert by_english == ["Anren", "China Power Valley", "Liling", "Zhuzhou"]
    assert [e["zh"] for e in glossary_entries(terms, True, "zh")][2] == "中國動力谷"
    assert re.search(r"\.terms \{[^}]*column-fill: balance", CSS)


def test_english_hyphenation_limits_and_lining_figures():
    english = CSS[CSS.index('[lang="en"] {') :]
    english = english[: english.index("}")]
    assert "hyphenate-limit-chars: 6 3 3" in english
    assert "hyphenate-limit-zone" in english
    assert "lining-nums" in english
    assert not re.search(r"font-variant-numeric:[^;]*oldstyle", CSS)


def test_english_bold_is_a_complete_face_not_the_eb_garamond_stub():
    rule = re.search(r"\n([^{}]*tr\.heading td\.en[^{}]*)\{\s*font-family: var\(--en-bold\);", CSS)
    assert rule and '[lang="en"] b' in rule.group(1)
    assert re.search(r'--en-bold: "Noto Serif"', CSS)


def test_marks_are_refused_rather_than_drawn_inside_the_bleed():
    from publisher.errors import RenderError

    with pytest.raises(RenderError, match="inside the bleed"):
        html("zh-Hans-en", layout=LayoutConfig(bleed="3mm", marks="crop"))
    assert "bleed: 3mm" in html("zh-Hans-en", layout=LayoutConfig(bleed="3mm"))


def test_blank_pages_pad_to_a_multiple():
    from publisher.writers.html import blank_pages

    assert [blank_pages(n, 4) for n in (13, 14, 15, 16, 17)] == [3, 2, 1, 0, 3]
    assert blank_pages(13, 0) == blank_pages(13, 1) == 0
    assert "blank-page" not in html("zh-Hans-en")
    assert re.search(r"div\.blank-page \{ page: blank; break-before: page;", CSS)


def test_an_english_paragraph_never_ends_on_a_hyphenated_fragment():
    page = html("zh-Hans-en")
    # "fast." alone would be a fragment of a last line: it is held to the word before it
    assert 'Zhuzhou <span class="whole keep">grows fast.</span>' in page
    assert re.search(r'\[lang="en"\] span\.keep \{ white-space: nowrap; \}', CSS)
    assert re.search(r'\[lang="en"\] span\.whole \{ hyphens: manual; \}', CSS)


def test_a_chinese_paragraph_never_ends_on_one_character():
    from publisher.writers.html import _last_chars_together

    assert '，中国动力谷发展<span class="nb">很快。</span>' in html("zh-Hans-en")
    assert str(_last_chars_together("其中：", ())) == '<span class="nb">其中：</span>'
    assert _last_chars_together("是。", ()) is None  # one character: nothing to hold


def test_a5_keeps_its_hierarchy_title_and_headings_above_body_captions_below():
    # Sizes come through variables, so no class selector outranks the title or heading rules.
    assert not re.search(r"\.paper-A5 td\.(zh|en) \{ font-size", CSS)
    a5 = re.search(r"\.paper-A5 \{([^}]*)\}", CSS)
    assert a5 and "--zh-size: 9pt" in a5.group(1) and "--en-size: 9.5pt" in a5.group(1)
    sizes = " ".join(re.findall(r"\.paper-A5 \{([^}]*)\}", CSS))
    assert "--zh-display: 15pt" in sizes and "--en-caption: 8.5pt" in sizes
    assert "--zh-head: 10.5pt" in sizes and "--en-head: 10pt" in sizes
    assert re.search(r'\.paper-A5 \[lang="en"\] \{ hyphenate-limit-zone: 18%; \}', CSS)


def test_one_language_editions_have_a_readable_measure():
    from publisher.writers.html import side_margins

    assert side_margins("A4", ["en"]) == "51.0mm"  # 210 - 2 x 51 = 108 mm: about 66 characters
    assert side_margins("A4", ["zh"]) == "39.0mm"  # 132 mm: 34 characters at 11 pt
    assert side_margins("A5", ["zh"]) is None  # A5's own 122 mm: 31 characters
    assert side_margins("A4", ["zh", "en"]) is None
    assert "@page { margin-left: 51.0mm; margin-right: 51.0mm; }" in html("en")
    assert re.search(r"\.cols-1\.zh-Hans, \.cols-1\.zh-Hant \{ --zh-size: 11pt;", CSS)
    assert 'class="zh-Hans cols-1' in html("zh-Hans") and 'class="en-only cols-1' in html("en")


def _root(name: str, scope: str = ":root") -> float:
    block = re.search(re.escape(scope) + r" \{([^}]*)\}", CSS)
    assert block, scope
    value = re.search(re.escape(name) + r": ([0-9.]+)", block.group(1))
    assert value, (scope, name)
    return float(value.group(1))


def test_the_baseline_shift_constants_are_the_fonts_own_metrics():
    """--mid-*: (hhea ascent - descent) / 2 per em, what places a face's baseline in its line."""
    import shutil
    import subprocess

    fontTools = pytest.importorskip("fontTools.ttLib")
    if not shutil.which("fc-match"):
        pytest.skip("no fontconfig")
    faces = {
        "--mid-serif-cjk": "Noto Serif CJK SC",
        "--mid-sans-cjk": "Noto Sans CJK SC:bold",
        "--mid-garamond": "EB Garamond",
        "--mid-noto-serif": "Noto Serif:bold",
    }
    for name, pattern in faces.items():
        found = subprocess.run(
            ["fc-match", "-f", "%{file}|%{index}", pattern], capture_output=True, text=True
        ).stdout
        path, index = found.split("|")
        font = fontTools.TTFont(path, fontNumber=int(index or 0), lazy=True)
        hhea, upm = font["hhea"], font["head"].unitsPerEm
        mid = (hhea.ascent + hhea.descent) / 2 / upm  # descent is negative
        assert _root(name) == pytest.approx(mid, abs=0.0006), (name, path)


# The split of the bilingual grid, as print.css derives it: English at 0.4 em a character, 4.5
# English characters a Chinese character; text width less two gutters and the rule.
EN_EM_PER_CHAR, EN_PER_ZH = 0.4, 4.5
TEXT_PT = {"A4": (210 - 36) * 72 / 25.4, "Letter": 612 - 108.0, "A5": (148 - 26) * 72 / 25.4}
GUTTERS_PT = 2 * 5 * 72 / 25.4 + 0.4


@pytest.mark.parametrize("paper", ["A4", "Letter", "A5"])
def test_the_chinese_column_is_whole_ems_in_proportion_to_its_english(paper):
    scope = ".paper-A5" if paper == "A5" else ":root"
    zh, en, chars = (_root(n, scope) for n in ("--zh-size", "--en-size", "--zh-chars"))
    assert chars == int(chars)  # a whole number of characters, so of ems
    usable = TEXT_PT[paper] - GUTTERS_PT
    share = zh / (zh + EN_PER_ZH * EN_EM_PER_CHAR * en)
    assert chars == round(share * usable / zh)
    english = (usable - chars * zh) / (0.41 * en)  # 0.41 em: measured on justified lines
    assert 52 <= english <= 75
    assert re.search(
        r"\.cols-2 col\.zh \{\s*width: calc\(var\(--zh-chars\) \* var\(--zh-size\) "
        r"\+ var\(--gutter\) \+ var\(--rule-width\) / 2\);",
        CSS,
    )


def test_rows_space_in_half_lines_and_cells_share_one_leading():
    assert re.search(r"table\.rows td \{[^}]*padding: 0 0 calc\(var\(--leading\) / 2\) 0;", CSS)
    assert not re.search(r"tr\.list_item td \{[^}]*padding-bottom", CSS)
    title = re.findall(r"tr\.section_title td\.(?:zh|en) \{[^}]*line-height: ([^;]*);", CSS)
    assert title == ["calc(1.5 * var(--leading))"] * 2
    assert re.search(
        r"\.cols-2 table\.rows td\.en > \* \{ position: relative; top: var\(--drop\); \}", CSS
    )
