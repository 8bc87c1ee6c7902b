"""Actor alias lexicon (Arabic + English) -> actor ids of the output contract.

The lexicon lives in ``data/actors.json`` so that the Django app can load the
same table (display names, aliases). Matching runs on normalised text (see
``normalise.py``) with one Aho-Corasick automaton built once per process;
Arabic proclitics (و ف ب ل ك, and لل for ال- names) may precede an alias, and
an alias must end at a word boundary.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import ahocorasick

from .normalise import normalise_word

DATA_PATH = Path(__file__).with_name("data") / "actors.json"

ACTOR_IDS = (
    "coalition",
    "us_forces",
    "sdf",
    "asayish",
    "syrian_gov",
    "iraqi_forces",
    "peshmerga",
    "turkey",
    "sna",
    "russia",
    "isis",
    "unknown",
    "civilians",
)

# Forces that carry out counter-ISIS operations.
COUNTER_ISIS = frozenset(ACTOR_IDS[:10])

_PROCLITICS = ("و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك", "س")


@dataclass(frozen=True)
class ActorMention:
    start: int
    end: int
    actor: str
    alias: str
    weak: bool  # a victim cue only ("شاب", "مختار"), not an organisation name


def is_letter(char: str) -> bool:
    """A word character for boundary tests (Arabic or Latin letter, digit)."""
    return char.isalnum() or char == "_"


def prefix_ok(text: str, start: int) -> bool:
    """True when ``start`` begins a word, allowing Arabic proclitics before it."""
    if start == 0 or not is_letter(text[start - 1]):
        return True
    for clitic in _PROCLITICS:
        begin = start - len(clitic)
        if begin >= 0 and text[begin:start] == clitic and (begin == 0 or not is_letter(text[begin - 1])):
            return True
    return False


def suffix_ok(text: str, end: int) -> bool:
    return end >= len(text) or not is_letter(text[end])


@lru_cache(maxsize=1)
def load_table() -> dict[str, dict]:
    """The actors table as stored in data/actors.json (id -> names, aliases)."""
    with DATA_PATH.open(encoding="utf-8") as handle:
        return json.load(handle)["actors"]


def _variants(alias: str) -> list[tuple[str, int]]:
    """Normalised alias forms; the int is how many leading chars are a clitic."""
    key = normalise_word(alias).strip()
    out = [(key, 0)]
    if key.startswith("ال") and len(key) > 3:
        out.append(("لل" + key[2:], 1))  # للتحالف = ل + التحالف
    return out


@lru_cache(maxsize=1)
def _automaton() -> ahocorasick.Automaton:
    auto = ahocorasick.Automaton()
    for actor, row in load_table().items():
        for weak, aliases in ((False, row.get("aliases", [])), (True, row.get("weak", []))):
            for alias in aliases:
                for key, skip in _variants(alias):
                    if key and not auto.exists(key):
                        auto.add_word(key, (actor, alias, weak, skip, len(key)))
    auto.make_automaton()
    return auto


def find_actors(text: str, include_weak: bool = True) -> list[ActorMention]:
    """Actor mentions in normalised text, longest match first, no overlaps."""
    if not text:
        return []
    found: list[ActorMention] = []
    for last, (actor, alias, weak, skip, length) in _automaton().iter(text):
        end = last + 1
        start = end - length
        if not suffix_ok(text, end) or not prefix_ok(text, start):
            continue
        if weak and not include_weak:
            continue
        found.append(ActorMention(start + skip, end, actor, alias, weak))
    # Leftmost-longest: at each position the longest alias wins, overlaps are dropped.
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    chosen: list[ActorMention] = []
    for mention in found:
        if chosen and mention.start < chosen[-1].end:
            if mention.end > chosen[-1].end and mention.start == chosen[-1].start:
                chosen[-1] = mention
            continue
        chosen.append(mention)
    return chosen


def actor_ids(mentions: list[ActorMention]) -> list[str]:
    """Distinct actor ids in order of first mention."""
    seen: list[str] = []
    for mention in mentions:
        if mention.actor not in seen:
            seen.append(mention.actor)
    return seen


def display_name(actor: str, language: str = "en") -> str:
    row = load_table().get(actor)
    if not row:
        return actor
    return row["name_ar"] if language == "ar" else row["name_en"]
