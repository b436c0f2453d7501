"""Numbers and units: every quantity in the Chinese appears in the English with the same value.

Both sides are read into quantities (a value, whether it is a percentage, its span) and matched
as multisets per segment. 万 and 亿 are scaled (150亿 = 15,000,000,000 = "15 billion"), Chinese
numerals go through cn2an, English number words through a small table. Technical tokens (5G,
AG600, 5400T, 300PB) must be carried over as written.

Decisions, so that idiom does not pass for quantity:
- a lone 一 ("一批", "一项", "这一") and the English "one", "first", "decade" are *weak*: they
  match a quantity of the same value but are never an error on their own. 一 is mostly an
  article in Chinese; "first" mostly renders 首 (首列, 首批 = the first, first batch).
- a run made only of 百千万亿 is no quantity (千万 = by all means, 百姓 = the people); a lone
  十 is 10 (十大产业) except in 十分 (very), 十足, 十字; 十几年 = "ten-odd years" = 10,
  matched by "ten" or "a decade".
- 十三五/十四五 are ordinals (13th/14th Five-Year Plan); "Fifth" in "13th Five-Year Plan" is
  part of the name, not a quantity. 十九届五中全会 reads 19 and 5 ("Fifth … of the 19th").
- a bare 亿元/万元 (亿元企业) is 100 million / 10,000 yuan.
- words with numerals that are not quantities: NOT_QUANTITIES below, plus every glossary term
  whose Chinese holds a numeral and whose English holds none (三一集团 = SANY Group,
  两化融合, 二次开发, 长三角).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache

from ..document import Document, Segment
from ..terms.glossary import Glossary
from ..terms.usage import solid
from .findings import ERROR, Finding, Span

CHECK = "numbers"

NOT_QUANTITIES = (
    "千方百计",
    "四面八方",
    "五湖四海",
    "千家万户",
    "百花齐放",
    "三番五次",
    "接二连三",
    "五花八门",
    "四通八达",
    "十全十美",
    "万无一失",
    "千军万马",
    "三令五申",
    "一心一意",
    "零售",  # retail
    "四舍五入",  # rounding
    "三一",
    "两化",
    "两岸",
    "二次开发",
    "一带一路",
    "新一代",
    "一系列",
    "一大批",
    "一连串",
    "一池春水",
)

ZH_ENUMERATOR = re.compile(r"^([一二三四五六七八九十]+)、")
EN_ENUMERATOR = re.compile(r"^([IVX]{1,4})\.\s")
EN_NOT_QUANTITIES = ("COVID-19",)  # names with figures in them
MULTIPLIERS = {"十": 10, "百": 100, "千": 1000, "万": 10**4, "亿": 10**8}
APPROX = "几余多来"
NOT_TEN = {"分", "足", "字"}  # 十分 = very, 十足 = full, 十字 = cross
FULL_WIDTH = str.maketrans(
    {chr(0xFF10 + i): str(i) for i in range(10)}
    | {chr(0xFF21 + i): chr(65 + i) for i in range(26)}
    | {chr(0xFF41 + i): chr(97 + i) for i in range(26)}
    | {"％": "%", "．": "."}
)

ZH_TOKEN = re.compile(
    r"(?<![A-Za-z0-9.])(?:[A-Za-z]+-?\d+(?:\.\d+)?[A-Za-z0-9]*|\d+(?:\.\d+)?[A-Za-z]+[A-Za-z0-9]*)"
    r"(?![A-Za-z0-9])"
)
ZH_PLAN = re.compile(r"十[一二三四五六七八九]五")
ZH_PERCENT = re.compile(r"百分之([零〇一二三四五六七八九十百千两点]+)")
ZH_ARABIC = re.compile(r"(?<![\d.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?([十百千万亿]*)(%?)")
ZH_RUN = re.compile(r"[零〇一二三四五六七八九十百千万亿两]+")
ZH_DIGIT_CHARS = re.compile(r"[零〇一二三四五六七八九两]")

# English number words: a small table, kept small on purpose.
UNITS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
CARDINALS = {w: i for i, w in enumerate(UNITS)} | {w: 20 + 10 * i for i, w in enumerate(TENS)}
ORDINALS = {
    w: i + 1
    for i, w in enumerate(
        (
            "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
            "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"
        ).split()
    )
} | {t[:-1] + "ieth": 20 + 10 * i for i, t in enumerate(TENS)}
SCALES = {"hundred": 100, "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
MONTHS = {
    m: i + 1
    for i, m in enumerate(
        "January February March April May June July August September October November December".split()
    )
}
ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}

_ORD_WORDS = "|".join(ORDINALS)
EN_PLAN = re.compile(rf"\b(?:(\d+)(?:st|nd|rd|th)|({_ORD_WORDS}))\s+Five-Year\s+Plan", re.I)
EN_ROMAN = re.compile(r"\b(?:Phase|Stage|Line|Plant|Unit|No\.)\s+([IVX]{1,4})\b")
EN_ORDINAL = re.compile(r"(?<![\w.])(\d+)(?:st|nd|rd|th)\b")
EN_TOKEN = re.compile(
    r"(?<![\w.])(?:[A-Za-z]+-?\d+(?:\.\d+)?[A-Za-z0-9]*|\d+(?:\.\d+)?[A-Za-z]+[A-Za-z0-9]*)(?![\w])"
)
EN_NUMBER = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?"
    r"(?:[\s-]+(hundred|thousand|million|billion|trillion)\b)?"
    r"(\s*%|\s+per\s?cent\b)?"
)
EN_WORD = re.compile(r"[A-Za-z]+")
EN_DECADE = re.compile(r"\bdecades?\b", re.I)
EN_MONTH = re.compile(rf"\b(?:{'|'.join(m for m in MONTHS if m != 'May')})\b|\bMay(?=\s+\d)")
NUMBERISH = re.compile(rf"\d|(?i:\b(?:{'|'.join([*CARDINALS, *ORDINALS, *SCALES])})\b)|\b[IVX]+\b")


@dataclass(frozen=True)
class Quantity:
    """A value read from one side, with the text and span it came from."""

    value: Decimal
    start: int
    end: int
    text: str
    percent: bool = False
    strict: bool = True  # a weak quantity may match, but is never an error on its own
    token: bool = False  # a technical token (5400T), to be carried over as written

    @property
    def key(self) -> tuple[Decimal, bool]:
        return (self.value, self.percent)

    def describe(self, quote: bool = False) -> str:
        """The text as written, with its value when that reads differently (150亿元 = 15,000,…)."""
        shown = f"{_fmt(self.value)}%" if self.percent else _fmt(self.value)
        plain = re.sub(r"[,\s元]", "", re.sub(r"\s*per\s?cent", "%", self.text))
        text = f"“{self.text}”" if quote else self.text
        if self.token or plain in (shown, shown.replace(",", "")):
            return text
        return f"{text} = {shown}"


def run(ctx) -> tuple[list[Finding], dict]:
    def part(seg: Segment) -> list[Finding]:
        finding = check_segment(seg, ctx.glossary) if seg.en and seg.en.strip() else None
        return [finding] if finding else []

    return [f for found in ctx.findings(CHECK, part) for f in found], {}


def check(doc: Document, glossary: Glossary | None = None) -> list[Finding]:
    """One error per segment whose figures differ between the Chinese and the English."""
    findings = []
    for seg in doc.segments():
        if seg.en and seg.en.strip():
            finding = check_segment(seg, glossary)
            if finding is not None:
                findings.append(finding)
    return findings


def check_segment(seg: Segment, glossary: Glossary | None = None) -> Finding | None:
    """The segment's unmatched figures as one finding, or None when every figure matches."""
    zh, en = seg.zh, seg.en or ""
    masks = _masks(zh, glossary)
    enumerator = ZH_ENUMERATOR.match(zh)
    roman = EN_ENUMERATOR.match(en)
    if enumerator and roman and _cn2an(enumerator.group(1)) == ROMAN.get(roman.group(1)):
        masks.append(enumerator.span())  # 二、农业 = II. Agriculture: a heading's number
        en = " " * roman.end() + en[roman.end() :]
    for word in EN_NOT_QUANTITIES:
        en = en.replace(word, " " * len(word))
    zh_q, tokens = chinese_quantities(zh, masks)
    en_q, missing = english_quantities(en, tokens)
    zh_q += [_token_value(t, s) for t, s in missing]
    lost_zh, extra_en = match(zh_q, en_q)
    if not lost_zh and not extra_en:
        return None
    reasons = [f"{q.describe()}: not found in the English" for q in lost_zh]
    reasons += [
        f"English {q.describe(quote=True)}: no such figure in the Chinese" for q in extra_en
    ]
    return Finding(
        CHECK,
        ERROR,
        "; ".join(reasons),
        seg.id,
        zh,
        en,
        tuple((q.start, q.end) for q in lost_zh),
        tuple((q.start, q.end) for q in extra_en),
    )


