"""The checks keep each segment's own results between runs: an edit re-checks its segments only,
and what they report is what a fresh check reports."""

from dataclasses import replace

from publisher import check
from publisher.check import memo_at
from publisher.stores import tsv


def report_json(report):
    return {**report.to_json(), "queries": [q.id for q in report.queries]}


def test_a_second_run_checks_nothing_anew_and_reports_the_same(
    seed_prepared, seed_glossary, tmp_path
):
    doc, memo = seed_prepared.doc, memo_at(tmp_path / "checks.json")
    fresh = check.run(doc, seed_glossary)
    first = check.run(doc, seed_glossary, memo=memo)
    memo.save()
    memo.forget()  # as the next process finds it: from the file
    second = check.run(doc, seed_glossary, memo=memo)
    segments = sum(1 for _ in doc.segments())
    assert (fresh.checked, first.checked, second.checked) == (segments, segments, 0)
    assert report_json(second) == report_json(first) == report_json(fresh)


def test_an_edited_segment_alone_is_checked_again(seed_prepared, seed_glossary, tmp_path):
    doc, memo = seed_prepared.doc, memo_at(tmp_path / "checks.json")
    check.run(doc, seed_glossary, memo=memo)
    target = next(s for s in doc.segments() if s.en and "2020" in s.en)
    edited = doc.map_segments(
        lambda s: replace(s, en=s.en.replace("2020", "2021")) if s.id == target.id else s
    )
    again = check.run(edited, seed_glossary, memo=memo)
    assert again.checked == 1
    assert report_json(again) == report_json(check.run(edited, seed_glossary))
    assert any(f.segment_id == target.id and f.check == "numbers" for f in again.findings)


def test_another_glossary_or_variant_checks_everything_again(
    seed_prepared, seed_glossary, write_tsv, tmp_path
):
    doc, memo = seed_prepared.doc, memo_at(tmp_path / "checks.json")
    check.run(doc, seed_glossary, memo=memo)
    segments = sum(1 for _ in doc.segments())
    assert check.run(doc, seed_glossary, variant="hk", memo=memo).checked == segments
    other = tsv.load(write_tsv([("t1", "株洲", "株洲", "Zhuzhou")]))
    assert check.run(doc, other, memo=memo).checked == segments
