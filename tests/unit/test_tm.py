"""Translation memory: the project's approved pairs and tm/*.tmx, exact and fuzzy matches."""

import re
import shutil
from pathlib import Path

from publisher.cli import main
from publisher.document import Provenance
from publisher.read import markdown
from publisher.segment import segment
from publisher.stores import tm, xliff
from publisher.translate.tm import MemoryProvider, TranslationMemory, band

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def _memory():
    return TranslationMemory(
        [
            tm.Pair("株洲是中国动力谷。", "Zhuzhou is China Power Valley.", "a.xlf"),
            tm.Pair("今年工业增长了百分之八。", "Industry grew by 8% this year.", "b.tmx"),
        ]
    )


def test_exact_matches_fill_as_memory_and_fuzzy_ones_do_not():
    doc = segment(markdown.parse("株洲是中国动力谷。今年工业增长了百分之九。\n"))
    out = MemoryProvider(_memory()).fill(doc)
    first, second = out.segments()
    assert first.provenance == Provenance.MEMORY and first.en == "Zhuzhou is China Power Valley."
    assert second.provenance == Provenance.MISSING
    (m,) = _memory().matches(second.zh)
    assert m.target == "Industry grew by 8% this year." and 75 <= m.score < 100
    assert band(m.score) in ("85-94%", "95-99%")
    assert _memory().matches("完全不同的一句话。") == []


def test_project_pairs_read_every_translation_file_and_tm_folder(tmp_path):
    shutil.copy(SEEDS / "zhuzhou-2020.en.xlf", tmp_path / "a.en.xlf")
    (tmp_path / "tm").mkdir()
    pairs = [tm.Pair("一句新话。", "A new sentence.", "x")]
    (tmp_path / "tm" / "extra.tmx").write_bytes(tm.tmx_bytes(pairs))
    found = tm.project_pairs(tmp_path)
    assert len(found) == 97 and found[-1] == tm.Pair("一句新话。", "A new sentence.", "extra.tmx")


def test_export_offers_fuzzy_memory_matches_as_drafts_to_review(tmp_path):
    (tmp_path / "tm").mkdir()
    (tmp_path / "tm" / "old.tmx").write_bytes(
        tm.tmx_bytes([tm.Pair("今年工业增长了百分之八。", "Industry grew by 8% this year.", "x")])
    )
    source = tmp_path / "r.zh.md"
    source.write_text("今年工业增长了百分之九。\n", encoding="utf-8")
    out = tmp_path / "out.xlf"
    assert main(["xliff", "export", str(source), "-o", str(out)]) == 0
    (unit,) = xliff.units_of(xliff.parse(out.read_bytes()))
    assert unit.state == "needs-review-translation"
    assert unit.target == "Industry grew by 8% this year."
    assert unit.alts[0].origin == "tm:old.tmx" and 75 <= (unit.alts[0].quality or 0) < 100


def test_no_memory_turns_the_translation_memory_off(tmp_path, capsys):
    (tmp_path / "tm").mkdir()
    (tmp_path / "tm" / "old.tmx").write_bytes(tm.tmx_bytes(_memory().pairs))
    source = tmp_path / "r.zh.md"
    source.write_text("株洲是中国动力谷。\n", encoding="utf-8")
    assert main(["status", str(source)]) == 0
    assert re.search(r"^100%\s+1\s", capsys.readouterr().out, re.M)
    assert main(["status", str(source), "--no-memory"]) == 0
    assert re.search(r"^new\s+1\s", capsys.readouterr().out, re.M)


def test_a_damaged_file_of_another_report_is_left_out_of_the_memory_with_a_word(tmp_path, capsys):
    """Defect: another report's broken translation file in the folder stopped this one's build."""
    (tmp_path / "other.en.xlf").write_text("<xliff><unclosed>", encoding="utf-8")
    source = tmp_path / "r.zh.md"
    source.write_text("株洲是中国动力谷。\n", encoding="utf-8")
    assert main(["qa", str(source), "--out", str(tmp_path / "out"), "--no-mt"]) == 0
    out = capsys.readouterr().out
    assert (
        "other.en.xlf: not a readable XLIFF" in out and "left out of the translation memory" in out
    )
    assert main(["tm", "export", str(tmp_path), "-o", str(tmp_path / "m.tmx")]) == 5
