"""The glossary as CAT tools and spreadsheets handle it (issue 11): CAT text, TBX without the
forbidden variants, spreadsheet quoting, and lint catching a file a tool mangled."""

import shutil
from pathlib import Path

from publisher.cli import main
from publisher.stores import exchange, tsv

GLOSSARY = Path(__file__).resolve().parents[2] / "glossary"


def _libreoffice(text: str) -> str:
    """What LibreOffice writes when it saves the TSV: cells with quotes quoted, a date made."""
    lines = []
    for line in text.splitlines():
        cells = ['"' + c.replace('"', '""') + '"' if '"' in c else c for c in line.split("\t")]
        lines.append("\t".join(cells))
    return "\n".join(lines).replace("\tOctober 2020\t", "\tOct-20\t") + "\n"


def test_spreadsheet_quoting_is_read_back_as_the_text(tmp_path):
    """Defect: LibreOffice's quoting was kept literally in 20 rows."""
    saved = tmp_path / "terms.tsv"
    saved.write_text(_libreoffice((GLOSSARY / "terms.tsv").read_text("utf-8")), "utf-8")
    original = {t.id: t.note for t in tsv.load(GLOSSARY).terms}
    back = {t.id: t.note for t in tsv.load(tmp_path).terms}
    quoted = [i for i, note in original.items() if '"' in note]
    assert quoted and all(back[i] == original[i] for i in quoted)


def test_lint_catches_a_date_made_of_text_with_file_and_line(tmp_path, capsys):
    """Defect: "October 2020" turned into a date and `glossary lint` reported nothing."""
    saved = tmp_path / "terms.tsv"
    saved.write_text(_libreoffice((GLOSSARY / "terms.tsv").read_text("utf-8")), "utf-8")
    assert main(["glossary", "lint", "--glossary", str(tmp_path)]) != 0
    out = capsys.readouterr().out
    assert f"{saved}:55: error: note 'Oct-20' looks like a date" in out
    assert f"{saved}:56: error" in out


def test_lint_catches_a_shifted_chinese_column_and_mojibake(tmp_path, capsys):
    text = (GLOSSARY / "terms.tsv").read_text("utf-8").splitlines()
    cells = text[1].split("\t")
    cells[1] = cells[3]  # the English in the Chinese column
    text[1] = "\t".join(cells)
    cells = text[2].split("\t")
    cells[1] = cells[1].encode("utf-8").decode("cp1252", errors="replace")
    text[2] = "\t".join(cells)
    (tmp_path / "terms.tsv").write_text("\n".join(text) + "\n", "utf-8")
    assert main(["glossary", "lint", "--glossary", str(tmp_path)]) != 0
    out = capsys.readouterr().out
    assert "terms.tsv:2: error: zh-Hans 'CRRC Zhuzhou Locomotive' holds no Chinese" in out
    assert "terms.tsv:3: error: zh-Hans" in out and "mojibake" in out


def test_a_mojibake_csv_does_not_import(tmp_path, capsys):
    """Defect: a mojibake CSV imported cleanly."""
    folder = tmp_path / "g"
    shutil.copytree(GLOSSARY, folder)
    data = exchange.export_csv([t for t in tsv.load(GLOSSARY).terms][:3])
    terms = [t for t in tsv.load(GLOSSARY).terms][:3]
    from dataclasses import replace

    new = [replace(t, id=t.id + "-x", zh_hans=t.zh_hans + "新") for t in terms]
    data = exchange.export_csv(new).decode("utf-8-sig").encode("utf-8").decode("latin-1")
    bad = tmp_path / "bad.csv"
    bad.write_text(data, "utf-8")
    before = (folder / "terms.tsv").read_bytes()
    assert main(["glossary", "import", str(bad), "--glossary", str(folder)]) != 0
    assert "mojibake" in capsys.readouterr().out
    assert (folder / "terms.tsv").read_bytes() == before


def test_cat_glossary_is_source_target_comment_without_forbidden_translations(tmp_path):
    """Defect: OmegaT read the id column as the source term and forbidden variants as targets."""
    out = tmp_path / "glossary.txt"
    assert main(["glossary", "export", "--out", str(out)]) == 0
    terms = [t for t in tsv.load(GLOSSARY).terms if t.active]
    rows = [line.split("\t") for line in out.read_text("utf-8").splitlines()]
    assert len(rows) == len(terms) and all(len(r) == 3 for r in rows)
    assert [r[0] for r in rows] == [t.zh_hans for t in terms]
    assert [r[1] for r in rows] == [t.en for t in terms]
    first = next(t for t in terms if t.forbidden)
    row = rows[terms.index(first)]
    assert "not: " + ", ".join(first.forbidden) in row[2]
    back = exchange.parse(out.read_bytes(), "cat", str(out))
    assert [t.zh_hans for t in back] == [t.zh_hans for t in terms]


def test_tbx_marks_forbidden_variants_deprecated_or_leaves_them_out(tmp_path):
    """Defect: OmegaT read 1,351 TBX entries from 569 terms."""
    full, lean = tmp_path / "full.tbx", tmp_path / "lean.tbx"
    assert main(["glossary", "export", "--out", str(full)]) == 0
    assert main(["glossary", "export", "--out", str(lean), "--no-forbidden"]) == 0
    terms = list(tsv.load(GLOSSARY).terms)
    variants = sum(len(t.forbidden) for t in terms)
    assert full.read_text("utf-8").count("deprecatedTerm-admn-sts") == variants
    text = lean.read_text("utf-8")
    assert "deprecatedTerm-admn-sts" not in text
    assert text.count("<term>") == len(terms) + len([t for t in terms if t.zh_hant]) + len(terms)
