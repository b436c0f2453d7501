"""The command line: parse, dispatch, and turn a PublisherError into its message and exit code."""

from __future__ import annotations

import argparse
import os
import sys

from .. import __version__
from ..errors import PublisherError
from ..text import printable

# Every command: the module of this package that adds it, and what it does. The top-level help
# lists them from here, importing none of them: `publisher --help` stays fast.
COMMANDS = {
    "build": ("build", "build the PDF editions of a report"),
    "qa": ("build", "check figures, terms and completeness; write the QA report"),
    "glossary": ("glossary", "lint, search, extend, measure and exchange the glossary"),
    "model": ("model", "list or install machine-translation models (Argos packages)"),
    "queries": ("queries", "questions for the author about the source; record their answers"),
    "xliff": ("xliff", "export the segments as XLIFF 1.2; import a returned file"),
    "tm": ("xliff", "the translation memory"),
    "status": ("status", "translation states, a CAT-style analysis, work left"),
    "desk": ("desk", "review and approve the translation in a local web page (127.0.0.1 only)"),
}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["xliff"]:
        from .xliff import legacy

        argv = legacy(argv)
    args = parser(argv).parse_args(argv)
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


def parser(argv: list[str] | tuple[str, ...] = ()) -> argparse.ArgumentParser:
    """The command line: in full for the command argv names, the others by name and help only."""
    from importlib import import_module

    top = argparse.ArgumentParser(
        prog="publisher", description="Typeset a Chinese report as bilingual Chinese-English PDFs."
    )
    top.add_argument("--version", action="version", version=f"publisher {__version__}")
    sub = top.add_subparsers(dest="command", required=True)
    command = next((a for a in argv if not a.startswith("-")), None)
    wanted = COMMANDS[command][0] if command in COMMANDS else None
    for name, (module, text) in COMMANDS.items():
        if name in sub.choices:
            continue  # added with another command of its module
        if module == wanted:
            import_module(f".{module}", __name__).add_commands(sub)
        else:
            sub.add_parser(name, help=text)
    return top
