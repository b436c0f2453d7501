"""Print typography for English text: curly quotes and apostrophes, en dashes in ranges."""

import re

_OPENS_AFTER = r"(?:^|(?<=[\s(\[{—–/]))"  # a quote here opens; anywhere else it closes
_RULES = (
    (re.compile(_OPENS_AFTER + '"'), "“"),
    (re.compile('"'), "”"),
    (re.compile(r"(?<=\w)'|'(?=\d{2}s)"), "’"),  # apostrophes: it's, the '90s
    (re.compile(_OPENS_AFTER + "'"), "‘"),
    (re.compile("'"), "’"),
    (re.compile(r"(?<=\d)-(?=\d)"), "–"),  # 2018-2020 -> 2018–2020
)


def typographic(text: str) -> str:
    """Straight quotes to curly ones, hyphens between figures to en dashes."""
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return text
