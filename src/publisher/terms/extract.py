"""Candidate terms a document uses that the glossary lacks: jieba n-grams and name patterns."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..document import Document
from .glossary import Glossary
from .usage import solid

GLOSSARY_TAG = "gl"  # the part-of-speech tag glossary terms get in jieba's dictionary
PATTERN_BOOST = 2.0
MAX_WORDS = 4  # the longest n-gram, in jieba words
MAX_NAME_WORDS = 6  # how far a name pattern reaches back from its suffix
CONTEXT = 14  # characters either side of an example

# Parts of speech a term may be made of, and those it may end with (jieba's ICTCLAS tags).
INNER = {"n", "nr", "ns", "nt", "nz", "nrt", "ng", "vn", "v", "a", "an", "b", "j", "l", "eng"}
INNER |= {GLOSSARY_TAG}
LAST = {"n", "nr", "ns", "nt", "nz", "nrt", "vn", "j", "l", "eng", GLOSSARY_TAG}
PROPER = {"nr", "ns", "nt", "nz", "nrt", "j", "l", "eng"}
FIRST_NOT = {"v", "vn", "ng"}  # 启动, 推进: a verb before a name is no part of it

# Name patterns: the suffix a name ends with, and what kind of name it makes.
SUFFIXES = {
    "organisation": ("有限公司", "公司", "集团", "局", "中心", "委员会", "研究院", "研究所"),
    "place": ("区", "县", "市", "园"),
    "plan": ("工程", "行动", "计划", "方案", "战略", "试点"),
}
# Common words that end like a name but are none (全局 is no bureau, 城市 no city name).
NOT_NAMES = set(
    """全局 变局 新局 格局 布局 大局 开局 结局 当局 城市 全市 我市 县市 都市 上市 地区 园区 县市区
    城区 社区 山区 景区 片区 辖区 校园 家园 花园""".split()
)
# Words a name or n-gram never runs through: superlatives and scope words (中南地区最大数据中心).
BREAK = set(
    "最大 最高 最强 最优 最早 首个 首家 首批 唯一 第一 全国 全省 全市 我市 目前 成功".split()
)
TITLE_RE = re.compile(r"《([^《》]{2,40}?)(?:\(\d{4}[-–—]\d{4}\))?》")
QUOTE_RE = re.compile(r"“([^“”]{2,16})”")
WRAP = {"title": ("《", ""), "quote": ("“", "”")}  # quoted candidates count where quoted

# Words too general to be terms on their own, and words no term starts or ends with.
STOP = set(
    """发展 企业 产业 工作 建设 全国 全省 全市 我市 我省 我国 项目 技术 工业 经济 创新 服务 政策
    目前 这里 其中 一批 一大批 方面 领域 能力 水平 体系 基础 重点 关键 核心 优势 作用 部分 过程
    问题 情况 经验 成效 时间 时期 期间 年来 以来 此外 同时 进一步 全面 持续 加快 推进 推动 实现
    提升 打造 形成 建立 完善 开展 实施 加强 促进 支持 引导 带动 相关 重要 主要 新 大 高 多 各
    市 区 县 园 局 省 国 城市 地区 国家 国内 全球 世界 亚洲 市场 行业 模式 平台 力量 案例 样本""".split()
)
NOT_FIRST = STOP | BREAK


@dataclass(frozen=True)
class Candidate:
    text: str
    count: int
    kind: str  # n-gram, organisation, place, plan, title or quote
    score: float
    example: str
    line: int


@dataclass(frozen=True)
class _Word:
    text: str
    tag: str


def extract(doc: Document, glossary: Glossary, top: int = 40) -> list[Candidate]:
    """The top candidates, best first: score = occurrences × length, doubled for a pattern."""
    segments = [(s.zh, b.line) for b in doc.blocks for s in b.segments]
    found = _collect([text for text, _ in segments], _tokenizer(glossary))
    known = {t.zh_hans for t in glossary.terms} | STOP
    covered = [_spans(glossary, text) for text, _ in segments]
    results = [
        _candidate(text, kind, _occurrences(text, segments, covered, WRAP.get(kind, ("", ""))))
        for text, kind in found.items()
        if text not in known
    ]
    return _best([c for c in results if c is not None], top)


def _collect(texts: list[str], tokenizer) -> dict[str, str]:
    """Every candidate string with its kind (a pattern's kind wins over n-gram)."""
    found: dict[str, str] = {}
    for text in texts:
        words = [_Word(pair.word, pair.flag) for pair in tokenizer.cut(text)]
        for candidate, kind in _ngrams(words) + _names(words) + _quoted(text):
            if kind != "n-gram" or candidate not in found:
                found[candidate] = kind
    return found


def _candidate(text: str, kind: str, places: list) -> Candidate | None:
    if not _enough(text, kind, len(places)):
        return None
    (segment, line), start = places[0]
    boost = 1.0 if kind == "n-gram" else PATTERN_BOOST
    example = _context(segment, start, len(text))
    return Candidate(text, len(places), kind, len(places) * len(text) * boost, example, line)


def _tokenizer(glossary: Glossary):
    """A jieba tokenizer of its own (the global one stays untouched) that keeps terms whole."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    tokenizer = jieba.Tokenizer()
    for term in glossary.terms:
        tokenizer.add_word(term.zh_hans, tag=GLOSSARY_TAG)
    return jieba.posseg.POSTokenizer(tokenizer)


def _ngrams(words: list[_Word]) -> list[tuple[str, str]]:
    """Runs of 1 to MAX_WORDS adjacent term-like words that start and end well."""
    out = []
    for i, first in enumerate(words):
        if first.tag not in INNER or first.tag in FIRST_NOT or first.text in NOT_FIRST:
            continue
        for j in range(i, min(i + MAX_WORDS, len(words))):
            last = words[j]
            if last.tag not in INNER or last.text in BREAK:
                break
            if last.tag not in LAST or last.text in STOP:
                continue
            text = "".join(w.text for w in words[i : j + 1])
            single = j == i and (
                last.tag == GLOSSARY_TAG or len(text) < 3 and last.tag not in PROPER
            )
            if not single:
                out.append((text, "n-gram"))
    return out


def _names(words: list[_Word]) -> list[tuple[str, str]]:
    """Names ending in an organisation, place or plan suffix, with the words before them."""
    out = []
    for j, word in enumerate(words):
        kind = _suffix_kind(word.text)
        if kind is None or word.tag not in LAST or word.text.endswith(tuple(NOT_NAMES)):
            continue
        i = j
        while i > 0 and j - i < MAX_NAME_WORDS - 1 and _name_word(words[i - 1]):
            i -= 1
        while i < j and (words[i].tag in FIRST_NOT or words[i].text in STOP):
            i += 1
        text = "".join(w.text for w in words[i : j + 1])
        if len(text) > len(_suffix(word.text)) and len(text) >= 3:
            out.append((text, kind))
    return out


def _name_word(word: _Word) -> bool:
    """Names are made of nouns and modifiers; a verb ends the name (获批, 启动, 推进)."""
    return word.tag in INNER and word.tag != "v" and word.text not in BREAK


def _suffix(text: str) -> str:
    return next((s for suffixes in SUFFIXES.values() for s in suffixes if text.endswith(s)), "")


def _suffix_kind(text: str) -> str | None:
    for kind, suffixes in SUFFIXES.items():
        if text.endswith(suffixes):
            return kind
    return None


def _quoted(text: str) -> list[tuple[str, str]]:
    return [(m[1], "title") for m in TITLE_RE.finditer(text)] + [
        (m[1], "quote") for m in QUOTE_RE.finditer(text)
    ]


def _spans(glossary: Glossary, text: str) -> list[tuple[int, int]]:
    return [(m.start, m.end) for m in solid(glossary, text)]


def _occurrences(candidate, segments, covered, wrap) -> list[tuple[tuple[str, int], int]]:
    """Where candidate (inside wrap) occurs outside any glossary term: ((segment, line), start)."""
    needle = re.compile(re.escape(wrap[0]) + "(" + re.escape(candidate) + ")" + re.escape(wrap[1]))
    places = []
    for (text, line), spans in zip(segments, covered, strict=True):
        for m in needle.finditer(text):
            start, end = m.span(1)
            if not any(s <= start and end <= e for s, e in spans):
                places.append(((text, line), start))
    return places


def _enough(candidate: str, kind: str, count: int) -> bool:
    """Patterns count from one occurrence; n-grams need two; numbers and dates never count."""
    if count == 0 or len(candidate) < 2 or re.search(r"\d+[年月日号个家项条%]|^\d", candidate):
        return False
    return count >= (2 if kind == "n-gram" else 1)


def _context(text: str, start: int, length: int) -> str:
    before = text[max(0, start - CONTEXT) : start]
    after = text[start + length : start + length + CONTEXT]
    lead = "…" if start > CONTEXT else ""
    tail = "…" if start + length + CONTEXT < len(text) else ""
    return f"{lead}{before}【{text[start : start + length]}】{after}{tail}"


def _best(results: list[Candidate], top: int) -> list[Candidate]:
    """Highest score first, dropping a candidate inside a better one that occurs as often."""
    results.sort(key=lambda c: (-c.score, -len(c.text), c.text))
    kept: list[Candidate] = []
    for cand in results:
        if any(cand.text in k.text and k.count >= cand.count for k in kept):
            continue
        kept.append(cand)
    return kept[:top]
