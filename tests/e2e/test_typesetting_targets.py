"""The seed's typesetting, measured by bench/typesetting.py, against issue 12's targets."""

import importlib.util
import sys
from pathlib import Path

import pytest

from publisher.config import BuildConfig, LayoutConfig
from publisher.pipeline import build
from tests.support import GLOSSARY, SEED

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("typesetting", ROOT / "bench" / "typesetting.py")
typesetting = sys.modules.setdefault("typesetting", importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(typesetting)

FACES = {"zh-Hans-en": "SC", "zh-Hant-en": "TC", "zh-Hans": "SC", "zh-Hant": "TC", "en": None}


@pytest.fixture(scope="module")
def editions(tmp_path_factory):
    out = tmp_path_factory.mktemp("typesetting")
    config = BuildConfig(source=SEED, out_dir=out, glossary_dir=GLOSSARY, machine=False)
    result = build(BuildConfig(**{**config.__dict__, "editions": tuple(FACES)}))
    a5 = build(
        BuildConfig(
            **{
                **config.__dict__,
                "out_dir": out / "a5",
                "editions": ("zh-Hans-en",),
                "layout": LayoutConfig(paper="A5"),
            }
        )
    )
    pdfs = {p.name.split(".")[1]: typesetting.measure(p) for p in result.outputs}
    pdfs["A5"] = typesetting.measure(a5.outputs[0])
    return pdfs


@pytest.mark.parametrize("key", ["zh-Hans-en", "zh-Hant-en", "en", "A5"])
def test_english_hyphenation_under_12_percent_and_no_ladder_of_three(editions, key):
    english = editions[key]["english"]
    assert english["share_hyphenated"] < 0.12
    assert english["runs_of_3_or_more"] == 0 and english["fragment_last_lines"] == 0


@pytest.mark.parametrize("key", list(FACES) + ["A5"])
def test_no_one_character_heading_line_and_no_oblique_han(editions, key):
    m = editions[key]
    assert m["headings"]["single_character_last_lines"] == 0
    assert not m["fonts"]["oblique_han_fonts"] and not m["fonts"]["small_caps_han_fonts"]


@pytest.mark.parametrize("key", [k for k, face in FACES.items() if face])
def test_han_is_drawn_in_the_editions_faces_only(editions, key):
    face = FACES[key]
    assert editions[key]["fonts"]["han_fonts"]
    assert all(f"-CJK-{face}" in name for name in editions[key]["fonts"]["han_fonts"])


def test_one_language_editions_are_set_at_a_readable_measure(editions):
    assert 60 <= editions["en"]["chars_per_line"]["en"] <= 75
    for key in ("zh-Hans", "zh-Hant"):
        assert 30 <= editions[key]["chars_per_line"]["zh"] <= 35


@pytest.mark.parametrize("key", ["zh-Hans-en", "zh-Hant-en", "A5"])
def test_both_columns_fill_alike_on_full_pages(editions, key):
    """The Chinese column within 10% of its English, on average over the full pages (measured
    on the seed: 0.96 / 0.94 / 0.97, the lowest page 0.85 / 0.85 / 0.86; with the 40/60 split,
    0.81 / 0.80, the lowest 0.75, and holes of 101 pt)."""
    fill = editions[key]["fill"]
    assert fill["full_pages"] >= 5
    assert fill["mean_ratio"] >= 0.90
    assert fill["min_ratio"] >= 0.80


@pytest.mark.parametrize("key", ["zh-Hans-en", "zh-Hant-en", "A5"])
def test_the_columns_share_their_baselines(editions, key):
    b = editions[key]["baselines"]
    assert b["body_pairs"] >= 20 and b["all_pairs"] > b["body_pairs"]  # headings paired too
    assert b["max_abs_pt"] < 0.5 and b["all_max_abs_pt"] < 0.5


@pytest.mark.parametrize("key", ["zh-Hans-en", "zh-Hant-en", "A5"])
def test_the_chinese_measure_is_a_whole_number_of_ems(editions, key):
    widest = max(
        (c for c in editions[key]["columns"] if c["script"] == "zh" and c["body_lines"]),
        key=lambda c: c["body_lines"],
    )
    assert widest["measure_em"] == pytest.approx(round(widest["measure_em"]), abs=0.05)
    assert round(widest["measure_em"]) >= 12  # 16 on A4, 12 on A5


@pytest.mark.parametrize("key", ["zh-Hans-en", "zh-Hant-en", "A5"])
def test_chinese_lines_stay_flush_and_no_paragraph_ends_on_one_character(editions, key):
    assert editions[key]["chinese"]["share_over_1pt"] < 0.03
    assert editions[key]["chinese"]["paragraphs_ending_in_one_character"] == 0
