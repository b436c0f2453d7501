"""Traditional conversion, measured: the hazard test set, OpenCC's own cases, the seed's list.

1. tests/data/traditional/hazards.tsv (289 sentences written for the project): per variant,
   sentences converted exactly right and, of the wrong ones, how many the review list's tier 1
   catches (every wrong character lies in a tier-1 note). Plain OpenCC (tw-opencc) beside.
2. OpenCC's reference cases (../shared/holdout/03_s2t/, when there): our tw, hk and t against
   OpenCC's s2tw, s2hk and s2t expectations; every difference is listed with whether the house
   style made it (a deliberate difference) or not.
3. The seed's review list: rows per tier for each variant.

    python bench/traditional.py [--holdout DIR] [--show]
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from publisher.lang import hant  # noqa: E402
from publisher.terms.glossary import Glossary  # noqa: E402
from publisher.terms.usage import traditional  # noqa: E402

TESTSET = ROOT / "tests" / "data" / "traditional" / "hazards.tsv"
HOLDOUT = ROOT.parent / "shared" / "holdout" / "03_s2t"  # ../shared beside the repository
NONE = Glossary([], "none")


def rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def judge(zh: str, expected: str, variant: str) -> str:
    """right, caught (every wrong character in a tier-1 note) or missed."""
    done = traditional(zh, NONE, variant)
    if done.text == expected:
        return "right"
    if len(done.text) != len(expected):
        return "caught" if any(n.kind == hant.LENGTH for n in done.notes) else "missed"
    wrong = {i for i, (a, b) in enumerate(zip(done.text, expected, strict=True)) if a != b}
    flagged = {i for n in done.notes if n.kind != hant.HOUSE for i in range(n.start, n.end)}
    return "caught" if wrong <= flagged else "missed"


def testset(show: bool) -> None:
    data = rows(TESTSET)
    print(f"test set {TESTSET.relative_to(ROOT)}: {len(data)} sentences")
    for variant, column in (("tw", "tw"), ("hk", "hk"), ("tw-opencc", "tw")):
        verdicts = {r["id"]: judge(r["zh-Hans"], r[column], variant) for r in data}
        right = sum(v == "right" for v in verdicts.values())
        caught = sum(v == "caught" for v in verdicts.values())
        wrong = len(data) - right
        print(
            f"  {variant:<10} right {right}/{len(data)} ({right / len(data):.1%}); "
            f"of {wrong} wrong, tier 1 catches {caught}; right or caught "
            f"{(right + caught) / len(data):.1%}"
        )
        if show:
            missed = [k for k, v in verdicts.items() if v == "missed"]
            print(f"    missed: {' '.join(missed) or '-'}")


def holdout(folder: Path, show: bool) -> None:
    if not folder.is_dir():
        print(f"OpenCC reference cases: {folder} not found, skipped")
        return
    print(f"OpenCC reference cases ({folder}):")
    for variant, config in (("tw", "s2tw"), ("hk", "s2hk"), ("t", "s2t")):
        path = folder / f"opencc_cases.{config}.tsv"
        if not path.exists():
            continue
        cases = rows(path)
        same, deliberate, other = 0, [], []
        for case in cases:
            done = traditional(case["input_simplified"], NONE, variant)
            plain = hant.punctuate(case["expected"], variant)  # quotes are regional by design
            if done.text == plain:
                same += 1
            elif any(n.kind == hant.HOUSE for n in done.notes) and _only_house(done, plain):
                deliberate.append(case["id"])
            else:
                other.append(case["id"])
        print(
            f"  {config}: {same}/{len(cases)} match; house style (deliberate) {len(deliberate)}"
            f" {' '.join(deliberate)}; other {len(other)} {' '.join(other)}"
        )
        if show:
            for case in cases:
                if case["id"] in other:
                    done = traditional(case["input_simplified"], NONE, variant).text
                    print(f"    {case['id']}: ours {done} / opencc {case['expected']}")
        text = folder / "us_constitution.zhs.txt"
        expected = folder / f"us_constitution.opencc_{config}.txt"
        if text.exists() and expected.exists():
            ours = [
                traditional(line, NONE, variant) for line in text.read_text("utf-8").split("\n")
            ]
            theirs = expected.read_text("utf-8").split("\n")
            diff = [
                (o, t)
                for o, t in zip(ours, theirs, strict=False)
                if o.text != hant.punctuate(t, variant)
            ]
            house = sum(1 for o, t in diff if _only_house(o, hant.punctuate(t, variant)))
            noted = sum(1 for o, t in diff if _noted(o, hant.punctuate(t, variant)))
            print(
                f"  {config} U.S. Constitution: {len(ours)} lines, {len(diff)} differ, "
                f"{house} of them by the house style only, {noted} with every difference in a note"
            )
            if show:
                for o, t in diff:
                    notes = [f"{n.other}→{n.hant}" for n in o.notes if n.kind == hant.HOUSE]
                    rest = [
                        f"{a}/{b}"
                        for a, b in zip(o.text, hant.punctuate(t, variant), strict=False)
                        if a != b
                    ]
                    print(f"    house {' '.join(notes)}; chars ours/opencc {' '.join(rest)}")


def _only_house(done, expected: str) -> bool:
    if len(done.text) != len(expected):
        return False
    house = {i for n in done.notes if n.kind == hant.HOUSE for i in range(n.start, n.end)}
    return all(
        a == b or i in house for i, (a, b) in enumerate(zip(done.text, expected, strict=True))
    )


def _noted(done, expected: str) -> bool:
    """Whether every character that differs from expected lies in a note (house or review)."""
    flagged = {i for n in done.notes for i in range(n.start, n.end)}
    return len(done.text) == len(expected) and all(
        a == b or i in flagged for i, (a, b) in enumerate(zip(done.text, expected, strict=True))
    )


def seed() -> None:
    """The seed's list with its reviewed decisions file, and without it (what a reviewer
    starts from): rows per tier, tier 1 by kind, and the two errors the issue named."""
    import shutil
    import tempfile
    from collections import Counter

    from publisher import check
    from publisher.config import BuildConfig
    from publisher.pipeline import glossary_for, overrides, prepare

    source = ROOT / "seeds" / "zhuzhou-2020.zh.md"
    with tempfile.TemporaryDirectory() as tmp:
        bare = Path(tmp) / source.name  # the source and its English, no decisions beside it
        shutil.copy(source, bare)
        shutil.copy(source.with_name("zhuzhou-2020.en.xlf"), Path(tmp))
        for variant in ("tw", "hk", "tw-opencc"):
            for label, path in (("with its decisions", source), ("without decisions", bare)):
                config = BuildConfig(source=path, glossary_dir=ROOT / "glossary", variant=variant)
                terms, _ = glossary_for(config)
                doc = prepare(config, terms=terms).doc
                report = check.run(doc, terms, variant, overrides(config, terms))
                t = report.extra["traditional"]
                kinds = Counter(  # rows holding each kind of tier-1 reason
                    k
                    for f in report.by_check("traditional")
                    if f.detail["tier"] == 1
                    for k in f.detail["kinds"]
                    if k not in ("house", "vocabulary")
                )
                text = "".join(s.zh_hant or "" for s in doc.segments())
                named = [w for w in ("戰風鬥雨", "動力換檔") if w in text]
                print(
                    f"seed review list, {variant}, {label}: {t['rows']} rows: tier 1 "
                    f"{t['tier1']} ({', '.join(f'{k} {n}' for k, n in kinds.items()) or '-'}), "
                    f"tier 2 {t['tier2']}, tier 3 {t['tier3']} (folded); "
                    f"printed right: {' '.join(named) or 'neither'}; "
                    f"「 {text.count('「')}, “ {text.count('“')}"
                )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--holdout", type=Path, default=HOLDOUT)
    parser.add_argument("--show", action="store_true", help="list the ids and differences")
    args = parser.parse_args()
    testset(args.show)
    holdout(args.holdout, args.show)
    seed()


if __name__ == "__main__":
    main()