def match(zh: list[Quantity], en: list[Quantity]) -> tuple[list[Quantity], list[Quantity]]:
    """Pair equal values (strict ones first); the strict ones left over on either side."""
    used: set[int] = set()
    lost = []
    for q in sorted(zh, key=lambda q: not q.strict):
        free = [i for i, e in enumerate(en) if i not in used and e.key == q.key]
        if free:
            used.add(min(free, key=lambda i: not en[i].strict))
        elif q.strict:
            lost.append(q)
    extra = [e for i, e in enumerate(en) if i not in used and e.strict]
    return sorted(lost, key=lambda q: q.start), extra


# --- Chinese -------------------------------------------------------------------------------


def chinese_quantities(
    text: str, masks: Iterable[Span] = ()
) -> tuple[list[Quantity], list[tuple[str, Span]]]:
    """Quantities in Chinese text, and the technical tokens (5G, AG600) to carry over."""
    text = text.translate(FULL_WIDTH)
    taken: list[Span] = list(masks)
    tokens = []
    for m in ZH_TOKEN.finditer(text):
        tokens.append((m.group(), m.span()))
        taken.append(m.span())
    found: list[Quantity] = []
    for reader in (_plans, _percent_words, _arabic, _runs):
        for q in reader(text):
            if not _overlaps((q.start, q.end), taken):
                found.append(q)
                taken.append((q.start, q.end))
    return sorted(found, key=lambda q: q.start), tokens


