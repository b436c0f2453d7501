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
PDF_VARIANTS = ("pdf/a-1b", "pdf/a-2b", "pdf/a-3b", "pdf/a-3u", "pdf/ua-1", "pdf/x-3", "pdf/x-4")
ARRANGEMENTS = ("columns", "stacked")
MARKS = ("crop", "cross", "crop cross")


# XLIFF target states the build takes as approved English (--accept): translated and above.
ACCEPTED_STATES = ("translated", "final", "signed-off")


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
    engine: EngineConfig = field(default_factory=EngineConfig)
    jobs: int = 0  # processes that typeset the editions; 0: one per free core
    accepted: tuple[str, ...] = ACCEPTED_STATES  # XLIFF states taken as approved English
    memory: bool = True  # exact matches from the translation memory fill segments

    @property
    def stem(self) -> str:
        return self.source.name.split(".")[0]

    @property
    def xliff_path(self) -> Path:
        return self.xliff or self.source.with_name(f"{self.stem}.en.xlf")
