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
    return folded.lower()


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


def normalise(text: str) -> NormalisedText:
    """Fold spelling variants; keep an exact map back to ``text``."""
    out: list[str] = []
    offsets: list[int] = []
    for index, char in enumerate(text):
        folded = _fold_char(char)
        for piece in folded:
            out.append(piece)
            offsets.append(index)
    offsets.append(len(text))
    return NormalisedText(original=text, text="".join(out), offsets=tuple(offsets))


def normalise_word(text: str) -> str:
    """Normalised form of a short string (a name, a lexicon entry)."""
    return "".join(_fold_char(char) for char in text)
