"""Sentence and clause splitting on normalised text.

Sentences end at ``. ! ? ;`` or a newline, but not inside decimals ("3.5"),
abbreviations ("U.S.", "Col.", "د.") or runs of initials. The Arabic comma
(normalised to ",") never ends a sentence: Arabic news sentences chain whole
paragraphs with it. ``split_clauses`` cuts a sentence where a second event is
commonly introduced ("، بينما", "، في حين", "، كما", "؛").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .normalise import NormalisedText


@dataclass(frozen=True)
class Span:
    start: int
    end: int


_ABBREVIATIONS = frozenset(
    {
        "u.s",
        "u.k",
        "u.n",
        "col",
        "gen",
        "lt",
        "maj",
        "capt",
        "sgt",
        "dr",
        "mr",
        "mrs",
        "ms",
        "st",
        "no",
        "vs",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "adm",
        "brig",
        "cpl",
        "pvt",
        "rep",
        "sen",
        "gov",
        "inc",
        "co",
        "a.m",
        "p.m",
        "e.g",
        "i.e",
        "etc",
        "al",
        "approx",
        "est",
        "د",
        "م",
        "ص",
        "ج",
        "ق",
    }
)

_END = re.compile(r"[.!?;]+|\n")
_CLAUSE = re.compile(
    r",\s*(?=(?:و)?(?:بينما|في حين|فيما|كما|كذلك|الى جانب ذلك)\s)"
    r"|,\s*(?=و(?:هجوم|استهداف|اعتداء|تفجير|كمين)\w* (?:اخر|ثان\w*|مماثل\w*)\s)"  # ", وهجوم آخر استهدف"
    r"|;\s*"
    r"|,\s*(?=(?:while|whereas|meanwhile)\s)"
    # "...أطلقت القوات حملة أمنية بعد هجوم استهدف موقعا عسكريا": the attack is another event
    r"|,?\s+(?=(?:و)?(?:بعد|عقب|اثر|ردا علي) (?:\w+ )?(?:هجوم|الهجوم|هجمات|الهجمات|اعتداء\w*|"
    r"الاعتداء\w*|تفجير\w*|التفجير\w*|كمين)(?!\w))"
    r"|,?\s+(?=(?:after|following|in response to) (?:an? |the )?(?:\w+ )?(?:attack|ambush|bombing)s?(?!\w))"
)


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the '.' at ``dot`` closes an abbreviation or a decimal."""
    if dot + 1 < len(text) and text[dot + 1].isdigit() and dot > 0 and text[dot - 1].isdigit():
        return True
    begin = dot
    while begin > 0 and (text[begin - 1].isalnum() or text[begin - 1] == "."):
        begin -= 1
    word = text[begin:dot].lower()
    if word in _ABBREVIATIONS:
        return True
    # Single Latin initials ("J. Smith", "U.S.") but not an Arabic one-letter word.
    return len(word) == 1 and word.isascii() and word.isalpha()


def split_text(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Sentence spans of ``text[start:end]`` with surrounding spaces trimmed."""
    end = len(text) if end is None else end
    spans: list[Span] = []
    begin = start
    for match in _END.finditer(text, start, end):
        if match.group() == "." and _is_abbreviation(text, match.start()):
            continue
        _append(text, spans, begin, match.end() if match.group() != "\n" else match.start())
        begin = match.end()
    _append(text, spans, begin, end)
    return spans


def _append(text: str, spans: list[Span], begin: int, end: int) -> None:
    while begin < end and text[begin].isspace():
        begin += 1
    while end > begin and text[end - 1].isspace():
        end -= 1
    if end > begin and any(char.isalnum() for char in text[begin:end]):
        spans.append(Span(begin, end))


def split_sentences(nt: NormalisedText) -> list[Span]:
    """Sentence spans ``[start, end)`` in the normalised text."""
    return split_text(nt.text)


def split_clauses(text: str, span: Span) -> list[Span]:
    """Cut one sentence where a new event is commonly introduced."""
    cuts = [span.start]
    for match in _CLAUSE.finditer(text, span.start, span.end):
        if match.start() - cuts[-1] >= 25 and span.end - match.end() >= 15:
            cuts.append(match.end())
    cuts.append(span.end)
    out: list[Span] = []
    for begin, finish in zip(cuts, cuts[1:], strict=False):
        _append(text, out, begin, finish)
    return out
