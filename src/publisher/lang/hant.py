"""Simplified -> Traditional that knows words: OpenCC, checked against jieba and zhconv-rs,
then a regional house style and regional quotation marks. Every decision worth a look is a Note.

For one text (a stretch with no glossary override):

1. OpenCC's own segmentation (lang.opencc) says which phrase decided each character.
2. A phrase match is *distrusted* when it straddles a jieba word (some word overlaps it without
   containing it or lying inside it), or when it is itself a jieba word only by a narrow margin
   (its jieba probability hardly beats splitting it) and it moves a one-to-many character off
   its default. A distrusted character falls back to the reading of the word it sits in: that
   word converted alone, or the character's default when the phrase was the word.
3. A hazard character (data/traditional/hazard-chars.txt) decided by no phrase takes the reading
   whose example word is the jieba word around it, if one is; it stays a review candidate.
   One that a dictionary word across its own word's boundary reads otherwise (源头|发力
   against 头发) is a review candidate too: the text says which word it is, not the tools.
4. The house style (tw-moe.tsv, hk.tsv) substitutes after OpenCC, every change recorded.
5. zhconv-rs (MediaWiki's tables) converts the same text: every other disagreement is a Note.
6. Quotation marks become 「」『』 (nesting alternates) for tw and hk, and half-width
   parentheses around Chinese text become full-width.

OpenCC maps character for character, so offsets in the Simplified text are offsets in the
Traditional one; a text whose conversion changes length skips steps 2, 3 and 4 (and says so).
"""

from __future__ import annotations

import csv
import difflib
import math
import re
from dataclasses import astuple, dataclass, replace
from functools import cache
from importlib.resources import files
from typing import Literal

from ..memo import LIBRARIES, Memo, cache_dir, version
from .opencc import (
    CONFIGS,
    converter,
    matches,
    one_to_many,
    opencc_config,
    phrase_forms,
    script_characters,
    stages,
)
from .words import frequencies, known, remembered, tokens

# Note kinds: what made a place worth a reviewer's look.
STRADDLE = "straddle"  # an OpenCC phrase straddles a word: fell back to the word's reading
WEAK = "weak-phrase"  # an OpenCC phrase that is a word only by a narrow margin: fell back
HAZARD = "hazard"  # a hazard character decided by no phrase
ENGINES = "engines"  # zhconv-rs writes it otherwise
FORMS = "phrase-forms"  # the OpenCC phrase that decided it has other Traditional forms
HOUSE = "house"  # a house-style substitution
LENGTH = "length"  # the conversion changed the length: word checks skipped
OVERLAP = "overlap"  # a dictionary word across its word's boundary reads the character otherwise

WEAK_MARGIN = 3.0  # nats: a phrase that beats its best split by less is a word only narrowly


Target = Literal["zh-tw", "zh-hk", "zh-hant"]


@dataclass(frozen=True)
class Profile:
    """What a --variant does: its OpenCC configuration, house style, checks and punctuation."""

    variant: str
    opencc: str
    house: str | None  # a file of data/traditional, or None
    words: bool  # word-boundary checks (steps 2 and 3)
    quotes: bool  # 「」『』 and full-width parentheses
    zhconv: Target  # zhconv-rs target


PROFILES = {
    "tw": Profile("tw", "s2tw", "tw-moe.tsv", True, True, "zh-tw"),
    "tw-opencc": Profile("tw-opencc", "s2tw", None, False, True, "zh-tw"),
    "twp": Profile("twp", "s2twp", "tw-moe.tsv", True, True, "zh-tw"),
    "hk": Profile("hk", "s2hk", "hk.tsv", True, True, "zh-hk"),
    "t": Profile("t", "s2t", None, True, False, "zh-hant"),
}


@dataclass(frozen=True)
class Note:
    """One place of a conversion worth a look: [start, end) of the Simplified text."""

    kind: str
    start: int
    end: int
    hant: str  # what the text now says there
    other: str = ""  # the alternative: OpenCC's phrase reading, zhconv's, house style's from
    by: str = ""  # the phrase, the example word, or the house-style note


@dataclass(frozen=True)
class Converted:
    text: str
    notes: tuple[Note, ...] = ()
    phrases: tuple[tuple[int, int], ...] = ()  # OpenCC phrase spans that were trusted


@dataclass(frozen=True)
class Rule:
    """One house-style row: from -> to, when (empty: always; word: not across a word)."""

    source: str
    target: str
    context: str
    note: str


