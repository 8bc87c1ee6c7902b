"""A small rule-based Arabic -> Latin transliteration for display.

It is meant to sit *beside* the Arabic name so that an analyst who does not
read Arabic can recognise and pronounce a place or person: it is not a
scholarly romanisation. Short vowels are not written in Arabic, so the output
guesses them with a few rules (long vowels from alif/waw/ya, ``al-`` for the
article, doubled consonants from shadda, ``-a`` for ta marbuta). Prefer the
gazetteer's English name (``Place.name_en``) whenever the incident has a Place;
static/js/transliterate.js implements the same rules for map popups.
"""

from __future__ import annotations

import re

CONSONANTS: dict[str, str] = {
    "ب": "b",
    "ت": "t",
    "ث": "th",
    "ج": "j",
    "ح": "h",
    "خ": "kh",
    "د": "d",
    "ذ": "dh",
    "ر": "r",
    "ز": "z",
    "س": "s",
    "ش": "sh",
    "ص": "s",
    "ض": "d",
    "ط": "t",
    "ظ": "z",
    "ع": "'",
    "غ": "gh",
    "ف": "f",
    "ق": "q",
    "ك": "k",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "ه": "h",
    "ء": "'",
    "ؤ": "'",
    "ئ": "'",
    "پ": "p",
    "چ": "ch",
    "گ": "g",
    "ڤ": "v",
}
ALIFS = {"ا": "a", "أ": "a", "إ": "i", "آ": "a", "ٱ": "a"}
WAW, YA, ALIF_MAQSURA, TA_MARBUTA, SHADDA = "و", "ي", "ى", "ة", "\u0651"
# Harakat and other marks that carry no letter of their own (shadda is handled).
_MARKS = re.compile("[\u064b-\u0650\u0652-\u065f\u0670\u0640]")
_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_WORD = re.compile(r"[\u0621-\u064a\u0671-\u06d3\u0651]+")
# Frequent words whose vowels the rules cannot guess, in their usual spelling.
# Checked after diacritics are removed and before the rules; the article prefix
# is handled as usual (المحمد -> al-Muhammad is not listed separately).
LEXICON: dict[str, str] = {
    "محمد": "muhammad",
    "أحمد": "ahmad",
    "احمد": "ahmad",
    "محمود": "mahmud",
    "عبد": "abd",
    "الله": "allah",
    "عبدالله": "abdullah",
    "علي": "ali",
    "حسين": "husayn",
    "حسن": "hasan",
    "عمر": "umar",
    "عثمان": "uthman",
    "خالد": "khalid",
    "إبراهيم": "ibrahim",
    "ابراهيم": "ibrahim",
    "يوسف": "yusuf",
    "مصطفى": "mustafa",
    "صالح": "salih",
    "سوريا": "suriya",
    "العراق": "al-iraq",
    "داعش": "daesh",
    "دمشق": "dimashq",
    "حلب": "halab",
    "حمص": "homs",
    "حماة": "hama",
    "الموصل": "al-mawsil",
    "كركوك": "kirkuk",
    "تكريت": "tikrit",
    "الفرات": "al-furat",
    "دجلة": "dijla",
    "بادية": "badiya",
    "الشام": "al-sham",
    "قسد": "qasad",
    "مخيم": "mukhayyam",
    "الهول": "al-hol",
}
# Particles written as separate words that stay lower case.
_PARTICLES = {"al", "wa", "bin", "ibn", "abu", "bani"}


def _is_consonant(ch: str | None) -> bool:
    return ch is not None and ch in CONSONANTS


def _word(word: str) -> str:
    """One Arabic word (no spaces) in Latin letters, lower case."""
    plain = word.replace(SHADDA, "")
    if plain in LEXICON:
        return LEXICON[plain]
    if (
        len(plain) > 3
        and plain.startswith("ال")
        and plain[2:] in LEXICON
        and not LEXICON[plain[2:]].startswith("al-")
    ):
        return "al-" + LEXICON[plain[2:]]
    prefix = ""
    if len(word) > 3 and word.startswith("ال"):
        prefix, word = "al-", word[2:]
    elif len(word) > 4 and word.startswith("وال"):
        prefix, word = "wal-", word[3:]
    letters = [c for c in word if c != SHADDA]
    doubled = {i - 1 - word[:i].count(SHADDA) for i, c in enumerate(word) if c == SHADDA and i > 0}
    out: list[str] = []
    n = len(letters)
    for i, ch in enumerate(letters):
        prev = letters[i - 1] if i > 0 else None
        nxt = letters[i + 1] if i + 1 < n else None
        if ch in ALIFS:
            # Initial alif is the vowel; medial alif lengthens the vowel before it.
            out.append(ALIFS[ch])
        elif ch == ALIF_MAQSURA:
            out.append("a")
        elif ch == TA_MARBUTA:
            out.append("a" if not out or not out[-1].endswith("a") else "")
        elif ch in (WAW, YA):
            consonant, vowel = ("w", "u") if ch == WAW else ("y", "i")
            if i == 0 or (nxt is not None and nxt in ALIFS) or (prev is not None and prev in ALIFS):
                out.append(consonant)
            elif ch == YA and nxt == TA_MARBUTA and _is_consonant(prev):
                out.append("iy")  # -iyya endings: الديمقراطية -> al-dimqratiya
            elif nxt is None or _is_consonant(prev) or prev in (WAW, YA):
                out.append(vowel)
            else:
                out.append(consonant)
        elif ch in CONSONANTS:
            latin = CONSONANTS[ch]
            if latin == "'" and i == 0:
                latin = ""  # an initial 'ayn/hamza is not written in common usage
            out.append(latin * 2 if i in doubled and len(latin) == 1 else latin)
            # Two written consonants in a row at the start of a word: supply the
            # short vowel that Arabic leaves out (قوات -> qawat, not qwat).
            after = letters[i + 2] if i + 2 < n else None
            if i == 0 and (
                (_is_consonant(nxt) and nxt != ch)
                or (nxt in (WAW, YA) and after is not None and after in ALIFS)
            ):
                out.append("a")
        else:
            out.append(ch)
    return prefix + "".join(out)


def _capitalise(latin: str) -> str:
    if latin in _PARTICLES:
        return latin
    if latin.startswith(("al-", "wal-")):
        head, _, rest = latin.partition("-")
        return f"{head}-{rest[:1].upper()}{rest[1:]}"
    stripped = latin.lstrip("'")
    lead = latin[: len(latin) - len(stripped)]
    return lead + stripped[:1].upper() + stripped[1:]


def transliterate(text: str | None) -> str:
    """Latin transliteration of an Arabic text; non-Arabic text passes through.

    >>> transliterate("ذيبان")
    'Dhiban'
    >>> transliterate("دير الزور")
    'Dir al-Zur'
    """
    if not text:
        return ""
    text = _MARKS.sub("", text).translate(_ARABIC_DIGITS)
    result = _WORD.sub(lambda m: _capitalise(_word(m.group(0))), text)
    result = result.replace("،", ",").replace("؛", ";").replace("؟", "?")
    result = re.sub(r"\s+", " ", result).strip()
    return result[:1].upper() + result[1:] if result else ""


def has_arabic(text: str | None) -> bool:
    return bool(text) and _WORD.search(text) is not None
