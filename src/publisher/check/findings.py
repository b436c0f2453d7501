"""What the checks found: one Finding per problem, collected in a Report."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..document import Query

ERROR = "error"
WARNING = "warning"
SEVERITIES = (ERROR, WARNING)

# The families of checks, in the order the report presents them.
CHECKS = ("numbers", "terms", "completeness", "style", "layout", "source", "traditional")
TITLES = {
    "numbers": "Numbers and units",
    "terms": "Glossary compliance",
    "completeness": "Completeness",
    "style": "English style",
    "layout": "Figures, tables, marks",
    "source": "Source lint",
    "traditional": "Traditional review list",
}

Span = tuple[int, int]


@dataclass(frozen=True)
class Finding:
    """One problem in one segment: where it is, why it matters, what to highlight."""

    check: str
    severity: str
    reason: str
    segment_id: str
    zh: str
    en: str | None
    zh_spans: tuple[Span, ...] = ()
    en_spans: tuple[Span, ...] = ()
    detail: Mapping = field(default_factory=dict, compare=False)  # check-specific: decided_by…

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"severity must be one of {SEVERITIES}, not {self.severity!r}")
        object.__setattr__(self, "zh_spans", _spans(self.zh_spans))
        object.__setattr__(self, "en_spans", _spans(self.en_spans))
        object.__setattr__(self, "detail", MappingProxyType(dict(self.detail)))

    def to_json(self) -> dict:
        return {
            "check": self.check,
            "severity": self.severity,
            "reason": self.reason,
            "segment_id": self.segment_id,
            "zh": self.zh,
            "en": self.en,
            "zh_spans": [list(s) for s in self.zh_spans],
            "en_spans": [list(s) for s in self.en_spans],
            **dict(self.detail),
        }

    @classmethod
    def from_json(cls, data: Mapping) -> Finding:
        """The finding to_json() wrote (a finding kept between runs)."""
        named = ("check", "severity", "reason", "segment_id", "zh", "en", "zh_spans", "en_spans")
        zh, en = (tuple((a, b) for a, b in data[k]) for k in named[6:])
        detail = {k: v for k, v in data.items() if k not in named}
        check, severity, reason, segment_id, text, english = (data[k] for k in named[:6])
        return cls(check, severity, reason, segment_id, text, english, zh, en, detail)


def _spans(spans: Iterable[Span]) -> tuple[Span, ...]:
    """Sorted, merged (start, end) pairs."""
    merged: list[list[int]] = []
    for start, end in sorted((int(a), int(b)) for a, b in spans if b > a):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple((a, b) for a, b in merged)


@dataclass(frozen=True)
class Report:
    """Every finding, counts per check and severity, and totals a check reports (extra)."""

    findings: tuple[Finding, ...]
    counts: Mapping[str, Mapping[str, int]]
    extra: Mapping = field(default_factory=dict)
    queries: tuple[Query, ...] = ()  # questions for the author, with their answers
    checked: int = 0  # segments checked anew (the others' parts kept from an earlier run)

    @property
    def blocking_queries(self) -> tuple[Query, ...]:
        return tuple(q for q in self.queries if q.blocks)

    @classmethod
    def of(cls, findings: Iterable[Finding], extra: Mapping | None = None) -> Report:
        """A report whose counts are computed from its findings."""
        findings = tuple(findings)
        tally = Counter((f.check, f.severity) for f in findings)
        checks = list(CHECKS) + sorted({f.check for f in findings} - set(CHECKS))
        counts = {c: {s: tally[(c, s)] for s in SEVERITIES} for c in checks}
        return cls(findings, counts, dict(extra or {}))

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == ERROR)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == WARNING)

    def by_check(self, check: str) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.check == check)

    def summary(self) -> str:
        """A few lines for the terminal: totals, then one line per check."""
        lines = [f"QA: {len(self.errors)} errors, {len(self.warnings)} warnings"]
        for check, n in self.counts.items():
            lines.append(
                f"  {TITLES.get(check, check):<24} {n[ERROR]:>4} errors {n[WARNING]:>5} warnings"
            )
        if self.queries:
            lines.append(
                f"  Author queries: {len(self.queries)}, "
                f"{sum(q.status == 'open' for q in self.queries)} open, "
                f"{len(self.blocking_queries)} open and blocking"
            )
        trad = self.extra.get("traditional")
        if trad:
            lines.append(
                f"  Traditional ({trad['variant']}, house style {trad['house_style']}): "
                f"{trad['rows']} words to review: {trad['tier1']} tier 1 (likely errors), "
                f"{trad['tier2']} tier 2 (house style), {trad['tier3']} tier 3 (folded)"
            )
        return "\n".join(lines)

    def to_json(self) -> dict:
        return {
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "counts": {c: dict(n) for c, n in self.counts.items()},
            "extra": _plain(self.extra),
            "findings": [f.to_json() for f in self.findings],
            "queries": [
                {**asdict(q), "kind": str(q.kind), "status": str(q.status)} for q in self.queries
            ],
        }


def _plain(value):
    """Mappings and tuples as JSON-ready dicts and lists."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value
