"""The command line: parse, dispatch, and turn a PublisherError into its message and exit code."""

from __future__ import annotations

import argparse
import os
import sys

from .. import __version__
from ..errors import PublisherError
from ..text import printable


def main(argv: list[str] | None = None) -> int:
    from .xliff import legacy

    args = parser().parse_args(legacy(sys.argv[1:] if argv is None else list(argv)))
    try:
        return args.run(args)
    except PublisherError as exc:
        print(f"error: {printable(str(exc))}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `publisher … | head`: the reader left; say nothing more
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    finally:
        if memo := sys.modules.get("publisher.memo"):
            memo.save_all()  # jieba's words, the checks' findings: for the next run


def parser() -> argparse.ArgumentParser:
    from . import build, desk, glossary, model, queries, status, xliff

    top = argparse.ArgumentParser(
        prog="publisher", description="Typeset a Chinese report as bilingual Chinese-English PDFs."
    )
    top.add_argument("--version", action="version", version=f"publisher {__version__}")
    sub = top.add_subparsers(dest="command", required=True)
    build.add_commands(sub)
    glossary.add_commands(sub)
    model.add_commands(sub)
    queries.add_commands(sub)
    xliff.add_commands(sub)
    status.add_commands(sub)
    desk.add_commands(sub)
    return top
