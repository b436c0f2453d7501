"""`publisher glossary …` run in-process as cli.main runs it, and the files its tests need."""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

from publisher.cli.glossary import add_commands
from publisher.document import Provenance
from publisher.errors import PublisherError

HEADER = "id\tzh-Hans\tzh-Hant\ten\tforbidden\tpos\tdomain\tstatus\tnote\tsource"


def run(*argv: object) -> int:
    """`publisher glossary ARGV` as cli.main would run it: a user error is its exit code."""
    parser = argparse.ArgumentParser(prog="publisher")
    add_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["glossary", *map(str, argv)])
    try:
        return args.run(args)
    except PublisherError as exc:
        print(f"error: {exc}")
        return exc.exit_code


def write_glossary(folder: Path, rows: list[str], name: str = "terms.tsv") -> Path:
    """A glossary file of full-schema rows (TAB-separated strings)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def write_report(folder: Path, text: str, english: dict[str, str]) -> Path:
    """A report and its approved XLIFF: english maps each Chinese sentence to its English."""
    from publisher.read import read
    from publisher.segment import segment
    from publisher.stores import xliff

    folder.mkdir(parents=True, exist_ok=True)
    source = folder / "r.zh.md"
    source.write_text(text, encoding="utf-8")
    doc = segment(read(source))
    doc = doc.map_segments(
        lambda s: (
            replace(s, en=english[s.zh], provenance=Provenance.APPROVED) if s.zh in english else s
        )
    )
    xliff.write_new(doc, folder / "r.en.xlf", source_name=source.name)
    return source
