"""Damaged files from translators and model packages: each stops with a reason, changes nothing."""

import json
import sqlite3
import zipfile

import pytest

from publisher.errors import GlossaryError, ModelError, PublisherError, TranslationStoreError
from publisher.stores import exchange, xliff
from publisher.stores.cache import Cache
from publisher.terms.glossary import Term

XLIFF = """<?xml version="1.0" encoding="UTF-8"?>{dtd}
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
<file original="r.zh.md" source-language="zh-Hans" target-language="en" datatype="plaintext"><body>
<trans-unit id="s1"><source>标题</source><target state="final">{first}</target></trans-unit>
<trans-unit id="{second}"><source>标题</source><target state="final">Other</target></trans-unit>
</body></file></xliff>"""


def test_two_units_of_one_id_are_refused(tmp_path):
    path = tmp_path / "r.en.xlf"
    path.write_text(XLIFF.format(dtd="", first="Title", second="s1"), encoding="utf-8")
    with pytest.raises(TranslationStoreError, match="two units have the id s1"):
        xliff.load(path)


def test_a_nine_megabyte_target_is_refused_at_once_naming_its_unit(tmp_path):
    """Typeset, it took minutes per line; read, it is one message with the file's line."""
    path = tmp_path / "r.en.xlf"
    huge = "The economy grew steadily. " * 340_000
    path.write_text(XLIFF.format(dtd="", first=huge, second="s2"), encoding="utf-8")
    with pytest.raises(TranslationStoreError, match=r"r.en.xlf:4: unit s1: .*9,180,000 char"):
        xliff.load(path)
    with pytest.raises(TranslationStoreError, match="over the limit of 10,000"):
        xliff.merge(None, path.read_bytes(), {}, "r.zh.md", incoming_name=str(path))


@pytest.mark.parametrize(
    "dtd",
    [
        '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
        '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>',
    ],
)
def test_entities_are_refused_in_xliff_and_tbx(dtd, tmp_path):
    path = tmp_path / "r.en.xlf"
    path.write_text(XLIFF.format(dtd=dtd, first="&xxe;" if "xxe" in dtd else "&b;", second="s2"))
    with pytest.raises(TranslationStoreError, match="not a readable XLIFF"):
        xliff.load(path)
    tbx = f'<?xml version="1.0"?>{dtd}<martif type="TBX"><text><body/></text></martif>'
    with pytest.raises(GlossaryError, match="not a readable TBX"):
        exchange.parse(tbx.encode(), "tbx", "terms.tbx")


def test_csv_cells_never_run_as_formulas_and_come_back_as_they_were():
    risky = Term("t-1", "公式", "=cmd|' /C calc'!A0", note="@SUM(A1)", source="+HYPERLINK(x)")
    data = exchange.export_csv([risky])
    assert b"'=cmd" in data and b"'@SUM" in data and b"'+HYPERLINK" in data
    (back,) = exchange.parse(data, "csv", "t.csv")
    assert (back.en, back.note, back.source) == (risky.en, risky.note, risky.source)


def test_a_cache_of_another_schema_is_one_clear_error(tmp_path):
    path = tmp_path / "cache.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE translations (key TEXT, other TEXT)")
    with pytest.raises(PublisherError, match="delete it or build with --no-cache"):
        Cache(path)


def _package(tmp_path, members: dict[str, bytes]):
    path = tmp_path / "p.argosmodel"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


META = json.dumps({"package_version": "1", "from_code": "zh", "to_code": "en", "type": "translate"})


@pytest.mark.parametrize(
    "members, message",
    [
        ({"p/metadata.json": META, "../evil": b"x"}, "outside the package"),
        ({"p/metadata.json": META, "/etc/evil": b"x"}, "outside the package"),
        ({"p/metadata.json": b"{not json"}, "not JSON"),
        ({"p/metadata.json": b"{}"}, "lacks"),
        ({"p/metadata.json": META, "p/zeros": b"\0" * 50_000_000}, "would unpack to"),
    ],
)
def test_damaged_model_packages_are_refused_before_extraction(members, message, tmp_path):
    from publisher.engines.models import install_file

    with pytest.raises(ModelError, match=message):
        install_file(_package(tmp_path, members))


def test_a_locked_cache_is_one_clear_error(tmp_path, monkeypatch):
    """Another process holding the cache past the wait (30 s; 0.2 s here) is a message."""
    from publisher.stores import cache

    path = tmp_path / "cache.sqlite"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    connect = sqlite3.connect
    monkeypatch.setattr(cache.sqlite3, "connect", lambda p, timeout: connect(p, timeout=0.2))
    with pytest.raises(PublisherError, match="database is locked; delete it or build with"):
        Cache(path)
    holder.close()


def test_an_unreadable_glossary_file_is_one_message(tmp_path, monkeypatch, capsys):
    """Root reads every file, so the refusal the operating system gives is simulated."""
    from pathlib import Path

    from publisher.cli import main

    folder = tmp_path / "g"
    folder.mkdir()
    locked = folder / "terms.tsv"
    locked.write_text("id\tzh-Hans\ten\n", encoding="utf-8")
    real = Path.read_bytes

    def read_bytes(self):
        if self == locked:
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    source = tmp_path / "r.zh.md"
    source.write_text("# 标题\n\n正文。\n", encoding="utf-8")
    assert main(["qa", str(source), "--glossary", str(folder), "--out", str(tmp_path)]) == 4
    assert f"{locked}: cannot read it (Permission denied)" in capsys.readouterr().err
