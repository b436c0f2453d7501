"""publisher.lang.ocd2: OpenCC's .ocd2 dictionaries and configurations, read in-process."""

import struct
import subprocess
from pathlib import Path

import marisa_trie
import opencc
import pytest

from publisher.lang import ocd2
from publisher.lang import opencc as lang_opencc

SHARE = Path(opencc.__file__).parent / "clib" / "share" / "opencc"
TOOL = Path(opencc.__file__).parent / "clib" / "bin" / "opencc_dict"
TEXT_TABLE = Path(__file__).resolve().parents[1] / "data" / "opencc" / "STCharacters.txt"
CONFIGS = ("s2t", "s2tw", "s2twp", "s2hk")
PHRASES = ["STPhrases.ocd2", "STPhrases_GeneratedFromRegionalPhrases.ocd2"]
CHAIN = {
    "s2t": [[PHRASES, ["STCharacters.ocd2"]]],
    "s2tw": [
        [PHRASES, ["STCharacters.ocd2"]],
        [["TWVariantsPhrases.ocd2"], ["TWVariants.ocd2"]],
    ],
    "s2twp": [
        [PHRASES, ["STCharacters.ocd2"]],
        [["TWPhrases.ocd2"], ["TWVariantsPhrases.ocd2"], ["TWVariants.ocd2"]],
    ],
    "s2hk": [
        [PHRASES, ["STCharacters.ocd2"]],
        [["HKVariantsPhrases.ocd2"], ["HKVariants.ocd2"]],
    ],
}


def test_the_share_folder_is_the_installed_wheels():
    assert ocd2.share() == SHARE


@pytest.mark.parametrize("config", CONFIGS)
def test_config_stages_list_the_dictionaries_in_the_order_opencc_tries_them(config):
    stages = ocd2.config_stages(config)
    assert [[[p.name for p in files] for files in stage] for stage in stages] == CHAIN[config]
    assert all(p.parent == SHARE and p.is_file() for s in stages for files in s for p in files)
    assert ocd2.config_stages(f"{config}.json") == stages


def test_the_character_table_is_the_shipped_text_table():
    text = {}
    for line in TEXT_TABLE.read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            key, _, values = line.partition("\t")
            text[key] = tuple(values.split(" "))
    table = ocd2.read(SHARE / "STCharacters.ocd2")
    assert len(table) == 4012
    assert table == text  # the same keys, the same candidates in the same order
    assert table["发"] == ("發", "髮") and table["后"] == ("後", "后")


def test_every_phrase_alone_converts_to_its_first_value():
    """A key converted on its own is one segment, matched whole: OpenCC writes its first value."""
    phrases = ocd2.read(SHARE / PHRASES[0])
    generated = ocd2.read(SHARE / PHRASES[1])
    union = {**generated, **phrases}  # STPhrases first on a shared key (both agree on the two)
    assert all(generated[k] == phrases[k] for k in generated.keys() & phrases.keys())
    assert len(phrases) == 49238 and sum(len(v) > 1 for v in phrases.values()) == 114
    cc = opencc.OpenCC("s2t")
    wrong = [(k, v, cc.convert(k)) for k, v in union.items() if cc.convert(k) != v[0]]
    assert wrong == []
    assert phrases["反复"] == ("反覆", "反復")  # several candidates, OpenCC's choice first


@pytest.mark.skipif(not TOOL.exists(), reason="the opencc wheel has no opencc_dict")
def test_the_reader_agrees_with_opencc_dict():
    """Every dictionary the four configurations use, against OpenCC's own text dump (once)."""
    files = {p for c in CONFIGS for s in ocd2.config_stages(c) for f in s for p in f}
    assert len(files) == 8
    for path in sorted(files):
        args = [str(TOOL), "-i", str(path), "-o", "/dev/stdout", "-f", "ocd2", "-t", "text"]
        lines = subprocess.run(args, capture_output=True, check=True).stdout.decode().splitlines()
        dumped = {k: tuple(v.split(" ")) for k, _, v in (line.partition("\t") for line in lines)}
        table = ocd2.read(path)
        assert len(table) == len(dumped) == len(lines), path.name
        assert table == dumped, path.name


def _sections(data: bytes) -> tuple[int, int, int]:
    """Offsets of the value counts, the value buffer and the value index (the format's layout)."""
    trie = marisa_trie.Trie().frombytes(data[len(ocd2.HEADER) :])
    counts = len(ocd2.HEADER) + len(trie.tobytes())
    _, size = struct.unpack_from("<II", data, counts)
    return counts, counts + 8, counts + 8 + size


