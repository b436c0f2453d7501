"""Author queries: raised from the source and the translators' notes, answered in a file."""

from dataclasses import replace
from pathlib import Path

import pytest

from publisher import check
from publisher.check.findings import Report
from publisher.check.queries import collect, with_statuses
from publisher.config import BuildConfig
from publisher.document import Note, QueryKind, QueryStatus
from publisher.errors import QualityError, SourceError
from publisher.pipeline import enforce_strict
from publisher.read.markdown import parse
from publisher.segment import segment
from publisher.stores import queries as answers
from tests.support.documents import NO_TERMS, prepared

COPIED = "园区提供贴心服务，企业办事不出园区。项目审批实行全程代办。"
SOURCE = f"""# 报告

## 贴心服务

{COPIED}

## 园区升级

{COPIED}

园区企业联合高校和科研院所，围绕制约产业发展的技术瓶颈，集中力量破解制约行业发展的关键共性

性难题，展开联合攻关并取得了突破。
"""


def raised(doc, glossary=NO_TERMS):
    doc = prepared(doc, glossary)
    return collect(doc, check.run(doc, glossary), glossary)


def seeded(notes: dict[str, tuple[Note, ...]] | None = None):
    doc = segment(parse(SOURCE)).map_segments(lambda s: replace(s, en="word " * len(s.zh)))
    if notes:
        doc = doc.map_segments(lambda s: replace(s, notes=notes.get(s.zh, s.notes)))
    return doc


def test_a_copied_paragraph_and_a_doubling_join_are_blocking_queries():
    queries = raised(seeded())
    kinds = {q.kind: q for q in queries}
    assert kinds[QueryKind.DUPLICATE].blocking and kinds[QueryKind.DUPLICATE].line == 9
    assert kinds[QueryKind.REPAIR].blocking and "“性”" in kinds[QueryKind.REPAIR].question


def test_translator_notes_of_the_known_kinds_become_queries():
    sentence = "项目审批实行全程代办。"
    notes = (
        Note("translator", "Departure: the English names the county the source misprints."),
        Note("query", "Query: which county is meant?"),
        Note("editor", "Edit: register."),
    )
    queries = raised(seeded({sentence: notes}))
    mine = [q for q in queries if q.kind in (QueryKind.DEPARTURE, QueryKind.QUESTION)]
    assert {(q.kind, q.blocking) for q in mine} == {
        (QueryKind.DEPARTURE, True),
        (QueryKind.QUESTION, False),
    }
    assert all("Edit" not in q.question for q in queries)


def test_ids_stay_when_other_queries_come_and_go():
    before = {q.kind: q.id for q in raised(seeded())}
    notes = {"项目审批实行全程代办。": (Note("query", "Query: which office?"),)}
    after = {q.kind: q.id for q in raised(seeded(notes))}
    assert after[QueryKind.DUPLICATE] == before[QueryKind.DUPLICATE]
    assert after[QueryKind.REPAIR] == before[QueryKind.REPAIR]


def test_strict_stops_on_open_blocking_queries_until_answered(tmp_path):
    report = Report.of([])  # no findings: only the queries decide here
    queries = raised(seeded())
    config = BuildConfig(source=tmp_path / "r.zh.md", strict=True)
    files = (tmp_path / "r.qa.html",)
    with pytest.raises(QualityError, match="open blocking author quer"):
        enforce_strict(config, replace(report, queries=tuple(queries)), files)
    settled = {q.id: (QueryStatus.ACCEPTED, "as printed") for q in queries if q.blocking}
    enforce_strict(config, replace(report, queries=tuple(with_statuses(queries, settled))), files)


def test_answers_file_round_trip_keeps_answers_of_queries_no_longer_raised(tmp_path):
    queries = raised(seeded())
    path = answers.path_for(tmp_path / "r.zh.md", "r")
    answered = {
        queries[0].id: (QueryStatus.ANSWERED, "the author says: keep it"),
        "qgone": (QueryStatus.ACCEPTED, "old"),
    }
    answers.save(path, with_statuses(queries, answered), answered)
    assert answers.load(path) == {
        **{q.id: (QueryStatus.OPEN, "") for q in queries[1:]},
        **answered,
    }


