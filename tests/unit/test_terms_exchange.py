import pytest

from publisher.stores import exchange, tsv
from tests.support import GLOSSARY
from tests.support.glossary_cli import run, write_glossary

# Every column filled somewhere, with the awkward values: a phrase, a deprecated term, a
# Traditional override, quotes, commas and a backslash.
ROWS = [
    "org-a\t中车株机\t\tCRRC Zhuzhou Locomotive\tCRRC Zhuji|CRRC ZELC\tproper noun\torganisation"
    '\tapproved\tShort for 中车株洲电力机车有限公司; say "CRRC"\tcompany website',
    "ict-b\t专有云\t專有雲\tdedicated cloud\texclusive cloud\tnoun\tict\tproposed\t\ttranslator",
    "policy-c\t拿地即开工\t\tconstruction starts as soon as land is acquired\t\tphrase\tpolicy"
    "\tdeprecated\tC:\\old, see policy-d\t",
    "unit-d\t亿元\t\tyuan\t\t\t\t\t\t",
]


def rows(terms):
    return [t.row() for t in terms]


@pytest.mark.parametrize("fmt", ["tbx", "csv"])
def test_export_then_import_into_an_empty_glossary_loses_nothing(tmp_path, fmt, capsys):
    source = write_glossary(tmp_path / "src", ROWS).parent
    out = tmp_path / f"g.{fmt}"
    assert run("export", "--glossary", source, "--out", out) == 0
    target = tmp_path / "empty"
    assert run("import", out, "--glossary", target) == 0
    assert "added 4 to" in capsys.readouterr().out
    assert rows(tsv.load(target).terms) == rows(tsv.load(source).terms)


@pytest.mark.parametrize("fmt", ["tbx", "csv"])
def test_shipped_glossary_round_trips(fmt):
    terms = list(tsv.load(GLOSSARY).terms)
    back = exchange.parse(exchange.export(terms, fmt), fmt, f"g.{fmt}")
    assert rows(back) == rows(terms)


def test_tbx_is_tbx_basic_read_by_translate_toolkit():
    from translate.storage import tbx

    terms = tsv.read_tsv(GLOSSARY / "terms.tsv")
    store = tbx.tbxfile.parsestring(exchange.export(terms, "tbx"))
    assert len(store.units) == len(terms)
    first = store.units[0]
    assert (first.getid(), first.source, first.target) == (
        terms[0].id,
        terms[0].zh_hans,
        terms[0].en,
    )
    assert store.document.getroot().get("type") == "TBX-Basic"
    [cloud] = [u for u in store.units if u.getid() == "ict-dedicated-cloud"]
    assert [t.text for t in cloud.get_target_terms("zh-Hant")] == ["專有雲"]
    en = cloud.get_target_terms("en")
    assert [(t.text, t.administrative_status) for t in en] == [
        ("dedicated cloud", "admittedTerm-admn-sts"),
        ("exclusive cloud", "deprecatedTerm-admn-sts"),
    ]


def test_csv_opens_as_a_spreadsheet_would_see_it():
    import csv
    import io

    data = exchange.export(tsv.read_tsv(GLOSSARY / "terms.tsv")[:1], "csv")
    assert data.startswith(exchange.UTF8_BOM)
    header, row = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert header == [c for c, _ in exchange.CSV_COLUMNS]
    assert row[:3] == ["org-crrc-zelc", "中车株机", "CRRC Zhuzhou Locomotive"]


def test_tmx_carries_pairs_and_imports_them_as_proposed(tmp_path, capsys):
    source = write_glossary(tmp_path / "src", ROWS).parent
    out = tmp_path / "g.tmx"
    assert run("export", "--glossary", source, "--out", out) == 0
    text = out.read_text(encoding="utf-8")
    assert 'xml:lang="zh-Hans"' in text and "<seg>dedicated cloud</seg>" in text
    assert "拿地即开工" not in text  # deprecated terms are no translation memory
    target = tmp_path / "new"
    assert run("import", out, "--glossary", target) == 0
    terms = tsv.load(target).terms
    assert [(t.zh_hans, t.en, t.status) for t in terms][1] == (
        "专有云",
        "dedicated cloud",
        "proposed",
    )
    assert terms[1].id == "term-dedicated-cloud" and terms[1].source == "imported from g.tmx"
    # Importing the same pairs into the original glossary changes nothing.
    before = (source / "terms.tsv").read_bytes()
    assert run("import", out, "--glossary", source) == 0
    assert "added 0" in capsys.readouterr().out.splitlines()[-1]
    assert (source / "terms.tsv").read_bytes() == before


def test_import_merges_new_skips_identical_and_refuses_conflicts(tmp_path, capsys):
    folder = write_glossary(tmp_path / "g", ROWS).parent
    path = folder / "terms.tsv"
    incoming = write_glossary(
        tmp_path / "in",
        [
            ROWS[0],  # identical: skipped
            "place-e\t株洲\t\tZhuzhou\t\tproper noun\tplace\tapproved\t\tx",  # new
        ],
    )
    csv_file = tmp_path / "in.csv"
    csv_file.write_bytes(exchange.export(tsv.read_tsv(incoming), "csv"))
    before = path.read_bytes()
    assert run("import", csv_file, "--glossary", folder, "--dry-run") == 0
    out = capsys.readouterr().out
    assert "would add: place-e  株洲 → Zhuzhou" in out and "skipped 1 already there" in out
    assert path.read_bytes() == before
    assert run("import", csv_file, "--glossary", folder) == 0
    assert path.read_bytes().startswith(before)
    assert [t.id for t in tsv.load(folder).terms][-1] == "place-e"

    before = path.read_bytes()
    conflicting = write_glossary(
        tmp_path / "bad",
        [
            "org-a\t中车株机\t\tCRRC ZELC\t\tproper noun\torganisation\tapproved\t\tx",
            "place-f\t株洲\t\tZhuzhou City\t\tproper noun\tplace\tapproved\t\tx",
            "place-g\t湖南\t\tHunan\t\tproper noun\tplace\tapproved\t\tx",  # fine on its own
        ],
    )
    tbx_file = tmp_path / "bad.tbx"
    tbx_file.write_bytes(exchange.export(tsv.read_tsv(conflicting), "tbx"))
    assert run("import", tbx_file, "--glossary", folder) == 4
    out = capsys.readouterr().out
    assert (
        f"{tbx_file}:1: conflict: id 'org-a' is already at {path}:2 (org-a) with another en" in out
    )
    assert f"{tbx_file}:2: conflict: 株洲 is already at {path}:6 (place-e)" in out
    assert "2 conflict(s) or invalid term(s)" in out and "is as it was" in out
    assert path.read_bytes() == before


def test_unreadable_exchange_files_are_user_errors(tmp_path, capsys):
    bad = tmp_path / "bad.tbx"
    bad.write_text("<martif><text>", encoding="utf-8")
    assert run("import", bad, "--glossary", tmp_path / "g") == 4
    assert "not a readable TBX file" in capsys.readouterr().out
    odd = tmp_path / "terms.xlsx"
    odd.write_bytes(b"x")
    assert run("import", odd, "--glossary", tmp_path / "g") == 4
    assert "name it .tbx, .csv, .tmx or .txt (CAT glossary)" in capsys.readouterr().out
    assert run("import", tmp_path / "none.csv", "--glossary", tmp_path / "g") == 4
