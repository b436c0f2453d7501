"""Reading built PDFs back: text (poppler's pdftotext), columns, pages, the outline."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path


def pdftotext(pdf: Path, *args: str) -> str:
    return subprocess.run(
        ["pdftotext", *args, str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout


# A4 in points, and where the stylesheet puts things: the rule between the columns at the 18 mm
# margin + the Chinese measure (16 ems of 10.5 pt) + its 5 mm gutter; running head and folio
# outside the 22 mm top and 24 mm bottom margins.
PAGE_W, PAGE_H = 595, 842
MM = 72 / 25.4
GUTTER_X = round(18 * MM + 16 * 10.5 + 5 * MM)
TOP, BOTTOM = round(20 * MM), round(PAGE_H - 22 * MM)


def columns(pdf: Path) -> tuple[str, str]:
    """The text of the left and right columns of every page body, read separately."""
    box = ["-y", str(TOP), "-H", str(BOTTOM - TOP)]
    left = pdftotext(pdf, "-x", "0", "-W", str(GUTTER_X), *box)
    right = pdftotext(pdf, "-x", str(GUTTER_X), "-W", str(PAGE_W - GUTTER_X), *box)
    return left, right


def squash(text: str) -> str:
    """Text without spaces and hyphens (the PDF breaks lines and hyphenates), for containment."""
    return re.sub(r"[\s\-\u2010\u00ad]+", "", text)


def page_texts(pdf: Path) -> list[str]:
    return pdftotext(pdf).split("\f")


def outline(reader) -> list[tuple[str, int]]:
    """A pypdf reader's bookmarks, flattened: (title, 1-based page number)."""
    flat = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                flat.append((item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline)
    return flat
