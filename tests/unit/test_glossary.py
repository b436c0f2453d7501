import pytest

from publisher.errors import GlossaryError
from publisher.stores import tsv


def test_longest_match_wins(write_tsv):
    folder = write_tsv(
        [
            ("a", "株洲", "", "Zhuzhou"),
            ("b", "中车株洲电机", "", "CRRC Zhuzhou Electric"),
            ("c", "电机", "", "motor"),
        ]
    )
    terms = tsv.load(folder)
    found = [(m.term.id, m.start, m.end) for m in terms.find("中车株洲电机在株洲生产电机")]
    assert found == [("b", 0, 6), ("a", 7, 9), ("c", 11, 13)]


def test_version_changes_with_content(write_tsv):
    v1 = tsv.load(write_tsv([("a", "株洲", "", "Zhuzhou")])).version
    v2 = tsv.load(write_tsv([("a", "株洲", "", "Zhuzhou City")])).version
    assert v1 != v2


def test_deprecated_terms_do_not_match(write_tsv):
    folder = write_tsv(
        [("a", "株洲", "", "Zhuzhou", "deprecated")], header="id\tzh-Hans\tzh-Hant\ten\tstatus"
    )
    assert tsv.load(folder).find("株洲") == []


@pytest.mark.parametrize(
    ("rows", "header", "message"),
    [
        ([("a", "株洲", "", "Zhuzhou", "extra")], None, r"terms.tsv:2: 5 fields, the header has 4"),
        ([("a", "株洲", "", "")], None, r"terms.tsv:2: empty en"),
        (
            [("a", "株洲", "", "Zhuzhou"), ("a", "湖南", "", "Hunan")],
            None,
            r"terms.tsv:3: id 'a' already used at .*terms.tsv:2",
        ),
        (
            [("a", "株洲", "Zhuzhou")],
            "id\tzh-Hans\tenglish",
            r"terms.tsv:1: header lacks column\(s\) en",
        ),
        (
            [("a", "株洲", "", "Zhuzhou", "maybe")],
            "id\tzh-Hans\tzh-Hant\ten\tstatus",
            r"terms.tsv:2: status 'maybe'",
        ),
    ],
)
def test_malformed_glossary_names_file_and_line(write_tsv, rows, header, message):
    folder = write_tsv(rows, header=header) if header else write_tsv(rows)
    with pytest.raises(GlossaryError, match=message):
        tsv.load(folder)


def test_missing_folder_and_wrong_encoding(tmp_path):
    with pytest.raises(GlossaryError, match="no glossary found"):
        tsv.load(tmp_path / "none")
    (tmp_path / "g").mkdir()
    (tmp_path / "g" / "t.tsv").write_bytes("id\tzh-Hans\ten\na\t株洲\tZhuzhou\n".encode("gbk"))
    with pytest.raises(GlossaryError, match="not UTF-8"):
        tsv.load(tmp_path / "g")


def test_a_folder_named_like_a_glossary_file_is_skipped_and_said(tmp_path):
    from publisher.config import BuildConfig
    from publisher.pipeline import glossary_for

    (tmp_path / "terms.tsv").write_text("id\tzh-Hans\ten\nt-1\t株洲\tZhuzhou\n", encoding="utf-8")
    (tmp_path / "more.tsv").mkdir()
    terms, notes = glossary_for(BuildConfig(source=tmp_path / "r.zh.md", glossary_dir=tmp_path))
    assert len(terms) == 1
    assert notes == (f"{tmp_path / 'more.tsv'} is a folder, not a glossary file: skipped",)
