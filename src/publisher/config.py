"""The build's configuration: frozen, built once from the command line, every default written once.

Pure data and light to import: the command line reads its choices from here without loading
Jinja2, WeasyPrint or OpenCC.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# --variant -> the Traditional standard (lang.opencc maps each to its OpenCC configuration).
VARIANTS = ("tw", "tw-opencc", "twp", "hk", "t")
DEFAULT_VARIANT = "tw"

PAPER = {  # size, margins (top right bottom left)
    "A4": ("A4", "22mm 18mm 24mm 18mm"),
    "Letter": ("letter", "0.85in 0.75in 0.95in 0.75in"),
    "A5": ("A5", "16mm 13mm 18mm 13mm"),
}
# What each variant promises is checked, or it is not offered: PDF/X-4 is converted to CMYK with
# an output intent (writers/pdfx.py); PDF/UA-1 is WeasyPrint's tagging extended (languages,
# headings, artifacts, the grid read row by row: writers/pdfua.py) and read back; PDF/X-3 is not
# offered, since WeasyPrint's RGB output does not meet it (see the README).
PDF_VARIANTS = ("pdf/a-1b", "pdf/a-2b", "pdf/a-3b", "pdf/a-3u", "pdf/x-4", "pdf/ua-1")
ARRANGEMENTS = ("columns", "stacked")
MARKS = ("crop", "cross", "crop cross")
MARKS_REFUSED = (
    "--marks: WeasyPrint 70 draws printer's marks inside the bleed (from the sheet's edge to half"
    " the bleed), where they print on anything that bleeds, and leaves no slug outside it; build"
    " with --bleed alone and let the printer's imposition add the marks"
)


# XLIFF target states the build takes as approved English (--accept): translated and above.
ACCEPTED_STATES = ("translated", "final", "signed-off")


SOURCE_SUFFIXES = (".md", ".markdown", ".txt", ".docx", ".odt")
LANGUAGE_SUFFIXES = (".zh", ".zh-hans", ".zh-cn")


def stem_of(source: Path) -> str:
    """The outputs' name: the whole file name before the format and language suffixes
    (report.v1.zh.md -> report.v1), so two versions of a report never share outputs."""
    name = source.name
    for suffixes in (SOURCE_SUFFIXES, LANGUAGE_SUFFIXES):
        for suffix in suffixes:
            if name.lower().endswith(suffix) and len(name) > len(suffix):
                name = name[: -len(suffix)]
                break
    return name


def positive(value: str) -> int:
    """An argparse type: a whole number of at least 1."""
    return _whole(value, 1)


def not_negative(value: str) -> int:
    """An argparse type: a whole number, 0 or more (0: automatic)."""
    return _whole(value, 0)


def _whole(value: str, least: int) -> int:
    import argparse

    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number < least:
        raise argparse.ArgumentTypeError(f"{value} is less than {least}")
    return number


BLEED_MAX_MM = 20
_UNITS_MM = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72}


def bleed(value: str) -> str:
    """An argparse type: a printer's bleed as a CSS length (3mm, 0.125in, 9pt), 0 to 20 mm;
    nothing else reaches the stylesheet."""
    import argparse
    import re

    m = re.fullmatch(r"(\d+(?:\.\d+)?)(mm|cm|in|pt)", value.strip())
    if not m:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a length like 3mm, 0.3cm, 0.125in or 9pt"
        )
    if float(m[1]) * _UNITS_MM[m[2]] > BLEED_MAX_MM:
        raise argparse.ArgumentTypeError(f"{value} is more bleed than {BLEED_MAX_MM} mm")
    return m[1] + m[2]


@dataclass(frozen=True)
class Edition:
    """Which Chinese script (None: none) and whether English is in it."""

    key: str
    script: str | None
    english: bool
    label_en: str
    label_zh: str = ""

    @property
    def langs(self) -> tuple[str, ...]:
        return (("zh",) if self.script else ()) + (("en",) if self.english else ())


EDITIONS = {
    e.key: e
    for e in (
        Edition(
            "zh-Hans-en",
            "zh-Hans",
            True,
            "Simplified Chinese–English edition",
            "简体中文–英文对照版",
        ),
        Edition(
            "zh-Hant-en",
            "zh-Hant",
            True,
            "Traditional Chinese–English edition",
            "繁體中文–英文對照版",
        ),
        Edition("en", None, True, "English edition"),
        Edition("zh-Hans", "zh-Hans", False, "Simplified Chinese edition", "简体中文版"),
        Edition("zh-Hant", "zh-Hant", False, "Traditional Chinese edition", "繁體中文版"),
    )
}
DEFAULT_EDITIONS = ("zh-Hans-en", "zh-Hant-en")


@dataclass(frozen=True)
class LayoutConfig:
    """How the editions are set: paper, columns, and what the printer or archive needs."""

    paper: str = "A4"
    arrangement: str = "columns"  # or "stacked": English under its Chinese
    english_left: bool = False
    bleed: str | None = None  # e.g. "3mm"
    marks: str | None = None  # "crop", "cross" or "crop cross"
    pdf_variant: str | None = None
    output_profile: Path | None = None  # the printer's CMYK ICC profile, for pdf/x-4
    draft: bool = False  # a caption with no image gets a marked empty frame
    pad: int = 0  # pad the page count to a multiple of this (4: a binding's sheets); 0 or 1: none


@dataclass(frozen=True)
class EngineConfig:
    """Which machine engine, with that engine's own options (engines/ defines their type)."""

    name: str = "argos"
    options: Any = None  # None: the engine's defaults


@dataclass(frozen=True)
class BuildConfig:
    """Everything a build needs, fixed once from the command line."""

    source: Path
    out_dir: Path = Path("out")
    glossary_dir: Path = Path("glossary")
    glossary_required: bool = (
        False  # True when named on the command line: a missing one is an error
    )
    xliff: Path | None = None
    variant: str = DEFAULT_VARIANT
    draft: bool = False
    editions: tuple[str, ...] = DEFAULT_EDITIONS
    layout: LayoutConfig = field(default_factory=LayoutConfig)
    preview: bool = False
    strict: bool = False  # QA errors fail the build before any PDF is written
    machine: bool = True  # machine-translate what has no approved translation
    cache: Path | None = None  # None: no translation cache
    checks_cache: Path | None = None  # the checks' per-segment results kept between runs
    engine: EngineConfig = field(default_factory=EngineConfig)
    jobs: int = 0  # processes that typeset the editions; 0: one per free core
    from_traditional: bool = False  # a Traditional-script source is converted to Simplified
    accepted: tuple[str, ...] = ACCEPTED_STATES  # XLIFF states taken as approved English
    memory: bool = True  # exact matches from the translation memory fill segments

    @property
    def stem(self) -> str:
        return stem_of(self.source)

    @property
    def xliff_path(self) -> Path:
        return self.xliff or self.source.with_name(f"{self.stem}.en.xlf")
