import re

from publisher.terms import lint
from publisher.terms.glossary import Term
from tests.support import GLOSSARY
from tests.support.glossary_cli import run, write_glossary, write_report

GOOD = "place-zhuzhou\t株洲\t\tZhuzhou\tZhu Zhou\tproper noun\tplace\tapproved\t\tGB/T"


def test_shipped_glossary_passes(capsys):
    assert run("lint", "--glossary", GLOSSARY) == 0
    out = capsys.readouterr().out
    assert "0 error(s)" in out
    # The many contained terms are summarised, not listed, unless asked for.
    assert re.search(r"info: \d+ terms contain other terms", out)
    listed = "info: 中车株洲电机 (org-crrc-zhuzhou-electric) contains 中车, 株洲"
    assert listed not in out
    run("lint", "--glossary", GLOSSARY, "--verbose")
    assert listed in capsys.readouterr().out  # one line per containing term


def test_crafted_problems_are_reported_with_file_and_line(tmp_path, capsys):
    folder = tmp_path / "g"
    write_glossary(
        folder,
        [
            GOOD,
            "Bad_ID\t湖南\t\tHunan\t\tproper noun\tplace\tapproved\t\tx",  # 3: id format
            "place-hunan\t湖南\t\tHunan Province\t\tproper noun\tplace\tapproved\t\tx",  # 4
            "place-zhuzhou\t株洲市\t\tZhuzhou\t\tproper noun\tplace\tapproved\t\tx",  # 5: dup id
            "gov-a\t市委\t\tParty committee\tParty committee\tnoun\tgovernment\tapproved\t\tx",  # 6
            "place-b\t天元区\t\tTianyuan District\t\tplace name\tplaces\tapproved\t\tx",  # 7
            "org-c\t中国动力谷\t中国動力谷\tChina Power Valley\t\tproper noun\torganisation\tapproved\t\tx",
            "org-d\t中车\t中車\tCRRC\t\tproper noun\torganisation\tapproved\t\tx",  # 9: redundant
            "org-e\t中车株机\t\tCRRC Zhuzhou Locomotive\tCRRC\tproper noun\torganisation\t\t\tx",
            "org-f\t北汽\t\tBAIC\t\tproper noun\torganisation\tmaybe\t\tx",  # 11: bad status
            "org-g\t长城电脑\t\t\t\tproper noun\torganisation\tapproved\t\tx",  # 12: empty en
            "org-h\t时代新材\t\tTimes New Material\t\tproper noun\t\tapproved\t\t",  # 13
        ],
    )
    assert run("lint", "--glossary", folder) == 1
    out = capsys.readouterr().out
    tsv = str(folder / "terms.tsv")
    expected = [
        (3, "error", "id 'Bad_ID': use lowercase letters"),
        (4, "error", f"湖南 is 'Hunan Province' here but 'Hunan' at {tsv}:3 (Bad_ID)"),
        (5, "error", "id 'place-zhuzhou' already used at"),
        (6, "error", "forbidden variant 'Party committee' is the term's own English"),
        (7, "error", "pos 'place name' is not one of"),
        (7, "error", "domain 'places' is not one of"),
        (8, "error", "zh-Hant 中国動力谷 holds Simplified 国"),
        (9, "warning", "zh-Hant 中車 is what OpenCC (s2tw) gives anyway"),
        (10, "error", "forbidden variant 'CRRC' occurs in the term's own English"),
        (11, "error", "status 'maybe' is not one of"),
        (12, "error", "empty en"),
        (13, "warning", "no domain for 时代新材"),
        (13, "warning", "no source for 时代新材"),
    ]
    for line, severity, message in expected:
        assert f"{tsv}:{line}: {severity}: {message}" in out, (line, message, out)
    # Rows the loader rejects (11, 12) are errors too; the other ten are terms.
    assert out.splitlines()[-2].endswith("10 terms in 1 file(s); 10 error(s), 4 warning(s)")


def test_same_chinese_twice_with_the_same_english():
    terms = [
        Term("place-a", "株洲", "Zhuzhou", file="t.tsv", line=2),
        Term("place-b", "株洲", "Zhuzhou", file="t.tsv", line=3),
    ]
    [problem] = [p for p in lint.check_set(terms) if p.severity == lint.ERROR]
    assert str(problem).startswith("t.tsv:3: error: 株洲 is already a term at t.tsv:2 (place-a)")


def test_forbidden_variant_inside_another_terms_english_is_a_warning():
    terms = [
        Term("materials-a", "陶瓷", "ceramic", forbidden=("porcelain",), file="t", line=2),
        Term("materials-b", "电瓷", "electrical porcelain", file="t", line=3),
    ]
    [problem] = lint.check_set(terms)
    assert problem.severity == lint.WARNING and "'porcelain' occurs in the English of 电瓷" in str(
        problem
    )


def test_unreadable_file_is_one_error_not_a_traceback(tmp_path, capsys):
    folder = tmp_path / "g"
    folder.mkdir()
    (folder / "a.tsv").write_bytes("id\tzh-Hans\ten\nx\t株洲\tZhuzhou\n".encode("gbk"))
    write_glossary(folder, [GOOD], name="b.tsv")
    assert run("lint", "--glossary", folder) == 1
    out = capsys.readouterr().out
    assert f"{folder / 'a.tsv'}:1: error: not UTF-8" in out
    assert run("lint", "--glossary", tmp_path / "none") == 4
    assert "no glossary found" in capsys.readouterr().out


def test_check_reports_deprecated_terms_and_false_matches(tmp_path, capsys):
    folder = tmp_path / "g"
    write_glossary(
        folder,
        [
            "place-lukou\t渌口区\t\tLukou District\t\tproper noun\tplace\tapproved\t\tx",
            "place-zz-county\t株洲县\t\tZhuzhou County\t\tproper noun\tplace\tdeprecated\t\tx",
            "energy-storage\t储能\t\tenergy storage\t\tnoun\tenergy\tapproved\t\tx",
        ],
    )
    source = write_report(
        tmp_path / "r",
        "# 报告\n\n渌口区提供存储能力。\n",
        {"报告": "Report", "渌口区提供存储能力。": "Zhuzhou County provides storage capacity."},
    )
    assert run("lint", "--glossary", folder, "--check", source) == 1
    out = capsys.readouterr().out
    tsv = folder / "terms.tsv"
    assert f"{tsv}:3: error: deprecated English 'Zhuzhou County' is used by the translation" in out
    assert f"{tsv}:4: warning: 储能 (energy-storage) matches across the words 存储能力" in out