def _plans(text: str) -> Iterable[Quantity]:
    for m in ZH_PLAN.finditer(text):
        value = _cn2an(m.group()[:2])
        if value is not None:
            yield Quantity(value, m.start(), m.end(), m.group())


def _percent_words(text: str) -> Iterable[Quantity]:
    for m in ZH_PERCENT.finditer(text):
        value = _cn2an(m.group(1))
        if value is not None:
            yield Quantity(value, m.start(), m.end(), m.group(), percent=True)


def _arabic(text: str) -> Iterable[Quantity]:
    for m in ZH_ARABIC.finditer(text):
        value = Decimal(m.group(1).replace(",", "") + (m.group(2) or ""))
        for char in m.group(3):
            value *= MULTIPLIERS[char]
        end = m.end() + (text[m.end() : m.end() + 1] == "元" and bool(m.group(3)))
        yield Quantity(value, m.start(), end, text[m.start() : end], percent=bool(m.group(4)))


def _runs(text: str) -> Iterable[Quantity]:
    """Runs of Chinese numerals, read with cn2an."""
    for m in ZH_RUN.finditer(text):
        run, after = m.group(), text[m.end() : m.end() + 1]
        before = text[m.start() - 1 : m.start()] if m.start() else ""
        if before.isdigit():
            continue
        if run == "万" and after == "米":  # 万米海试: 10,000-meter trials
            yield Quantity(Decimal(10**4), m.start(), m.end() + 1, run + after)
            continue
        if not ZH_DIGIT_CHARS.search(run):  # 千万, 百姓: no quantity, except…
            if run == "十" and after not in NOT_TEN:  # 十大产业; 十几年 = ten-odd years
                end = m.end() + (after in set(APPROX))
                yield Quantity(Decimal(10), m.start(), end, text[m.start() : end])
            elif run in ("万", "亿") and (after == "元" or m.start() == 0 or before == "每"):
                # 亿元企业; a unit cell 万吨 = 10,000 tons; 每万人口 = per 10,000 people
                yield Quantity(Decimal(MULTIPLIERS[run]), m.start(), m.end() + 1, run + after)
            continue
        value = _cn2an(run)
        if value is not None:
            yield Quantity(value, m.start(), m.end(), run, strict=run != "一")


def _cn2an(run: str) -> Decimal | None:
    import cn2an

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return Decimal(str(cn2an.cn2an(run, "smart")))
    except (ValueError, KeyError, InvalidOperation):
        return None


def _masks(text: str, glossary: Glossary | None) -> list[Span]:
    """Spans of words that hold numerals but no quantity."""
    spans = [
        (m.start(), m.start() + len(word))
        for word in NOT_QUANTITIES
        for m in re.finditer(re.escape(word), text)
    ]
    if glossary is not None:
        masked = not_quantity_terms(glossary)
        spans += [(m.start, m.end) for m in solid(glossary, text) if m.term.zh_hans in masked]
    return spans


@lru_cache(maxsize=8)
def not_quantity_terms(glossary: Glossary) -> frozenset[str]:
    """Glossary terms whose Chinese has a numeral and whose English has no number."""
    return frozenset(
        t.zh_hans
        for t in glossary.terms
        if ZH_DIGIT_CHARS.search(t.zh_hans) and not NUMBERISH.search(t.en)
    )


# --- English -------------------------------------------------------------------------------


def english_quantities(
    text: str, zh_tokens: Iterable[tuple[str, Span]] = ()
) -> tuple[list[Quantity], list[tuple[str, Span]]]:
    """Quantities in English text, and the Chinese tokens it does not carry over."""
    taken: list[Span] = []
    missing = []
    for token, span in zh_tokens:
        hits = [m.span() for m in _token_re(token).finditer(text)]
        if hits:
            taken += hits
        else:
            missing.append((token, span))
    found: list[Quantity] = []
    readers = (_en_plans, _en_roman, _en_ordinals, _en_tokens, _en_numbers, _en_words)
    for reader in (*readers, _en_months, _en_decades):
        for q in reader(text):
            if not _overlaps((q.start, q.end), taken):
                found.append(q)
                taken.append((q.start, q.end))
    return sorted(found, key=lambda q: q.start), missing


