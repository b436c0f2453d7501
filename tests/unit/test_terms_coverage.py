import json
from dataclasses import replace

import pytest

from publisher.read import markdown
from publisher.segment import segment
from publisher.stores import tsv
from publisher.terms.coverage import coverage
from publisher.terms.usage import used_terms
from tests.support.glossary_cli import run, write_glossary, write_report


@pytest.fixture
def seed(seed_prepared, seed_glossary):
    return seed_prepared.doc, seed_glossary


def test_seed_coverage_counts_every_occurrence(seed):
    doc, terms = seed
    cov = coverage(doc, terms)
    assert cov.segments == sum(1 for _ in doc.segments())
    assert len(cov.occurrences) == sum(len(terms.find(s.zh)) for s in doc.segments())
    assert cov.translated == len(cov.occurrences)  # the approved translation covers the seed
    assert cov.percent is not None and 0 < cov.percent <= 100
    assert cov.compliant == sum(u.compliant for u in cov.uses())
    top = cov.uses()[0]
    assert top.count >= 10 and top.term.zh_hans in ("园区", "株洲")


def test_wrong_translation_is_caught(seed):
    doc, terms = seed
    wrong = "China Motive Valley grows."  # a forbidden variant, and no 'China Power Valley'
    bad = doc.map_segments(lambda s: replace(s, en=wrong) if "中国动力谷" in s.zh else s)
    cov = coverage(bad, terms)
    caught = [o for o in cov.problems() if o.term.id == "policy-china-power-valley"]
    assert len(caught) == sum(s.zh.count("中国动力谷") for s in doc.segments()) > 0
    assert caught[0].reason() == (
        "English lacks 'China Power Valley'; uses forbidden 'China Motive Valley'"
    )
    assert cov.percent < coverage(doc, terms).percent


def test_used_terms_are_unique_and_sorted_by_english(seed):
    doc, terms = seed
    used = used_terms(terms, (s.zh for s in doc.segments()))
    assert len({t.id for t in used}) == len(used) == len(coverage(doc, terms).uses())
    keys = [t.en.casefold() for t in used]
    assert keys == sorted(keys)


ROWS = [
    "materials-ceramic\t陶瓷\t\tceramic\tporcelain\tnoun\tmaterials\tapproved\t\tx",
    "materials-electrical-porcelain\t电瓷\t\telectrical porcelain\t\tnoun\tmaterials\tapproved"
    "\t\tx",
    "place-liling\t醴陵\t\tLiling\tLi Ling\tproper noun\tplace\tapproved\t\tx",
]
TEXT = "# 醴陵报告\n\n醴陵的陶瓷和电瓷产业。醴陵瓷器。\n"
ENGLISH = {
    "醴陵报告": "Report on Li Ling",  # forbidden variant
    "醴陵的陶瓷和电瓷产业。": "Liling's ceramic and electrical porcelain industries.",
    # 醴陵瓷器。 has no approved English
}


def test_coverage_command_json_and_threshold(tmp_path, capsys):
    folder = write_glossary(tmp_path / "g", ROWS).parent
    source = write_report(tmp_path / "r", TEXT, ENGLISH)
    assert run("coverage", source, "--glossary", folder, "--json") == 0
    data = json.loads(capsys.readouterr().out)
    # 醴陵 ×3, 陶瓷, 电瓷; the last 醴陵 has no English, so 4 occurrences are judged.
    assert (data["occurrences"], data["with_english"], data["compliant"]) == (5, 4, 3)
    assert data["compliance"] == 75.0
    [problem] = data["problems"]
    assert problem["zh"] == "醴陵" and problem["forbidden"] == ["Li Ling"]
    assert problem["line"] == 1
    # 'porcelain' inside 电瓷's 'electrical porcelain' is not held against 陶瓷.
    assert {t["zh"]: t["compliant"] for t in data["terms"]}["陶瓷"] == 1
    assert run("coverage", source, "--glossary", folder, "--min", "75") == 0
    capsys.readouterr()
    assert run("coverage", source, "--glossary", folder, "--min", "90") == 1
    captured = capsys.readouterr()
    assert "compliance 75.0 % is below --min 90 %" in captured.err
    assert "3 of 3 glossary terms occur 5 times in 3 segments" in captured.out
    assert "r.zh.md:1 (" in captured.out
    assert "醴陵: English lacks 'Liling'; uses forbidden 'Li Ling'" in captured.out


def test_plurals_count_and_false_matches_are_explained(tmp_path):
    rows = [
        "ict-pilot-city\t5G试点城市\t\t5G pilot city\t\tnoun\tict\tapproved\t\tx",
        "energy-storage\t储能\t\tenergy storage\t\tnoun\tenergy\tapproved\t\tx",
    ]
    terms = tsv.load(write_glossary(tmp_path / "g", rows).parent)
    doc = segment(markdown.parse("两个5G试点城市。300PB存储能力。\n"))
    english = {"两个5G试点城市。": "Two 5G pilot cities.", "300PB存储能力。": "300 PB of storage."}
    doc = doc.map_segments(lambda s: replace(s, en=english[s.zh]))
    [problem] = coverage(doc, terms).problems()
    assert problem.term.zh_hans == "储能"
    assert problem.reason().endswith(
        "the match cuts across the words 存储能力: probably not this term"
    )