def _corrupt(data: bytes, how: str) -> bytes:
    counts, buffer, index = _sections(data)
    entries, size = struct.unpack_from("<II", data, counts)
    patch = {
        "header": lambda: b"OPENCC_MARISA_0.2.4" + data[19:],
        "empty": lambda: b"",
        "more entries": lambda: (
            data[:counts] + struct.pack("<II", entries + 1, size) + data[buffer:]
        ),
        "zero count": lambda: data[:index] + b"\0\0" + data[index + 2 :],
        "value size": lambda: data[: index + 2] + b"\x09\x00" + data[index + 4 :],
        "trailing byte": lambda: data + b"\0",
        "trailing entry": lambda: data + b"\1\0\4\0",
        "trie bytes": lambda: data[:19] + b"We love Marisa.\0" + b"\xff" * 64 + data[counts:],
    }
    if how.startswith("cut "):
        where = how[4:]
        at = {
            "in header": 10,
            "after header": 19,
            "in trie": (19 + counts) // 2,
            "at counts": counts,
            "in counts": counts + 5,
            "in buffer": (buffer + index) // 2,
            "at index": index,
            "in index": index + ((len(data) - index) // 2 & ~1),  # a whole number of uint16
            "odd": len(data) - 1,
            "last": len(data) - 2,
        }[where]
        return data[:at]
    return patch[how]()


CORRUPTIONS = [
    "header",
    "empty",
    "more entries",
    "zero count",
    "value size",
    "trailing byte",
    "trailing entry",
    "trie bytes",
    *(
        f"cut {w}"
        for w in (
            "in header",
            "after header",
            "in trie",
            "at counts",
            "in counts",
            "in buffer",
            "at index",
            "in index",
            "odd",
            "last",
        )
    ),
]


@pytest.mark.parametrize("how", CORRUPTIONS)
def test_a_corrupt_copy_raises_with_the_file_name(tmp_path, how):
    bad = tmp_path / "Broken.ocd2"
    bad.write_bytes(_corrupt((SHARE / "STCharacters.ocd2").read_bytes(), how))
    with pytest.raises(ocd2.Ocd2Error) as caught:
        ocd2.read(bad)
    assert isinstance(caught.value, ValueError)
    assert caught.value.path == bad and str(bad) in str(caught.value)
    assert caught.value.problem in str(caught.value)


def test_a_missing_dictionary_raises(tmp_path):
    with pytest.raises(ocd2.Ocd2Error, match="Nowhere.ocd2: cannot be read"):
        ocd2.read(tmp_path / "Nowhere.ocd2")


@pytest.fixture
def fake_share(tmp_path, monkeypatch):
    """A copy of the wheel's data folder that a test may break; traditional re-reads it."""
    for path in SHARE.iterdir():
        (tmp_path / path.name).write_bytes(path.read_bytes())
    monkeypatch.setattr(ocd2, "share", lambda: tmp_path)
    lang_opencc.stages.cache_clear()
    yield tmp_path
    lang_opencc.stages.cache_clear()


def test_an_unknown_or_unusable_configuration_raises(fake_share):
    with pytest.raises(ocd2.DataError, match="no such OpenCC configuration"):
        ocd2.config_stages("s2xx")
    (fake_share / "text.json").write_text(
        '{"conversion_chain": [{"dict": {"type": "text", "file": "STPhrases.txt"}}]}'
    )
    with pytest.raises(ocd2.DataError, match="not an ocd2 file"):
        ocd2.config_stages("text")
    (fake_share / "TWVariants.ocd2").unlink()
    with pytest.raises(ocd2.DataError, match="TWVariants.ocd2 is missing"):
        ocd2.config_stages("s2tw")


def test_the_review_list_fails_clearly_when_a_dictionary_is_broken(fake_share):
    phrases = fake_share / "STPhrases.ocd2"
    phrases.write_bytes(phrases.read_bytes()[:-3])
    with pytest.raises(ocd2.Ocd2Error, match="STPhrases.ocd2"):
        lang_opencc.phrase_table("tw")


def test_the_review_list_runs_no_subprocess(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a subprocess was started")

    monkeypatch.setattr(subprocess, "Popen", refuse)
    lang_opencc.stages.cache_clear()
    (phrases, chars), taiwan = lang_opencc.stages("twp")
    assert phrases.values["发展"] == "發展" and chars.values["发"] == "發"
    assert taiwan[0].values["優化"] == "最佳化"  # the second stage reads Traditional
