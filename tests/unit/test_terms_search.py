import json

from publisher.stores import tsv
from publisher.terms import search
from publisher.terms.glossary import COLUMNS, Term
from tests.support import GLOSSARY
from tests.support.glossary_cli import run, write_glossary

ROWS = [
    "policy-china-power-valley\t中国动力谷\t\tChina Power Valley\tChina Motive Valley\tproper noun"
    "\tpolicy\tapproved\t\tx",
    "ict-dedicated-cloud\t专有云\t專有雲\tdedicated cloud\texclusive cloud\tnoun\tict\tproposed\t\tx",
    "place-zhuzhou\t株洲\t\tZhuzhou\tZhu Zhou\tproper noun\tplace\tapproved\t\tx",
]


def ids(terms):
    return [t.id for t in terms]


def test_find_searches_both_scripts_english_and_variants(tmp_path):
    terms = tsv.load(write_glossary(tmp_path / "g", ROWS).parent).terms
    assert ids(search.find(terms, "中國動力谷")) == ["policy-china-power-valley"]  # Traditional
    assert ids(search.find(terms, "專有雲")) == ["ict-dedicated-cloud"]  # the override
    assert ids(search.find(terms, "动力")) == ["policy-china-power-valley"]
    assert ids(search.find(terms, "power VALLEY")) == ["policy-china-power-valley"]
    assert ids(search.find(terms, "motive")) == ["policy-china-power-valley"]  # forbidden
    assert search.find(terms, "Shanghai") == []


def test_find_command_ranks_exact_matches_first(capsys):
    assert run("find", "--glossary", GLOSSARY, "株洲") == 0
    out = capsys.readouterr().out
    assert out.startswith("株洲 → Zhuzhou   [place-zhuzhou; place · proper noun · approved]")
    assert run("find", "--glossary", GLOSSARY, "--json", "Chuchow") == 0
    [found] = json.loads(capsys.readouterr().out)
    assert found["id"] == "place-zhuzhou" and "Chuchow" in found["forbidden"]
    assert run("find", "--glossary", GLOSSARY, "no such thing") == 1


def test_make_id_slugs_the_english_under_the_domain_prefix():
    assert (
        search.make_id("organisation", "Zhuzhou Gear Co., Ltd.", set()) == "org-zhuzhou-gear-co-ltd"
    )
    assert search.make_id("place", "Zhuzhou", {"place-zhuzhou"}) == "place-zhuzhou-2"
    assert search.make_id("", "Café Noir", set()) == "term-cafe-noir"
    assert len(search.make_id("plan", "a very " * 20, set())) <= len("plan-") + 40


def test_add_appends_and_keeps_every_existing_byte(tmp_path, capsys):
    path = write_glossary(tmp_path / "g", ROWS)
    before = path.read_bytes()
    code = run(
        "add", "--glossary", path.parent, "--zh", "炎陵县", "--en", "Yanling County",
        "--domain", "place", "--pos", "proper noun", "--forbidden", "Yanling Xian|Yan Ling",
        "--source", "GB/T",
    )  # fmt: skip
    assert code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"added to {path}:5:")
    after = path.read_bytes()
    assert after.startswith(before)
    assert after[len(before) :].decode() == (
        "place-yanling-county\t炎陵县\t\tYanling County\tYanling Xian|Yan Ling\tproper noun"
        "\tplace\tapproved\t\tGB/T\n"
    )
    [term] = [t for t in tsv.load(path.parent).terms if t.zh_hans == "炎陵县"]
    assert term.line == 5 and term.forbidden == ("Yanling Xian", "Yan Ling")


def test_add_refuses_duplicates_and_conflicts(tmp_path, capsys):
    path = write_glossary(tmp_path / "g", ROWS)
    before = path.read_bytes()
    base = ["add", "--glossary", path.parent, "--domain", "place", "--source", "x"]
    cases = [
        (["--zh", "株洲", "--en", "Zhuzhou"], "株洲 is already a term at"),
        (["--zh", "株洲", "--en", "Zhuzhou City"], "株洲 is 'Zhuzhou City' here but 'Zhuzhou'"),
        (["--zh", "湖南", "--en", "Hunan", "--id", "place-zhuzhou"], "id 'place-zhuzhou' already"),
        (["--zh", "湖南", "--en", "Hunan", "--forbidden", "hunan"], "the term's own English"),
        (["--zh", "湖南", "--en", "Hunan", "--status", "final"], "status 'final' is not one of"),
        (["--zh", "湖南", "--en", "Hunan", "--note", "a\tb"], "TAB or line break"),
    ]
    for extra, message in cases:
        assert run(*base, *extra) == 4, extra
        out = capsys.readouterr().out
        assert message in out, (extra, out)
        assert path.read_bytes() == before


def test_add_reports_warnings_and_creates_a_new_file(tmp_path, capsys):
    folder = tmp_path / "g"
    write_glossary(folder, ROWS)
    target = folder / "extra.tsv"
    assert run("add", "--glossary", folder, "--into", target, "--zh", "湖南", "--en", "Hunan") == 0
    out = capsys.readouterr().out
    assert f"{target}:2: warning: no domain for 湖南 (term-hunan)" in out
    assert target.read_text(encoding="utf-8").splitlines()[0] == "\t".join(COLUMNS)
    assert "term-hunan" in [t.id for t in tsv.load(folder).terms]


def test_append_tsv_keeps_the_files_line_endings(tmp_path):
    path = tmp_path / "t.tsv"
    path.write_bytes(b"id\tzh-Hans\ten\r\na\t\xe6\xa0\xaa\xe6\xb4\xb2\tZhuzhou")  # no final EOL
    tsv.append_tsv(path, [Term("b", "湖南", "Hunan")])
    assert path.read_bytes().endswith("Zhuzhou\r\nb\t湖南\tHunan\r\n".encode())
    assert [t.line for t in tsv.read_tsv(path)] == [2, 3]
