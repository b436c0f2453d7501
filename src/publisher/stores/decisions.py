"""A document's Traditional decisions: <stem>.zh-Hant.tsv beside the source, read as overrides.

One decision a line, TAB-separated: the Simplified word, its chosen Traditional form, a note,
and optionally the variants it is for (comma-separated, e.g. `tw,twp`: Taiwan's 平臺 is not
Hong Kong's 平台); without them it holds for every variant. A header row (zh-Hans, zh-Hant,
note, variants) and lines starting with # are skipped. Conversion applies
a decision like a glossary zh-Hant override, and it settles that word's review-list row.
"""

from __future__ import annotations

from hashlib import sha256
from pathlib import Path

from ..errors import PublisherError
from ..terms.glossary import Glossary, Term


def path_for(source: Path, stem: str) -> Path:
    """Where a document's decisions live: beside it, <stem>.zh-Hant.tsv."""
    return source.with_name(f"{stem}.zh-Hant.tsv")


def load(path: Path, variant: str | None = None) -> list[Term]:
    """The decisions of a file for a variant (None: all) as override terms (none: no file)."""
    if not path.is_file():
        return []
    terms = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        cells = line.split("\t")
        if not line.strip() or line.startswith("#") or cells[0] == "zh-Hans":
            continue
        if len(cells) < 2 or len(cells[0]) != len(cells[1]) or not cells[0]:
            raise PublisherError(
                f"{path}:{n}: a decision is `Simplified<TAB>Traditional<TAB>note`, the two "
                "words of equal length; fix or delete the line"
            )
        note = cells[2] if len(cells) > 2 else ""
        variants = (
            {v.strip() for v in cells[3].split(",") if v.strip()} if len(cells) > 3 else set()
        )
        if variant is not None and variants and variant not in variants:
            continue
        terms.append(Term(f"decision-{n}", cells[0], "", cells[1], note=note, file=str(path)))
    return terms


def with_decisions(glossary: Glossary, decisions: list[Term]) -> Glossary:
    """The glossary with the decisions added as zh-Hant overrides (a decision wins a tie)."""
    if not decisions:
        return glossary
    words = {t.zh_hans for t in decisions}
    kept = [t for t in glossary.terms if t.zh_hans not in words]
    listed = "\n".join(f"{t.zh_hans}\t{t.zh_hant}" for t in decisions).encode("utf-8")
    return Glossary([*kept, *decisions], f"{glossary.version}+{sha256(listed).hexdigest()[:12]}")


def append(path: Path, zh: str, hant: str, note: str, variant: str = "") -> None:
    """Add one decision, keeping every line already there (a new file gets the header)."""
    from ..files import write_atomic

    if len(zh) != len(hant) or not zh or any(c in "\t\n\r" for c in zh + hant + note):
        raise PublisherError(f"a decision needs two words of equal length, not {zh!r} {hant!r}")
    data = (
        path.read_text(encoding="utf-8") if path.is_file() else "zh-Hans\tzh-Hant\tnote\tvariants\n"
    )
    if data and not data.endswith("\n"):
        data += "\n"
    write_atomic(path, data + "\t".join([zh, hant, note, variant]) + "\n")