def test_a_bad_status_in_the_answers_file_names_file_and_line(tmp_path):
    path = tmp_path / "r.queries.tsv"
    path.write_text("id\tstatus\tanswer\nq1\tmaybe\t\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"r.queries.tsv:2: need an id and a status"):
        answers.load(path)


def test_the_seed_builds_strict_with_its_recorded_answers(seed_prepared, seed_glossary):
    root = Path(__file__).resolve().parents[2]
    report = check.run(seed_prepared.doc, seed_glossary)
    queries = with_statuses(
        collect(seed_prepared.doc, report, seed_glossary),
        answers.load(root / "seeds/zhuzhou-2020.queries.tsv"),
    )
    duplicate = next(q for q in queries if q.kind is QueryKind.DUPLICATE)
    assert duplicate.blocking and duplicate.status is QueryStatus.ACCEPTED
    assert not [q for q in queries if q.blocks]
    assert any(q.status is QueryStatus.OPEN for q in queries)  # the ones no public fact answers


def test_the_queries_command_records_answers_and_refuses_unknown_ids(tmp_path, capsys):
    from publisher.cli import main

    source = tmp_path / "r.zh.md"
    source.write_text(SOURCE, encoding="utf-8")
    assert main(["queries", str(source), "--csv", str(tmp_path / "q.csv")]) == 0
    listed = answers.load(tmp_path / "r.queries.tsv")
    duplicate = next(q for q in raised(seeded()) if q.kind is QueryKind.DUPLICATE)
    assert listed[duplicate.id] == (QueryStatus.OPEN, "")
    assert duplicate.id in (tmp_path / "q.csv").read_text(encoding="utf-8")
    assert main(["queries", str(source), "--answer", duplicate.id, "keep both"]) == 0
    assert answers.load(tmp_path / "r.queries.tsv")[duplicate.id] == (
        QueryStatus.ANSWERED,
        "keep both",
    )
    assert main(["queries", str(source), "--as-printed", "qnothere"]) == 1
    assert "no query qnothere" in capsys.readouterr().err


def test_a_name_the_english_transliterates_and_the_glossary_lacks_is_asked():
    from publisher.document import Block, BlockKind, Document, Segment
    from publisher.terms.glossary import Glossary, Term

    places = Glossary(
        [Term("place-hunan", "湖南", "Hunan"), Term("place-zz", "株洲", "Zhuzhou")], ""
    )

    def names(zh: str, en: str) -> list[str]:
        doc = Document("t", (Block(BlockKind.PARAGRAPH, zh, 1, (Segment("s1", zh, en),)),))
        return [q.question for q in raised(doc, places) if q.kind is QueryKind.NAME]

    zh = "株洲移动和湖南组网地共同研发。"
    assert names(zh, "Zhuzhou Mobile and Hunan Zuwangdi developed it.") == [
        "The English writes 组网地 as “Zuwangdi”, a transliteration the glossary does not know: "
        "what is its English name, if it has one?"
    ]
    assert names(zh, "Zhuzhou Mobile and a Hunan-based partner developed it.") == []
    assert names("文/图 高晓燕", "Text and photos by Gao Xiaoyan") == []  # a person, in pinyin


def test_one_measure_with_two_values_is_asked():
    text = "规模工业增加值增长7.2%。园区建设成效明显。\n\n规模工业增加值增长6.8%，占比提高。"
    doc = segment(parse(f"# 报告\n\n{text}\n")).map_segments(
        lambda s: replace(s, en="word " * len(s.zh))
    )
    figures = [q for q in raised(doc) if q.kind is QueryKind.FIGURE]
    assert len(figures) == 1 and "7.2% at line 3 and 6.8% here" in figures[0].question
    same = segment(parse("# 报告\n\n规模工业增加值增长7.2%。\n\n规模工业增加值增长7.2%。\n"))
    assert not [q for q in raised(same) if q.kind is QueryKind.FIGURE]
    other = segment(
        parse("# 报告\n\n全市规模工业增加值增长7.2%。\n\n全年规模工业增加值增长6.8%。\n")
    )
    assert not [q for q in raised(other) if q.kind is QueryKind.FIGURE]  # another measure
    after_comma = "# 报告\n\n甲业增长7%，占规模以上工业增加值比重为15%。\n\n乙业增长6%，占规模以上工业增加值比重为33%。\n"
    assert not [q for q in raised(segment(parse(after_comma))) if q.kind is QueryKind.FIGURE]
