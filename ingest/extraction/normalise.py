"""Arabic/English text normalisation that keeps a map back to the original.

Every extracted field must point at its span in the original article, so
normalisation is done character by character: each output character records
the index of the input character it came from. Characters that normalise to
nothing (diacritics, tatweel, zero-width marks) are dropped from the output
but the map stays exact.

The folding itself is camel-tools' (alef variants, alef maksura, teh marbuta,
diacritics) plus hamza carriers, Arabic-Indic digits, Arabic punctuation and
Latin lower-casing, so that matching is insensitive to the spelling variants
that Arabic news writing mixes freely.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from camel_tools.utils.dediac import dediac_ar
from camel_tools.utils.normalize import (
    normalize_alef_ar,
    normalize_alef_maksura_ar,
    normalize_teh_marbuta_ar,
)

_EXTRA = {
    "ؤ": "و",
    "ئ": "ي",
    "ـ": "",  # tatweel
    "\u200c": "",
    "\u200d": "",
    "\u200e": "",
    "\u200f": "",
    "\u061c": "",
    "\ufeff": "",
    "،": ",",
    "؛": ";",
    "؟": "?",
    "٪": "%",
    "«": '"',
    "»": '"',
    "“": '"',
    "”": '"',
    "„": '"',
    "‘": "'",
    "’": "'",
    "\u00a0": " ",
    "\u2009": " ",
    "\u202f": " ",
    "\t": " ",
    "\r": " ",
    "ک": "ك",  # Persian kaf
    "ی": "ي",  # Persian yeh
    "ە": "ه",
    "#": "",  # hashtags: "#دير_الزور" reads as "دير الزور"
    "_": " ",
}
for _i in range(10):
    _EXTRA[chr(0x0660 + _i)] = str(_i)  # Arabic-Indic digits
    _EXTRA[chr(0x06F0 + _i)] = str(_i)  # Extended (Persian) digits


@lru_cache(maxsize=8192)
def _fold_char(char: str) -> str:
    if char in _EXTRA:
        return _EXTRA[char]
    if unicodedata.category(char) == "Mn":  # any combining mark
        return ""
    folded = normalize_teh_marbuta_ar(normalize_alef_maksura_ar(normalize_alef_ar(dediac_ar(char))))
    lowered = folded.lower()
    return lowered if len(lowered) == len(folded) else folded  # "İ".lower() is two chars


@dataclass(frozen=True)
class NormalisedText:
    """Normalised text plus, for each of its characters, the original index."""

    original: str
    text: str
    offsets: tuple[int, ...]  # len(text) + 1 entries; the last is len(original)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of the normalised text to the original."""
        start = max(0, min(start, len(self.text)))
        end = max(start, min(end, len(self.text)))
        if start == end:
            pos = self.offsets[start]
            return pos, pos
        return self.offsets[start], self.offsets[end - 1] + 1

    def original_span(self, start: int, end: int) -> str:
        """The original text behind a span of the normalised text."""
        o_start, o_end = self.to_original(start, end)
        return self.original[o_start:o_end]


# Code points whose folding is precomputed into a str.translate table: Latin,
# combining marks, Arabic (and its supplements), general punctuation, Arabic
# presentation forms. Everything else is kept as it is.
_TABLE_RANGES = (
    (0x0000, 0x0900),
    (0x1AB0, 0x1B00),
    (0x1DC0, 0x1E00),
    (0x2000, 0x2070),
    (0x20D0, 0x2100),
    (0xFB50, 0xFE00),
    (0xFE20, 0xFE30),
    (0xFE70, 0xFF00),
)


def _build_table() -> tuple[dict[int, str | None], str]:
    table: dict[int, str | None] = {}
    dropped: list[str] = []
    for low, high in _TABLE_RANGES:
        for code in range(low, high):
            char = chr(code)
            folded = _fold_char(char)
            if folded == char:
                continue
            table[code] = folded or None
            if not folded:
                dropped.append(char)
    # Combining marks anywhere else (variation selectors, other scripts' marks)
    # are dropped too, as _fold_char does.
    for code in (*range(0x0900, 0x20000), *range(0xE0000, 0xE0200)):
        if code not in table and unicodedata.category(chr(code)) == "Mn":
            table[code] = None
            dropped.append(chr(code))
    return table, "".join(dropped)


_TABLE, _DROPPED = _build_table()
_TABLE[0] = None  # NUL is dropped too: it marks dropped characters below
# Dropped characters -> NUL, everything else unchanged: a one-character class to scan for
# (a class of the thousands of dropped code points made normalise() 10x slower).
_MARK = {ord(char): "\x00" for char in _DROPPED} | {0: "\x00"}
_DROPPED_RE = re.compile("\x00+")


_FENCED_NUMBER = re.compile(r"(?<![0-9/])/([0-9]{1,5})/(?![0-9/])")


def normalise(text: str) -> NormalisedText:
    """Fold spelling variants (Latin, Greek and Cyrillic are lower-cased); keep an exact map back to ``text``.

    Folding maps each character to at most one character, so the output is the
    input with some characters replaced and some dropped; the offsets are the
    indices of the characters that were kept (built from ranges, not per char).
    """
    folded = text.translate(_TABLE)
    if "/" in folded:
        # "قتل /8/ مقاتلين": some agencies fence numbers with slashes; dates (15/10/2023) keep them
        folded = _FENCED_NUMBER.sub(r" \1 ", folded)
    if len(folded) == len(text):
        offsets: tuple[int, ...] = tuple(range(len(text) + 1))
    else:
        kept: list[int] = []
        previous = 0
        for match in _DROPPED_RE.finditer(text.translate(_MARK)):
            kept.extend(range(previous, match.start()))
            previous = match.end()
        kept.extend(range(previous, len(text)))
        kept.append(len(text))
        offsets = tuple(kept)
    return NormalisedText(original=text, text=folded, offsets=offsets)


def normalise_word(text: str) -> str:
    """Normalised form of a short string (a name, a lexicon entry)."""
    return text.translate(_TABLE)
