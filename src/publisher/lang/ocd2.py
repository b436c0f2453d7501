"""OpenCC's own data, read in-process: its configurations and its .ocd2 dictionaries.

The one place that knows where the installed opencc wheel keeps its data and how that data is
laid out; nothing here runs a subprocess or falls back to an approximation.

An .ocd2 file (OpenCC's MarisaDict followed by its SerializedValues) is, byte for byte:

    header   b"OPENCC_MARISA_0.2.5"                    19 bytes
    trie     a marisa-trie serialization               (it begins b"We love Marisa.")
    values   uint32  n, the number of entries          (= the number of keys in the trie)
             uint32  b, the size of the value buffer
             b bytes every value in UTF-8, each ended by a NUL, entry by entry
             n times: uint16 k, the entry's value count, then k uint16 value sizes (NUL included)

Entry i holds the values of the trie key whose id is i; integers are little-endian; nothing
follows the last entry. The trie's own length is stored nowhere: marisa reads as much as it
needs, so the trie is loaded from the bytes after the header, its serialization taken again,
and the file must hold exactly those bytes at that place (checked on every read).
"""

from __future__ import annotations

import json
import struct
import sys
from array import array
from importlib.util import find_spec
from itertools import accumulate
from pathlib import Path

import marisa_trie

from ..errors import PublisherError

HEADER = b"OPENCC_MARISA_0.2.5"
_COUNTS = struct.Struct("<II")


class DataError(PublisherError, ValueError):
    """OpenCC's data cannot be used: a configuration or dictionary is missing or malformed."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path, self.problem = Path(path), problem
        super().__init__(f"{path}: {problem}")


class Ocd2Error(DataError):
    """An .ocd2 dictionary is not what OpenCC writes: bad header, truncated, inconsistent."""


def share() -> Path:
    """The installed opencc wheel's folder of configurations (.json) and dictionaries (.ocd2)."""
    spec = find_spec("opencc")  # opencc.__file__, without loading its C extension
    if spec is None or not spec.origin:
        raise DataError("opencc", "the opencc package is not installed")
    return Path(spec.origin).parent / "clib" / "share" / "opencc"


def read(path: Path) -> dict[str, tuple[str, ...]]:
    """An .ocd2 dictionary: key -> its candidate values, OpenCC's first choice first."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise Ocd2Error(path, f"cannot be read ({exc.strerror or exc})") from exc
    if not data.startswith(HEADER):
        raise Ocd2Error(path, f"not an OpenCC dictionary: the file does not start {HEADER!r}")
    trie, end = _trie(path, data)
    values = _values(path, data, end, len(trie))
    try:
        return {key: values[i] for key, i in trie.iteritems()}
    except UnicodeDecodeError as exc:
        raise Ocd2Error(path, f"a key is not UTF-8 ({exc.reason})") from exc


def _trie(path: Path, data: bytes) -> tuple[marisa_trie.Trie, int]:
    """The marisa trie after the header, and the offset where it ends."""
    body = data[len(HEADER) :]
    trie = marisa_trie.Trie()
    try:
        trie.frombytes(body)
    except (RuntimeError, ValueError, MemoryError) as exc:
        raise Ocd2Error(path, f"the key trie is truncated or corrupt ({exc})") from exc
    raw = trie.tobytes()
    if body[: len(raw)] != raw:
        raise Ocd2Error(path, "the key trie does not re-serialize to the bytes it was read from")
    return trie, len(HEADER) + len(raw)


def _values(path: Path, data: bytes, start: int, keys: int) -> list[tuple[str, ...]]:
    """The serialized values after the trie: entry i's candidates at index i."""
    if len(data) < start + _COUNTS.size:
        raise Ocd2Error(
            path, f"truncated: the file ends at byte {len(data)}, inside the value counts"
        )
    entries, size = _COUNTS.unpack_from(data, start)
    if entries != keys:
        raise Ocd2Error(path, f"the trie has {keys} keys but the values section {entries} entries")
    start += _COUNTS.size
    buffer = data[start : start + size]
    if len(buffer) < size:
        raise Ocd2Error(path, f"truncated: the value buffer needs {size} bytes, {len(buffer)} left")
    if size and buffer[-1] != 0:
        raise Ocd2Error(path, "the value buffer does not end with a NUL")
    tail = data[start + size :]
    if len(tail) % 2:
        raise Ocd2Error(
            path, f"the value index ends inside an integer ({len(tail)} bytes): truncated or padded"
        )
    index = array("H", tail)
    if sys.byteorder == "big":
        index.byteswap()
    sizes = [len(piece) + 1 for piece in buffer.split(b"\0")[:-1]]  # no value holds a NUL
    try:
        texts = buffer.decode("utf-8").split("\0")
    except UnicodeDecodeError as exc:
        raise Ocd2Error(path, f"a value is not UTF-8 (at byte {exc.start})") from exc
    table = index.tolist()
    starts, at = [], 0  # where each entry starts: its value count, then that many sizes
    while at < len(table):
        starts.append(at)
        at += table[at] + 1
    if at > len(table):
        raise Ocd2Error(
            path, f"the value index stops inside entry {len(starts) - 1}: truncated or corrupt"
        )
    if len(starts) < entries:
        raise Ocd2Error(
            path, f"the value index holds {len(starts)} of {entries} entries: truncated or corrupt"
        )
    if len(starts) > entries:
        extra = 2 * (len(table) - starts[entries])
        raise Ocd2Error(path, f"{extra} bytes follow the last of the {entries} entries")
    counts = [table[i] for i in starts]
    if 0 in counts:
        raise Ocd2Error(path, f"entry {counts.index(0)} has no value")
    if sum(counts) != len(sizes):
        raise Ocd2Error(
            path, f"the index lists {sum(counts)} values, the buffer holds {len(sizes)}"
        )
    for i in starts:
        table[i] = -1  # what is left are the value sizes, in order
    if [n for n in table if n >= 0] != sizes:
        raise Ocd2Error(path, "the value sizes in the index disagree with the value buffer")
    firsts = accumulate(counts, initial=0)  # each entry's first value (and one past the last)
    return [tuple(texts[a : a + n]) for a, n in zip(firsts, counts, strict=False)]