@cache
def _token_re(token: str) -> re.Pattern:
    """A token as written, letting English add a space or hyphen between letters and digits."""
    parts = re.findall(r"[A-Za-z]+|\d+(?:\.\d+)?|-", token)
    body = r"[\s-]?".join(re.escape(p) for p in parts if p != "-")
    return re.compile(rf"(?<![A-Za-z0-9]){body}(?![A-Za-z0-9])", re.I)


def _token_value(token: str, span: Span) -> Quantity:
    """A token the English lacks, as the number it holds (300PB may read "300 petabytes")."""
    digits = re.search(r"\d+(?:\.\d+)?", token)
    value = Decimal(digits.group()) if digits else Decimal(0)  # tokens always hold a digit
    return Quantity(value, span[0], span[1], token, token=True)


def _en_plans(text: str) -> Iterable[Quantity]:
    for m in EN_PLAN.finditer(text):
        value = int(m.group(1)) if m.group(1) else ORDINALS[m.group(2).lower()]
        yield Quantity(Decimal(value), m.start(), m.end(), m.group())


def _en_roman(text: str) -> Iterable[Quantity]:
    for m in EN_ROMAN.finditer(text):
        if m.group(1) in ROMAN:
            yield Quantity(Decimal(ROMAN[m.group(1)]), m.start(1), m.end(1), m.group())


def _en_ordinals(text: str) -> Iterable[Quantity]:
    for m in EN_ORDINAL.finditer(text):
        yield Quantity(Decimal(m.group(1)), m.start(), m.end(), m.group())


def _en_tokens(text: str) -> Iterable[Quantity]:
    for m in EN_TOKEN.finditer(text):
        yield _token_value(m.group(), m.span())


def _en_numbers(text: str) -> Iterable[Quantity]:
    for m in EN_NUMBER.finditer(text):
        value = Decimal(m.group(1).replace(",", "") + (m.group(2) or ""))
        if m.group(3):
            value *= SCALES[m.group(3)]
        yield Quantity(value, m.start(), m.end(), m.group().strip(), percent=bool(m.group(4)))


def _en_words(text: str) -> Iterable[Quantity]:
    """Runs of number words joined by a space or hyphen: "two million", "twenty-five", "third"."""
    runs: list[list[re.Match]] = []
    for m in EN_WORD.finditer(text):
        if _word_kind(m.group()) is None:
            continue
        last = runs[-1][-1] if runs else None
        if (
            last is not None
            and text[last.end() : m.start()] in (" ", "-")
            and _word_kind(last.group()) != "ordinal"  # an ordinal ends a number
        ):
            runs[-1].append(m)
        else:
            runs.append([m])
    for run in runs:
        yield _word_run(text, run)


def _word_kind(word: str) -> str | None:
    word = word.lower()
    if word in ORDINALS:
        return "ordinal"
    if word in CARDINALS:
        return "cardinal"
    if word in SCALES:
        return "scale"
    return None


def _word_run(text: str, run: list[re.Match]) -> Quantity:
    """The value of a run of number words; "one", "first" and a bare "million" are weak."""
    words = [m.group().lower() for m in run]
    total, current = 0, 0
    for word in words:
        if word in SCALES:
            current = max(current, 1) * SCALES[word]
            if SCALES[word] > 100:
                total, current = total + current, 0
        else:
            current += CARDINALS.get(word, ORDINALS.get(word, 0))
    weak = words in (["one"], ["first"]) or all(w in SCALES for w in words)
    start, end = run[0].start(), run[-1].end()
    return Quantity(Decimal(total + current), start, end, text[start:end], strict=not weak)


def _en_decades(text: str) -> Iterable[Quantity]:
    """ "More than a decade" for 十几年: a weak ten."""
    for m in EN_DECADE.finditer(text):
        yield Quantity(Decimal(10), m.start(), m.end(), m.group(), strict=False)


def _en_months(text: str) -> Iterable[Quantity]:
    for m in EN_MONTH.finditer(text):
        yield Quantity(Decimal(MONTHS[m.group()]), m.start(), m.end(), m.group())


# --- helpers -------------------------------------------------------------------------------


def _overlaps(span: Span, taken: Iterable[Span]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in taken)


def _fmt(value: Decimal) -> str:
    """15000000000 -> "15,000,000,000"; 91.30 -> "91.3"."""
    text = f"{value.normalize():,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