def profile(variant: str) -> Profile:
    converter(variant)  # raises for an unknown variant
    return PROFILES[variant]


def convert(text: str, variant: str = "tw") -> Converted:
    """text (Simplified, no glossary override inside) in the variant's Traditional.

    A text that is Traditional already (our own output, say) is converted from its Simplified,
    as OpenCC's phrases are keyed, keeping its own Traditional-only characters: a second
    conversion then changes nothing (東干 stays, where s2t alone writes 東幹; 汙 stays 汙).
    Kept between runs (MEMO): a rebuild converts only the text it has not seen."""
    if variant not in PROFILES:
        profile(variant)  # raises
    text_, notes, phrases = MEMO.get(variant, text, lambda: _plain(_converted(text, variant)))
    return Converted(text_, tuple(Note(*n) for n in notes), tuple((a, b) for a, b in phrases))


MEMO = Memo(lambda: cache_dir() / "hant.json", lambda: f"hant {version(*LIBRARIES)}")


def _plain(done: Converted) -> list:
    return [done.text, [list(astuple(n)) for n in done.notes], [list(p) for p in done.phrases]]


def _converted(text: str, variant: str) -> Converted:
    if _traditional_already(text):
        simplified = opencc_config("t2s").convert(text)
        done = _convert(simplified, variant) if len(simplified) == len(text) else None
        if done is not None and len(done.text) == len(text):
            kept = zip(text, simplified, done.text, strict=True)
            return replace(done, text="".join(t if s != t else d for t, s, d in kept))
    return _convert(text, variant)


def _convert(text: str, variant: str) -> Converted:
    p = profile(variant)
    if variant == "twp":
        return _taiwan_vocabulary(convert(text, "tw"))
    cc = converter(variant)
    plain = cc.convert(text)
    if len(plain) != len(text):
        return Converted(plain, (Note(LENGTH, 0, len(text), plain),))
    if not p.words:
        out, notes, trusted = list(plain), [], _phrases(text, variant)
    else:
        out, notes, trusted = _word_aware(text, plain, variant, _zhconv(text, p.zhconv))
    changed: set[int] = set()
    if p.house:
        notes += _house(text, out, rules(p.house), changed)
        # a hazard the house style decided is a house-style decision
        notes = [n for n in notes if n.kind != HAZARD or n.start not in changed]
    result = "".join(out)
    notes += _engines(text, result, p.zhconv, changed)
    notes += _forms(text, result, trusted, variant)
    notes.sort(key=lambda n: (n.start, n.kind))
    return Converted(result, tuple(notes), tuple(trusted))


def _traditional_already(text: str) -> bool:
    """Traditional-only characters and no Simplified-only one: a Traditional text."""
    simplified_only, traditional_only = script_characters()
    chars = set(text)
    return bool(chars & traditional_only) and not chars & simplified_only


def _forms(text: str, result: str, trusted, variant: str) -> list[Note]:
    """Phrases OpenCC decided although its own data gives them several Traditional forms."""
    forms, notes = phrase_forms(), []
    for a, b in trusted:
        key, now = text[a:b], result[a:b]
        if key not in forms or now != converter(variant).convert(key):
            continue
        # in the variant's regional forms, the others may be this one (纔能 is 才能 in Taiwan)
        others = sorted({_regional(f, variant) for f in forms[key]} - {now})
        if others:
            notes.append(Note(FORMS, a, b, now, " / ".join(others), key))
    return notes


def _taiwan_vocabulary(tw: Converted) -> Converted:
    """s2twp's Taiwan phrases (优化: 優化 -> 最佳化) over the word-aware tw conversion.

    The text may change length here, so this comes after every step that needs offsets; the
    notes keep the Simplified offsets of the tw conversion."""
    taiwan = stages("twp")[1]
    out, last = [], 0
    for a, b, k in matches(tw.text, taiwan):
        value = taiwan[k].values[tw.text[a:b]]
        if k == 0 and value != tw.text[a:b]:
            out += [tw.text[last:a], value]
            last = b
    return Converted("".join(out) + tw.text[last:], tw.notes, tw.phrases)


def _phrases(text: str, variant: str) -> list[tuple[int, int]]:
    """OpenCC's phrase matches (first stage) of text, longer than one character."""
    (phrases, *_), *_ = stages(variant)
    return [(a, b) for a, b in phrases.spans(text) if b - a > 1]