def config_stages(config_name: str) -> list[list[list[Path]]]:
    """An OpenCC configuration's conversion chain as .ocd2 paths.

    Per stage, the dictionaries in the order OpenCC tries them (a short-circuit group: the first
    that matches wins), each a list of files matched together as one table (a union group,
    flattened). s2tw: [[[STPhrases, STPhrases_GeneratedFromRegionalPhrases], [STCharacters]],
    [[TWVariantsPhrases], [TWVariants]]]. Only the conversion chain: not the normalization step
    (CJK compatibility ideographs) nor the segmentation dictionary.
    """
    folder = share()
    name = config_name if config_name.endswith(".json") else f"{config_name}.json"
    path = folder / name
    try:
        config = json.loads(path.read_text("utf-8"))
    except OSError as exc:
        raise DataError(path, f"no such OpenCC configuration ({exc.strerror or exc})") from exc
    except ValueError as exc:
        raise DataError(path, f"not valid JSON ({exc})") from exc
    chain = config.get("conversion_chain") if isinstance(config, dict) else None
    if not isinstance(chain, list) or not chain:
        raise DataError(path, "no conversion_chain list")
    stages = []
    for n, stage in enumerate(chain, start=1):
        if not isinstance(stage, dict) or not isinstance(stage.get("dict"), dict):
            raise DataError(path, f"conversion stage {n} has no dict object")
        stages.append(_tried(stage["dict"], folder, path))
    return stages


def _tried(spec: dict, folder: Path, config: Path) -> list[list[Path]]:
    """A dictionary spec as the dictionaries tried in order, each a union of files."""
    if spec.get("type") == "group":
        policy = spec.get("match_policy", "short_circuit")  # a plain DictGroup: first match
        if policy == "union":
            return [_union(spec, folder, config)]
        if policy == "short_circuit":
            return [
                tried
                for member in _members(spec, config)
                for tried in _tried(member, folder, config)
            ]
        raise DataError(config, f"unknown match_policy {policy!r}")
    return [[_file(spec, folder, config)]]


def _union(spec: dict, folder: Path, config: Path) -> list[Path]:
    """A union group's files, nested unions flattened, in their order."""
    files = []
    for member in _members(spec, config):
        if member.get("type") != "group":
            files.append(_file(member, folder, config))
        elif member.get("match_policy") == "union":
            files += _union(member, folder, config)
        else:  # a first-match group inside a union is no flat list of files
            raise DataError(config, "a union group holds a group that is not a union")
    return files


def _members(spec: dict, config: Path) -> list[dict]:
    """A group's member specs."""
    members = spec.get("dicts")
    if not isinstance(members, list) or not all(isinstance(m, dict) for m in members):
        raise DataError(config, "a group's dicts is not a list of objects")
    return members


def _file(spec: dict, folder: Path, config: Path) -> Path:
    """The path of an ocd2 dictionary spec, which must exist beside the configuration."""
    kind, name = spec.get("type"), spec.get("file")
    if kind != "ocd2" or not isinstance(name, str):
        raise DataError(config, f"dictionary {spec!r} is not an ocd2 file")
    path = folder / name
    if not path.is_file():
        raise DataError(config, f"its dictionary {name} is missing")
    return path
