"""Write a QA report as HTML (for a reviewer's browser) and JSON (for tools), atomically."""

from __future__ import annotations

import json
from pathlib import Path

from .. import __version__
from ..check.findings import CHECKS, ERROR, TITLES, Finding, Report
from ..document import Document
from ..files import write_atomic
from .html import render

TEMPLATE = "qa.html.j2"
SIDE_BY_SIDE = tuple(c for c in CHECKS if c != "traditional")


def write(report: Report, doc: Document, out_dir: Path, name: str) -> tuple[Path, Path]:
    """out_dir/<name>.qa.html and out_dir/<name>.qa.json; each appears whole or not at all."""
    html_path = out_dir / f"{name}.qa.html"
    json_path = out_dir / f"{name}.qa.json"
    data = report.to_json()
    data["orphans"] = [{"id": o.id, "zh": o.source, "en": o.target} for o in doc.orphans]
    data["previous"] = [
        {"id": p.segment_id, "old_zh": p.source, "en": p.target, "score": p.score}
        for p in doc.previous
    ]
    write_atomic(json_path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    write_atomic(html_path, html(report, doc))
    return html_path, json_path


def other_inputs(out_dir: Path, name: str, inputs: dict[str, str]) -> list[str]:
    """Which inputs differ from those of the QA report already in out_dir (none: [])."""
    try:
        old = json.loads((out_dir / f"{name}.qa.json").read_text("utf-8"))["extra"]["inputs"]
    except (OSError, ValueError, KeyError, TypeError):
        return []
    return [k for k, v in inputs.items() if old.get(k) != v]


def html(report: Report, doc: Document) -> str:
    """The report as one self-contained HTML page (Jinja2, autoescaped)."""
    return render(TEMPLATE, context(report, doc))


def context(report: Report, doc: Document) -> dict:
    """Everything the template shows, with highlighted texts already cut into parts."""
    trad = report.by_check("traditional")
    zh = {s.id: s.zh for s in doc.segments()}
    return {
        "name": doc.name,
        "source_name": report.extra["source_name"],
        "built": report.extra["built"],
        "version": __version__,
        "errors": len(report.errors),
        "warnings": len(report.warnings),
        "counts": [{"check": c, "title": TITLES.get(c, c), **n} for c, n in report.counts.items()],
        "segments": report.extra.get("segments", sum(1 for _ in doc.segments())),
        "glossary_version": report.extra.get("glossary_version", ""),
        "trad_totals": report.extra.get("traditional"),
        "length_ratio": report.extra.get("length_ratio"),
        "ratio_sample": report.extra.get("ratio_sample", 0),
        "machine": report.extra.get("machine"),
        "inputs": report.extra["inputs"],
        "queries": report.queries,
        "queries_file": report.extra.get("queries_file", ""),
        "sections": [
            {
                "check": c,
                "title": TITLES[c],
                "findings": [_card(f) for f in _ordered(report.by_check(c))],
            }
            for c in SIDE_BY_SIDE
        ],
        "tier1": [_row(f.detail) for f in trad if f.detail.get("tier") == 1],
        "tier2": [_row(f.detail) for f in trad if f.detail.get("tier") == 2],
        "tier3": [_row(r) for r in (report.extra.get("traditional") or {}).get("folded", [])],
        "orphans": [{"id": o.id, "zh": o.source, "en": o.target} for o in doc.orphans],
        "previous": [
            {
                "id": p.segment_id,
                "zh": zh.get(p.segment_id, ""),
                "old_zh": p.source,
                "en": p.target,
                "score": p.score,
            }
            for p in doc.previous
        ],
    }


def _ordered(findings: tuple[Finding, ...]) -> list[Finding]:
    """Errors before warnings, otherwise in document order."""
    return sorted(findings, key=lambda f: f.severity != ERROR)


def _card(f: Finding) -> dict:
    return {
        "severity": f.severity,
        "reason": f.reason,
        "segment_id": f.segment_id,
        "zh": parts(f.zh, f.zh_spans),
        "en": parts(f.en or "", f.en_spans),
        "has_text": bool(f.zh or f.en),
        "no_english": f.en is None,
    }


def _row(d) -> dict:
    """A review-list row (a finding's detail, or a folded tier-3 row) for the template."""
    at = d.get("context_at", 0)
    size = d.get("context_len", 1)
    segments = d.get("segments", [])
    return {
        "word_zh": d.get("word_zh", ""),
        "word_hant": d.get("word_hant", ""),
        "other": d.get("other", ""),
        "count": d.get("count", 1),
        "why": d.get("reason", "").partition(": ")[2],
        "decided_by": d.get("decided_by", ""),
        "context": parts(d.get("context_zh", ""), ((at, at + size),)),
        "segments": " ".join(segments[:6])
        + (f" … +{len(segments) - 6}" if len(segments) > 6 else ""),
    }


def parts(text: str, spans) -> list[dict]:
    """Text cut at the spans: [{"text": ..., "mark": bool}, ...], for <mark> in the template."""
    out, pos = [], 0
    for start, end in spans:
        start, end = max(start, pos), min(end, len(text))
        if start >= end:
            continue
        if start > pos:
            out.append({"text": text[pos:start], "mark": False})
        out.append({"text": text[start:end], "mark": True})
        pos = end
    if pos < len(text):
        out.append({"text": text[pos:], "mark": False})
    return out