def _word_aware(text: str, plain: str, variant: str, second: str):
    """Steps 2 and 3: distrusted phrases fall back, hazards take their word's reading.

    A phrase that straddles a word falls back only where zhconv-rs (second) reads the character
    as the word does: jieba's words are not always better than OpenCC's phrases (细|面), and
    two of three opinions decide. A word jieba guessed (in no dictionary: 若干|周后) outvotes
    no phrase. A narrow phrase falls back to the default in any case."""
    cc = converter(variant)
    words = tokens(text)
    table = one_to_many()
    out, notes, trusted = list(plain), [], []
    decided: set[int] = set()
    distrusted: set[tuple[int, int]] = set()
    for a, b in _phrases(text, variant):
        why = _distrust(text, a, b, words, table, variant)
        if why is None:
            trusted.append((a, b))
            decided.update(range(a, b))
            continue
        kind, word = why
        distrusted.add(word)
        before = plain[a:b]
        alternative = [_fallback(text, i, word, (a, b), cc) or plain[i] for i in range(a, b)]
        listed = kind == WEAK or known(text[word[0] : word[1]])
        for i, alt in zip(range(a, b), alternative, strict=True):
            if listed and (kind == WEAK or (len(second) == len(text) and second[i] == alt)):
                out[i] = alt
        if "".join(alternative) != before:
            now = "".join(out[a:b])
            other = before if now != before else "".join(alternative)
            notes.append(Note(kind, a, b, now, other, text[a:b]))
        else:
            decided.update(range(a, b))  # the fallback agrees: nothing to review
    lexicon = hazards()
    for i, char in enumerate(text):
        if char in lexicon and i not in decided:
            reading, example = _reading(text, i, words, lexicon[char], variant, distrusted)
            if reading and reading != out[i]:
                out[i] = reading
            notes.append(Note(HAZARD, i, i + 1, out[i], plain[i], example))
    noted = {i for n in notes for i in range(n.start, n.end)}
    notes += [
        note
        for i, char in enumerate(text)
        if char in lexicon and i not in noted and (note := _overlap(text, i, words, out, cc))
    ]
    return out, notes, trusted


def _overlap(text: str, i: int, words, out: list[str], cc) -> Note | None:
    """Where text[i] has a reading other than its default, a dictionary word across the
    boundary of its word that reads it otherwise or takes its word apart: in 从源头发力,
    jieba, OpenCC and zhconv-rs all take 头发 (hair), but 源头 is a word too, and then 发 is
    發. Two words overlapping on a hazard character: a person decides."""
    _, s, e = next(w for w in words if w[1] <= i < w[2])
    default = cc.convert(text[i])  # in the variant's regional form (臺, or Hong Kong's 台)
    if out[i] == default:
        return None  # the everyday reading (总理|发表 beside 理发): no word made it
    for p in range(max(0, s - 3), e):
        for q in range(max(p + 2, s + 1), min(len(text), p + 4) + 1):
            if (s <= p and q <= e) or (p <= s and e <= q) or q <= s:
                continue  # inside its word, around it, or before it
            piece = text[p:q]
            if not all(_han(c) for c in piece) or not known(piece):
                continue
            if not _plausible(text, (s, e), (p, q)):
                continue  # 不含|金属制品: 含金 is a word, but a far less likely reading
            if p <= i < q:
                alone = cc.convert(piece)
                other = alone[i - p] if len(alone) == q - p else out[i]
            else:
                other = default  # its word taken apart: the character on its own
            if other != out[i]:
                a, b = min(p, s), max(q, e)
                return Note(OVERLAP, a, b, "".join(out[a:b]), other, f"{text[s:e]}/{piece}")
    return None


def _plausible(text: str, word: tuple[int, int], piece: tuple[int, int]) -> bool:
    """Whether reading text with piece as a word is, by jieba's word frequencies, within
    WEAK_MARGIN of reading it with word (the stretch both cover, best segmented around)."""
    freq = frequencies()[0]

    def best(stretch: str) -> float:  # dictionary words and single characters
        score = [0.0] + [-math.inf] * len(stretch)
        for j in range(1, len(stretch) + 1):
            for i in range(max(0, j - 4), j):
                if j - i == 1 or freq.get(stretch[i:j]):
                    score[j] = max(score[j], score[i] + _log_p(stretch[i:j]))
        return score[-1]

    (s, e), (p, q) = word, piece
    lo, hi = min(s, p), max(e, q)
    with_word = best(text[lo:s]) + _log_p(text[s:e]) + best(text[e:hi])
    with_piece = best(text[lo:p]) + _log_p(text[p:q]) + best(text[q:hi])
    return with_piece > with_word - WEAK_MARGIN


