"""`publisher status SOURCE`: states, a CAT-style analysis, and what still needs work."""

from __future__ import annotations

from pathlib import Path

from . import COMMANDS


def add_commands(sub) -> None:
    from .build import _inputs

    p = sub.add_parser("status", help=COMMANDS["status"][1])
    p.add_argument("source", type=Path)
    _inputs(p)
    p.set_defaults(run=run_status)


def run_status(args) -> int:
    from ..pipeline import status
    from .build import config_from

    args.machine = False
    s = status(config_from(args))
    print(f"{s.name}: {s.segments} segments, translation file {s.path}")
    print("states: " + ", ".join(f"{n} {state}" for state, n in s.states.items()))
    if s.orphans:
        print(f"orphans: {s.orphans} translated unit(s) match no segment")
    print(f"{'analysis':<14}{'segments':>9}{'characters':>12}{'words':>8}")
    for band, (segs, chars, words) in s.analysis.items():
        print(f"{band:<14}{segs:>9}{chars:>12}{words:>8}")
    total = [sum(v[i] for v in s.analysis.values()) for i in range(3)]
    print(f"{'total':<14}{total[0]:>9}{total[1]:>12}{total[2]:>8}")
    print(f"needs work: {len(s.todo)} segment(s)")
    for row in s.todo[:20]:
        print(f"  {row}")
    if len(s.todo) > 20:
        print(f"  … and {len(s.todo) - 20} more")
    return 0
