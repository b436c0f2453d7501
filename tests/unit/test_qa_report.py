import json
import re
from pathlib import Path

import pytest

from publisher import check
from publisher.check.findings import CHECKS
from publisher.document import Block, BlockKind, Document, Provenance, Segment
from publisher.errors import OutputError
from publisher.terms.glossary import Glossary, Term
from publisher.writers import qa_report
from tests.support.documents import prepared

TERMS = Glossary([Term(id="crrc", zh_hans="中车株机", en="CRRC Zhuzhou Locomotive")], "v1")


def small_doc() -> Document:
    segments = (
        Segment(
            "s1",
            "中车株机投资150亿元。",
            "<script>alert(1)</script> invested 150 billion yuan.",
            Provenance.APPROVED,
        ),
        Segment("s2", "这5年发展很快。", None),
    )
    text = "".join(s.zh for s in segments)
    return prepared(Document("small", (Block(BlockKind.PARAGRAPH, text, 1, segments),)), TERMS)


def test_report_counts_and_summary():
    r = check.run(small_doc(), TERMS)
    assert r.counts["numbers"]["error"] == 1 and r.counts["terms"]["error"] == 1
    assert r.counts["completeness"]["error"] == 1
    assert len(r.errors) == 3 and all(f.severity == "error" for f in r.errors)
    assert set(r.counts) == set(CHECKS)
    summary = r.summary()
    assert summary.splitlines()[0] == f"QA: 3 errors, {len(r.warnings)} warnings"
    assert "Numbers and units" in summary and "tier 1 (likely errors)" in summary


def test_write_makes_html_and_json_atomically(tmp_path, monkeypatch):
    doc = small_doc()
    r = check.run(doc, TERMS)
    html_path, json_path = qa_report.write(r, doc, tmp_path / "out", "small")
    assert (html_path.name, json_path.name) == ("small.qa.html", "small.qa.json")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "small.qa.html",
        "small.qa.json",
    ]
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert data["errors"] == 3 and data["counts"] == {c: dict(n) for c, n in r.counts.items()}
    assert data["extra"]["traditional"]["occurrences"] > 0
    assert all("decided_by" in f for f in data["findings"] if f["check"] == "traditional")

    # A write that dies half-way (disk full) leaves the previous report whole, and no debris.
    before = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()}

    def half_then_fail(self, data):
        with open(self, "wb") as f:
            f.write(data[: len(data) // 2])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", half_then_fail)
    other = doc.map_segments(lambda s: Segment(s.id, s.zh, "Other English.", Provenance.APPROVED))
    with pytest.raises(OutputError, match="No space left on device"):
        qa_report.write(check.run(other, TERMS), other, tmp_path / "out", "small")
    assert {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()} == before


def test_html_is_escaped_highlighted_and_self_contained(tmp_path):
    doc = small_doc()
    page = qa_report.html(check.run(doc, TERMS), doc)
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert "<mark>150亿元</mark>" in page and "<mark>150 billion</mark>" in page
    assert not re.search(r"<link|<script|<img|\bsrc=|@import|url\(", page)
    assert page.rstrip().endswith("</html>")


def test_seed_with_its_approved_translation(seed_report):
    r = seed_report
    assert [f.reason for f in r.by_check("numbers") if f.severity == "error"] == []
    assert [f.reason for f in r.by_check("terms") if f.severity == "error"] == []
    repeats = [f for f in r.by_check("source") if "repeats" in f.reason]
    assert len(repeats) == 1 and "line 29 repeats the paragraph at line 27" in repeats[0].reason
    trad = r.by_check("traditional")
    tiers = [f.detail["tier"] for f in trad]
    assert tiers and tiers == sorted(tiers) and set(tiers) == {1, 2}
    totals = r.extra["traditional"]
    assert totals["tier1"] + totals["tier2"] == len(trad) < 40
    assert totals["tier3"] == len(totals["folded"]) > 0
    words = {f.detail["word_zh"]: f.detail for f in trad}
    assert words["风斗"]["word_hant"] == "風鬥" and "weak-phrase" in words["风斗"]["kinds"]
    assert words["换挡"]["word_hant"] == "換檔" and "hazard" in words["换挡"]["kinds"]


def test_seed_report_renders(seed_prepared, seed_report, tmp_path):
    doc = seed_prepared.doc
    html_path, _ = qa_report.write(seed_report, doc, tmp_path, doc.name)
    page = html_path.read_text(encoding="utf-8")
    assert "QA report: zhuzhou-2020" in page and "Tier 1: likely errors" in page