def _distrust(text, a, b, words, table, variant) -> tuple[str, tuple[int, int]] | None:
    """Why the phrase text[a:b] is not to be trusted blindly, and the word to fall back to."""
    for _, s, e in words:
        overlaps = s < b and e > a
        if overlaps and not (s <= a and b <= e) and not (a <= s and e <= b):
            return STRADDLE, (s, e)
    if _isolated(a, b, words) and _moves_a_hazard(text, a, b, table, variant):
        if _narrow(text[a:b]):
            return WEAK, (a, b)
    return None


def _isolated(a: int, b: int, words) -> bool:
    """Whether text[a:b] is a jieba word between two one-character Han words: jieba found no
    longer word around it (战|风斗|雨), so it is the weakest reading of the stretch."""
    at = [k for k, (_, s, e) in enumerate(words) if s == a and e == b]
    if not at or at[0] == 0 or at[0] == len(words) - 1:
        return False
    before, after = words[at[0] - 1][0], words[at[0] + 1][0]
    return all(len(w) == 1 and _han(w) for w in (before, after))


def _han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf"


def _moves_a_hazard(text, a, b, table, variant) -> bool:
    """Whether the phrase writes a hazard character otherwise than its default."""
    (phrases, *_), *_ = stages(variant)
    value = phrases.values.get(text[a:b], "")
    lexicon = hazards()
    return len(value) == b - a and any(
        text[i] in table and text[i] in lexicon and value[i - a] != table[text[i]][0]
        for i in range(a, b)
    )


def _narrow(word: str) -> bool:
    """Whether jieba finds word whole hardly likelier than as single characters (a compound
    of words, 生命|周期, keeps its meaning when split and is not narrow)."""
    return _margin(word) < WEAK_MARGIN


def _margin(word: str) -> float:
    """How much likelier jieba finds word whole than split at its best (log probability);
    infinite when the best split holds a word of two characters or more (kept between runs
    with jieba's segmentations: lang.words)."""
    return remembered("margin", word, lambda: _split_margin(word))


def _log_p(word: str) -> float:
    """The log probability of word by jieba's frequencies (an unknown word counts once)."""
    freq, total = frequencies()
    return math.log(freq.get(word) or 1) - math.log(total)


def _split_margin(word: str) -> float:
    freq = frequencies()[0]
    best = [(0.0, True)] + [(-math.inf, True)] * len(word)
    for j in range(1, len(word) + 1):
        for i in range(j):
            piece = word[i:j]
            if (i, j) == (0, len(word)) or (j - i > 1 and not freq.get(piece)):
                continue
            score = best[i][0] + _log_p(piece)
            if score > best[j][0]:
                best[j] = (score, best[i][1] and j - i == 1)
    score, singles = best[len(word)]
    return _log_p(word) - score if singles else math.inf


def _fallback(text: str, i: int, word: tuple[int, int], phrase: tuple[int, int], cc) -> str:
    """The reading of text[i] in its own word, converted without the distrusted phrase; ''
    when jieba leaves the character a word of its own (周|线图): no word reads it, so the
    phrase's reading stands (the case is noted all the same)."""
    s, e = word
    if (s, e) == phrase or not (s <= i < e):
        for _, ts, te in tokens(text):
            if ts <= i < te and (ts, te) != phrase:
                s, e = ts, te
                break
        else:
            return cc.convert(text[i])
        if e - s == 1 and _han(text[i]):
            return ""
    alone = cc.convert(text[s:e])
    return alone[i - s] if len(alone) == e - s else cc.convert(text[i])


def _reading(text, i, words, readings, variant, distrusted) -> tuple[str, str]:
    """The hazard character's reading from the example word that is its jieba word, if any
    (none when that word is a distrusted phrase: the character stands alone then)."""
    w = next((w for w, s, e in words if s <= i < e and (s, e) not in distrusted), text[i])
    for form, examples in readings:
        for ex in examples:
            if ex == w:
                return _regional(form, variant), ex
    return "", ""


