"""bench/typesetting.py: each measurement read back from small pages whose content is known.

The pages are built here with WeasyPrint from HTML that fixes every line: one element per line
(so the breaks are ours, not the line breaker's), Chinese lines of exactly ten 1-em characters in
a 10-em column, English lines justified with `text-align-last`, hyphens typed at line ends.
"""

import importlib.util
import json
import statistics
import sys
from pathlib import Path

import pytest

weasyprint = pytest.importorskip("weasyprint")

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("typesetting", ROOT / "bench" / "typesetting.py")
typesetting = sys.modules.setdefault("typesetting", importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(typesetting)

FULL = "株洲工业发展迅速成效"  # ten characters: a full line of the 10-em column
SHORT = "中国动力谷建设"  # seven characters: 3 em short

# Chinese column, page 1. Paragraph 1: 4 full lines, 2 short, a final line. Paragraph 2: a line
# starting with a closing mark, one ending with an opening mark, a full line, and a last line of
# one character.
ZH_P1 = [FULL, FULL, SHORT, FULL, SHORT, FULL, "全市。"]
ZH_P2 = ["，" + FULL[:9], FULL[:9] + "「", FULL, "一。"]
# English column, page 1: three hyphenated lines in a row, then a paragraph ending on a fragment.
EN_P1 = ["alpha beta gamma gam-", "delta epsilon epsi-", "zeta eta theta the-", "iota kappa."]
EN_P2 = ["lambda mu nu xi omicron", "pi rho sigma tau al-", "pha."]
HEADING_WRAPS = "全面构筑现代产业体系"  # 10 characters at 1.4 em in a 10-em column: 7 + 3 ...
HEADING_ONE = "全面构筑现代产业"  # ... and 8 characters: 7 + 1, a single-character last line
HEADING_FITS = "制造强市"

CSS = """
@page { size: %(size)s; margin: 60pt 30pt; %(furniture)s }
body { margin: 0; font-family: "Noto Serif CJK SC"; font-size: 10pt; line-height: 15pt; }
div.l { white-space: nowrap; }
.en div.l { text-align: justify; text-align-last: justify; white-space: normal; }
.en div.l.last { text-align-last: left; }
table { border-collapse: collapse; table-layout: fixed; width: 320pt; }
td { vertical-align: top; padding: 0 0 8pt 0; }
td.zh { width: 100pt; padding-right: 10pt; }
td.en { width: 200pt; padding-left: 10pt; padding-top: 3pt; }
h2 { font-size: 14pt; line-height: 20pt; width: 100pt; margin: 0 0 8pt; font-weight: normal; }
div.p { margin: 0 0 8pt; }
"""
FURNITURE = '@top-center { content: "Running head"; font-size: 8pt; } ' + (
    "@bottom-center { content: counter(page); font-size: 8pt; }"
)


def lines(texts: list[str]) -> str:
    return "".join(
        f'<div class="l{" last" if i == len(texts) - 1 else ""}">{t}</div>'
        for i, t in enumerate(texts)
    )


def render(tmp_path: Path, name: str, body: str, size: str = "A5", furniture: str = "") -> Path:
    html = (
        f"<html><head><style>{CSS % {'size': size, 'furniture': furniture}}</style></head>"
        f"<body>{body}</body></html>"
    )
    out = tmp_path / f"{name}.pdf"
    weasyprint.HTML(string=html).write_pdf(out)
    return out


@pytest.fixture(scope="module")
def side_by_side(tmp_path_factory) -> dict:
    """Page 1: the bilingual grid. Page 2: three headings and a paragraph ending in italics."""
    tmp = tmp_path_factory.mktemp("typesetting")
    rows = "".join(
        f'<tr><td class="zh" lang="zh-Hans">{lines(zh)}</td>'
        f'<td class="en" lang="en">{lines(en)}</td></tr>'
        for zh, en in ((ZH_P1, EN_P1), (ZH_P2, EN_P2))
    )
    page2 = (
        f'<div style="break-before: page" lang="zh-Hans"><h2>{HEADING_ONE}</h2>'
        f"<h2>{HEADING_FITS}</h2><h2>{HEADING_WRAPS}</h2>"
        f'<div class="p">{lines([FULL, FULL, "完成<i>斜体</i>。"])}</div></div>'
    )
    pdf = render(tmp, "grid", f"<table>{rows}</table>{page2}", furniture=FURNITURE)
    return typesetting.measure(pdf)


def test_ragged_chinese_lines_are_counted_against_the_column_edge(side_by_side):
    zh = side_by_side["chinese"]
    # non-final lines: 6 in paragraph 1, 3 in paragraph 2, 2 in the paragraph of page 2
    assert zh["nonfinal"] == 6 + 3 + 2
    assert zh["short_over_1pt"] == 2
    assert zh["short_over_2pt"] == 2
    assert zh["worst_shortfall_em"] == pytest.approx(3.0, abs=0.02)
    assert zh["share_over_2pt"] == pytest.approx(2 / 11, abs=1e-3)
    assert zh["past_edge_over_1pt"] == 0
    assert zh["paragraphs_ending_in_one_character"] == 1  # "一。"
    (column,) = [c for c in side_by_side["columns"] if c["script"] == "zh" and c["body_lines"]]
    assert column["measure_em"] == pytest.approx(10.0, abs=0.01)


def test_line_start_and_line_end_punctuation(side_by_side):
    k = side_by_side["kinsoku"]
    assert (k["start_with_closing"], k["end_with_opening"]) == (1, 1)


def test_hyphens_ladders_and_fragments(side_by_side):
    en = side_by_side["english"]
    assert en["body_lines"] == len(EN_P1) + len(EN_P2)
    assert en["paragraphs"] == 2
    assert en["hyphenated"] == 4
    assert en["longest_hyphen_run"] == 3
    assert en["runs_of_3_or_more"] == 1
    assert en["fragment_last_lines"] == 1
    assert en["fragments"][0]["text"] == "pha."


def test_characters_per_line(side_by_side):
    nonfinal_en = EN_P1[:-1] + EN_P2[:-1]
    assert side_by_side["chars_per_line"]["en"] == statistics.median(len(t) for t in nonfinal_en)
    assert side_by_side["chars_per_line"]["zh"] == 10


def test_column_fill_and_baseline_offset(side_by_side):
    assert side_by_side["layout"] == "side by side"
    fill = side_by_side["fill"]
    assert fill["full_pages"] == 1  # page 2 stops short
    (page,) = fill["pages"]
    assert page["zh_pt"] == pytest.approx(15 * (len(ZH_P1) + len(ZH_P2)), abs=0.5)
    assert page["en_pt"] == pytest.approx(15 * (len(EN_P1) + len(EN_P2)), abs=0.5)
    assert fill["mean_ratio"] == pytest.approx(11 / 7, abs=0.01)
    b = side_by_side["baselines"]
    assert b["body_pairs"] == 2
    # the English cell is padded 3 pt down; both columns are set in the same face and size
    assert b["median_abs_pt"] == pytest.approx(3.0, abs=0.05)
    assert b["max_abs_pt"] == pytest.approx(3.0, abs=0.05)
    assert b["median_signed_pt"] > 0


def test_heading_with_one_character_last_line(side_by_side):
    h = side_by_side["headings"]
    assert h["chinese_headings"] == 3
    assert h["wrapped"] == 2
    assert h["single_character_last_lines"] == 1
    assert h["examples"][0]["lines"][-1] == HEADING_ONE[-1]


def test_running_heads_and_folios_are_left_out(side_by_side):
    assert side_by_side["furniture_lines"] == 4  # a running head and a folio on each page
    assert side_by_side["lines_without_pdf_operation"] == 0


def test_fonts_per_script_flag_an_oblique_face_drawing_han(side_by_side):
    fonts = side_by_side["fonts"]
    assert any("CJK" in name for name in fonts["han_fonts"])
    assert fonts["oblique_han_fonts"], fonts["han_fonts"]
    assert all(f["embedded"] for f in fonts["fonts"] if f["type"] != "?")


def test_stacked_layout_on_letter(tmp_path):
    """English under its Chinese at full measure: one column per script, nothing side by side."""
    full = FULL * 3  # 30 characters: the 30-em column of this page
    zh = [full, full, full[:24], full, "完。"]
    en = [
        "alpha beta gamma delta epsilon zeta omi-",
        "cron pi rho sigma tau upsilon phi chi",
        "psi.",
    ]
    body = "".join(
        f'<div lang="zh-Hans" style="width: 300pt; margin-bottom: 8pt">{lines(zh)}</div>'
        f'<div class="en" lang="en" style="width: 300pt; margin-bottom: 8pt">{lines(en)}</div>'
        for _ in range(2)
    )
    m = typesetting.measure(render(tmp_path, "stacked", body, size="Letter"))
    assert m["paper"] == "Letter"
    assert m["layout"] == "stacked"
    assert m["fill"]["full_pages"] == 0
    assert m["baselines"]["body_pairs"] == 0
    assert m["chinese"]["nonfinal"] == 8
    assert m["chinese"]["short_over_2pt"] == 2
    assert m["chinese"]["worst_shortfall_em"] == pytest.approx(6.0, abs=0.02)
    assert m["english"]["hyphenated"] == 2
    assert m["chars_per_line"]["zh"] == 30


def test_first_line_indent_separates_paragraphs_without_space(tmp_path):
    """Two-em indents and no paragraph space (the justified design the issue asks for)."""
    para = '<div class="l" style="text-indent: 2em">' + FULL[:8] + "</div>"
    para += lines([FULL, SHORT, FULL, "完。"])
    body = f'<div lang="zh-Hans" style="width: 100pt">{para * 3}</div>'
    m = typesetting.measure(render(tmp_path, "indent", body, size="A4"))
    assert m["chinese"]["paragraphs"] == 3
    assert m["chinese"]["nonfinal"] == 3 * 4
    assert m["chinese"]["short_over_2pt"] == 3


def test_command_prints_json(side_by_side, capsys):
    assert typesetting.main([side_by_side["pdf"], "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["chinese"]["nonfinal"] == side_by_side["chinese"]["nonfinal"]
    assert typesetting.main([side_by_side["pdf"]]) == 0
    assert "ending > 2 pt short" in capsys.readouterr().out