def _regional(form: str, variant: str) -> str:
    """A Traditional character in the variant's regional form (裡/裏 …)."""
    config = {"s2tw": "t2tw", "s2twp": "t2tw", "s2hk": "t2hk"}.get(CONFIGS[variant])
    return opencc_config(config).convert(form) if config else form


@cache
def hazards() -> dict[str, tuple[tuple[str, tuple[str, ...]], ...]]:
    """hazard-chars.txt: char -> ((Traditional form, its example words), ...)."""
    table = {}
    for line in _data("hazard-chars.txt").splitlines():
        if not line.strip() or line.startswith("#") or "\t" not in line:
            continue
        char, _, rest = line.partition("\t")
        readings = []
        for alt in rest.split(" / "):
            form = re.match(r"\s*(\S)", alt)
            examples = tuple(
                w
                for group in re.findall(r"\(([^)]*)\)", alt)
                for w in re.findall(r"[\u4e00-\u9fff]+", group)
                if char in w and len(w) > 1
            )
            if form:
                readings.append((form.group(1), examples))
        table[char.strip()] = tuple(readings)
    return table


@cache
def rules(name: str) -> tuple[Rule, ...]:
    """A house-style file of data/traditional, longest `from` first."""
    rows = csv.DictReader(_data(name).splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE)
    found = [Rule(r["from"], r["to"], r.get("context") or "", r.get("note") or "") for r in rows]
    return tuple(sorted(found, key=lambda r: -len(r.source)))


def _data(name: str) -> str:
    return (files("publisher") / "data" / "traditional" / name).read_text(encoding="utf-8")


def _house(zh: str, out: list[str], table: tuple[Rule, ...], changed: set[int]) -> list[Note]:
    """Apply the house style to out in place, longest row first; each change a Note."""
    notes = []
    words = None
    for rule in table:
        if len(rule.source) != len(rule.target):
            continue
        text = "".join(out)
        for m in re.finditer(re.escape(rule.source), text):
            a, b = m.span()
            if changed.intersection(range(a, b)):
                continue
            if rule.context == "word":
                words = words if words is not None else tokens(zh)
                if any(
                    s < b and e > a and not (s <= a and b <= e) and not (a <= s and e <= b)
                    for _, s, e in words
                ):
                    continue
            out[a:b] = list(rule.target)
            changed.update(range(a, b))
            notes.append(Note(HOUSE, a, b, rule.target, rule.source, rule.note))
    return notes


def _engines(zh: str, ours: str, target: Target, house: set[int]) -> list[Note]:
    """Where zhconv-rs writes an ambiguous character otherwise (house-style places aside)."""
    theirs = _zhconv(zh, target)
    notes = []
    matcher = difflib.SequenceMatcher(None, ours, theirs, autojunk=False)
    for op, a, b, c, d in matcher.get_opcodes():
        if op != "replace" or b - a != d - c:
            continue
        run = [i for i in range(a, b) if ours[i] != theirs[c + i - a] and _ambiguous(zh[i])]
        run = [i for i in run if i not in house]
        for i in run:
            notes.append(Note(ENGINES, i, i + 1, ours[i], theirs[c + i - a], "zhconv-rs"))
    return notes


def _zhconv(zh: str, target: Target) -> str:
    """The second opinion: zhconv-rs (MediaWiki's conversion tables)."""
    from zhconv_rs import zhconv

    return zhconv(zh, target)


def _ambiguous(char: str) -> bool:
    """A character whose Traditional form depends on the word: one-to-many or a hazard.

    Elsewhere the engines differ in vocabulary (激光/雷射) or variant forms, not in meaning."""
    return char in one_to_many() or char in hazards()


QUOTES = {"“": 0, "‘": 0, "”": 1, "’": 1}
_PAREN = re.compile(r"\(([^()]*[\u3400-\u9fff][^()]*)\)")


def punctuate(text: str, variant: str) -> str:
    """Regional punctuation: 「」 outside, 『』 inside (alternating deeper), full-width （）."""
    if not profile(variant).quotes:
        return text
    out, depth = [], 0
    for ch in text:
        if ch in ("“", "‘"):
            out.append("「" if depth % 2 == 0 else "『")
            depth += 1
        elif ch in ("”", "’") and depth:
            depth -= 1
            out.append("」" if depth % 2 == 0 else "』")
        else:
            out.append(ch)
    return _PAREN.sub(r"（\1）", "".join(out))
