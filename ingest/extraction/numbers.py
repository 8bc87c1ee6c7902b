"""Number mentions in normalised Arabic/English news text.

Works on the output of ``normalise()`` (alef/hamza/teh-marbuta folded, Arabic-Indic
digits already ASCII, Latin lower-cased). A mention is a quantity of something:
digits, number words (masculine/feminine, compounds), duals of person nouns,
"أحد عناصر" (= 1), "الأمير وأربعة آخرين" (= 5), and vague quantities ("عشرات",
"عدد من", "dozens") whose value is None.

Numbers that are parts of dates, times or years are not mentions: the count
linker must never read "15 تشرين الأول" as fifteen people. Definite numbers
("المعتقلون الثلاثة") refer back to people already counted and are skipped too.

Duals: "-ين/-ان" is the dual ending but also the sound masculine plural
("مقاتلين" = fighters). A dual counts as 2 only for nouns whose plural is broken
(عنصر/عناصر, شخص/أشخاص, جندي/جنود ...), or, for sound-plural nouns (مقاتل، مسلح،
مدني ...), when a dual verb or pronoun follows ("مقاتلين ... تعرضا للقتل",
"حياتهما") or "اثنين" does. Definite duals ("المتهمان") are back-references.

The counted noun is only recorded here; a bare singular noun after a verb
("قتلوا قيادياً" = 1) is read as a count by counts.py, which knows the verb.

Also shared with counts.py/dates.py: ``tokenize``, ``word_set`` (cached word set
of an article, for cheap "is any cue here?" tests), ``word_positions`` and
``windows`` (the rules run only in small windows around candidate words, to
keep the extractor fast).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from .normalise import normalise_word


@dataclass(frozen=True)
class NumberMention:
    start: int
    end: int
    value: int | None  # None = vague ("عشرات", "عدد من", "dozens")
    at_least: bool
    noun: str | None  # the counted noun (normalised) right after the number


# Internal richer record; counts.py uses the extra flags.
@dataclass(frozen=True)
class _Found:
    mention: NumberMention
    plus_one: bool = False  # "X وأربعة آخرين": the value includes the head X
    dual: bool = False  # the count came from a dual noun ("عنصرين")


# ---------------------------------------------------------------------------
# Tokens
# ---------------------------------------------------------------------------

# ASCII digits only (normalise() already folded Arabic-Indic ones); "²" is a word char, not a number.
_TOKEN = re.compile(r"[0-9]+(?:[,.\u066c][0-9]{3})+(?![0-9])|[0-9]+|[^\W0-9_]+|[^\w\s]", re.UNICODE)


class Token(NamedTuple):
    start: int
    end: int
    text: str
    is_digit: bool
    is_word: bool


# Whitespace (and "_", which no token branch takes) is captured so offsets can be
# summed up from findall's tuples: much cheaper than a match object per token.
_TOKEN_WS = re.compile(r"([\s_]*)(" + _TOKEN.pattern + ")", re.UNICODE)


def tokenize(text: str, lo: int = 0, hi: int | None = None) -> list[Token]:
    """Words, digit groups and single punctuation marks of text[lo:hi] (shared with counts.py)."""
    new = tuple.__new__  # C-level construction: NamedTuple.__new__ is slow Python
    out = []
    pos = lo
    for ws, t in _TOKEN_WS.findall(text, lo, len(text) if hi is None else hi):
        pos += len(ws)
        end = pos + len(t)
        c = t[0]
        out.append(new(Token, (pos, end, t, "0" <= c <= "9", c.isalpha())))
        pos = end
    return out


# ---------------------------------------------------------------------------
# Speed: find candidate words with C-level string operations, then run the
# token-level rules only in small windows around them (the extractor must do
# ~1000 articles/s, and most of an article holds no quantity, date or cue).
# ---------------------------------------------------------------------------

_EDGE_PUNCT = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~\u2013\u2014\u2026\u2022\u00b7"
_DIGIT_RUN = re.compile(r"[0-9]+")


@lru_cache(maxsize=8)
def word_set(text: str) -> frozenset[str]:
    """The distinct punctuation-free words of ``text`` (cached: all modules ask)."""
    # str.split + strip is the cheapest way in CPython; a word glued to another by
    # punctuation without a space ("امس,الجمعه") is missed, which is rare in news text.
    strip = _EDGE_PUNCT
    return frozenset([w.strip(strip) for w in text.split()])


def word_positions(text: str, words: Iterable[str]) -> list[int]:
    """Start offsets of whole-word occurrences of ``words`` in ``text``."""
    out: list[int] = []
    n = len(text)
    for w in words:
        i = text.find(w)
        while i >= 0:
            j = i + len(w)
            if (i == 0 or not text[i - 1].isalpha()) and (j >= n or not text[j].isalpha()):
                out.append(i)
            i = text.find(w, j)
    return out


def windows(text: str, anchors: list[int], before: int, after: int) -> list[tuple[int, int]]:
    """Merged [start, end) windows around anchor offsets, widened to whitespace."""
    if not anchors:
        return []
    n = len(text)
    out: list[tuple[int, int]] = []
    for a in sorted(anchors):
        lo = max(0, a - before)
        hi = min(n, a + after)
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    snapped: list[tuple[int, int]] = []
    for lo, hi in out:
        if lo > 0:
            k = max(text.rfind(" ", 0, lo), text.rfind("\n", 0, lo))
            lo = k + 1 if k >= 0 else 0
        if hi < n:
            k1, k2 = text.find(" ", hi), text.find("\n", hi)
            ks = [k for k in (k1, k2) if k >= 0]
            hi = min(ks) if ks else n
        if snapped and lo <= snapped[-1][1]:
            snapped[-1] = (snapped[-1][0], max(snapped[-1][1], hi))
        else:
            snapped.append((lo, hi))
    return snapped


# ---------------------------------------------------------------------------
# Lexicons (normalised spellings)
# ---------------------------------------------------------------------------

_UNITS: dict[str, int] = {
    "واحد": 1, "واحده": 1,
    "اثنان": 2, "اثنين": 2, "اثنتان": 2, "اثنتين": 2, "ثنتان": 2, "ثنتين": 2,
    "ثلاثه": 3, "ثلاث": 3, "اربعه": 4, "اربع": 4, "خمسه": 5, "خمس": 5,
    "سته": 6, "ست": 6, "سبعه": 7, "سبع": 7, "ثمانيه": 8, "ثماني": 8, "ثمان": 8,
    "تسعه": 9, "تسع": 9,
}
# Only valid as the first part of a teen ("أحد عشر", "اثنا عشر").
_TEEN_ONLY: dict[str, int] = {
    "احد": 1, "احدي": 1, "اثنا": 2, "اثني": 2, "اثنتا": 2, "اثنتي": 2,
}
_TEN = {"عشره", "عشر"}
_TENS: dict[str, int] = {}
for _stem, _v in (("عشر", 20), ("ثلاث", 30), ("اربع", 40), ("خمس", 50), ("ست", 60),
                  ("سبع", 70), ("ثمان", 80), ("تسع", 90)):
    _TENS[_stem + "ون"] = _v
    _TENS[_stem + "ين"] = _v
_HUNDREDS: dict[str, int] = {
    "مئتان": 200, "مئتين": 200, "مائتان": 200, "مائتين": 200, "مئتا": 200, "مائتا": 200, "مئتي": 200,
    "مائتي": 200,
}
for _stem, _v in (("ثلاث", 300), ("اربع", 400), ("خمس", 500), ("ست", 600), ("سبع", 700),
                  ("ثمان", 800), ("ثماني", 800), ("تسع", 900)):
    _HUNDREDS[_stem + "مئه"] = _v
    _HUNDREDS[_stem + "مائه"] = _v
_HUNDRED_MULT = {"مئه", "مائه", "ميه"}
_THOUSAND_MULT = {"الف", "الفا", "الاف"}  # "ثلاثة آلاف", "ألف", "عشرين ألفاً"
_THOUSANDS_FULL = {"الفان": 2000, "الفين": 2000}
_MILLION_MULT = {"مليون", "ملايين"}
_MILLIONS_FULL = {"مليونان": 2_000_000, "مليونين": 2_000_000}

_EN_UNITS: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_EN_TENS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
_EN_MULT = {"hundred": 100, "thousand": 1000, "million": 1_000_000}

# Vague quantities: value None. Single-token ones (after an optional و/ب prefix).
_VAGUE_WORDS = {
    "عشرات", "العشرات", "مئات", "المئات", "ميات", "الاف", "الالاف", "بضع", "بضعه", "عده",
    "dozens", "several", "scores", "hundreds", "thousands", "many", "numerous",
}
# Multi-token vague phrases (regex over the normalised text).
_VAGUE_PHRASE = re.compile(
    r"(?<!\w)(?:[وب]?(?:عدد|عددا)(?:\s+(?:كبير|كبيرا|اخر|محدود|غير\s+محدد))?\s+من"
    r"|[وب]?(?:العديد|الكثير|كثير|جمله|مجموعه|حشد)\s+من"
    r"|a\s+number\s+of|a\s+few|a\s+handful\s+of|scores\s+of|a\s+group\s+of)(?!\w)"
)

# Person nouns whose dual is unambiguous: their plural is broken (عناصر, أشخاص),
# so "عنصرين"/"شخصين" can only mean two.
_DUAL_STEMS = {
    "عنصر", "شخص", "عضو", "رجل", "شاب", "طفل", "امرات", "فتات", "جندي", "ضابط", "قتيل",
    "جريح", "اسير", "شقيق", "حارس", "عميل", "امير", "قائد", "زعيم", "صبي", "راع", "راعي",
    "رهين", "سجين",
}
# Sound-plural nouns: "-ين" is both the plural and the dual ("مقاتلين"), so they are
# read as two only when a dual verb/pronoun follows ("مقاتلين ... تعرضا للقتل").
_AMBIGUOUS_DUAL_STEMS = {
    "مقاتل", "مدني", "مسلح", "عسكري", "قيادي", "مطلوب", "ارهابي", "مشتبه", "متهم", "مسؤول",
    "مواطن", "عامل", "موظف", "معتقل", "مصاب", "داعشي", "انتحاري", "مهرب", "مرتزق", "مخبر",
    "متزعم", "منتسب", "مجند", "شرطي", "امني", "صحفي", "ناشط", "مزارع", "سائق", "موقوف", "مخطوف",
}
_DUAL_MARKERS = {
    "كانا", "كانتا", "تعرضا", "تعرضتا", "قتلا", "قتلتا", "فقدا", "لقيا", "اصيبا", "اعتقلا",
    "سقطا", "قضيا", "جرحا", "اختطفا", "اغتيلا", "استشهدا", "هما", "كلاهما", "كليهما",
    "ينتميان", "يعملان", "يعملا", "ينشطان", "اثنين", "اثنان",
}

_AT_LEAST_BEFORE = re.compile(
    r"(?:(?:ما\s+)?لا\s+يقل\s+عن|(?:ما\s+)?يزيد\s+(?:عن|علي)|اكثر\s+من|ما\s+يربو\s+علي"
    r"|at\s+least|more\s+than|over|upwards\s+of|no\s+fewer\s+than|no\s+less\s+than)\s*$"
)
_AT_LEAST_AFTER = re.compile(r"^\s*(?:علي\s+الاقل|(?:او|و|ف)\s*اكثر|at\s+least|or\s+more)(?!\w)")

_MONTH_TOKENS = {
    "كانون", "شباط", "اذار", "نيسان", "ايار", "حزيران", "تموز", "اب", "ايلول", "تشرين",
    "يناير", "فبراير", "مارس", "ابريل", "افريل", "مايو", "ماي", "يونيو", "يونيه", "جوان",
    "يوليو", "يوليه", "جويليه", "اغسطس", "اوت", "غشت", "سبتمبر", "اكتوبر", "نوفمبر", "ديسمبر",
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec",
}
_YEAR_CUES = {
    "عام", "العام", "سنه", "لعام", "بعام", "وعام", "في", "وفي", "منذ", "خلال", "حتي", "مطلع",
    "بدايه", "نهايه", "اواخر", "اوايل", "عامي",
    "in", "since", "year", "during", "of", "until", "by", "early", "late",
}
_DATE_NUMERIC = re.compile(r"[0-9]{1,4}\s?[/\-.]\s?[0-9]{1,2}\s?[/\-.]\s?[0-9]{1,4}|[0-9]{1,2}:[0-9]{2}")
# "آخرين/آخرون/أخريات" are people; "أخرى" agrees with non-human plurals ("ثلاث آليات أخرى").
_OTHERS = {"اخرين", "اخرون", "اخريات", "others", "other", "more"}
_PREFIXES = ("و", "ب", "ل", "ف")
_NEG_WORDS = {"لم", "لا", "ولم", "ولا", "دون", "بدون", "يصب"}

# Lexicon entries are written in ordinary spelling; fold them like the text
# ("مئة" -> "ميه", "مسؤول" -> "مسوول").
_N = normalise_word
_UNITS = {_N(k): v for k, v in _UNITS.items()}
_TEEN_ONLY = {_N(k): v for k, v in _TEEN_ONLY.items()}
_TENS = {_N(k): v for k, v in _TENS.items()}
_HUNDREDS = {_N(k): v for k, v in _HUNDREDS.items()}
_HUNDRED_MULT = {_N(k) for k in _HUNDRED_MULT} | {"ميه", "مايه", "مية"}
_THOUSAND_MULT = {_N(k) for k in _THOUSAND_MULT}
_THOUSANDS_FULL = {_N(k): v for k, v in _THOUSANDS_FULL.items()}
_VAGUE_WORDS = {_N(k) for k in _VAGUE_WORDS}
_DUAL_STEMS = {_N(k) for k in _DUAL_STEMS}
_AMBIGUOUS_DUAL_STEMS = {_N(k) for k in _AMBIGUOUS_DUAL_STEMS}
_DUAL_MARKERS = {_N(k) for k in _DUAL_MARKERS}
_MONTH_TOKENS = {_N(k) for k in _MONTH_TOKENS}

# Singular person nouns (indefinite, with or without the accusative alef):
# "شخص واحد" is one, and counts.py reads "قتلوا قيادياً" as one.
PERSON_SINGULAR = {
    _N(w) for base in (
        "شخص", "عنصر", "قيادي", "مسؤول", "مدني", "طفل", "شاب", "رجل", "مواطن", "جندي",
        "عسكري", "مقاتل", "مسلح", "إرهابي", "مطلوب", "متهم", "مشتبه", "أمير", "والي", "متزعم",
        "قائد", "ضابط", "عميل", "انتحاري", "موظف", "مختار", "مرافق", "حارس", "راع", "سائق",
        "عضو", "داعشي", "شرطي", "صحفي", "ناشط", "معلم", "مزارع", "مرتزق", "مهرب", "ممول",
        "منتسب", "قاض", "طبيب", "شيخ", "وجيه", "تاجر", "عامل", "مسعف", "فتى", "صبي",
        "رهينة", "سجين", "ممرض", "مهندس", "مخبر", "مجند", "مندوب", "مقرب", "راعي", "مسن",
    )
    for w in (base, base + "ا")
} | {_N(w) for w in ("امرأة", "فتاة", "سيدة", "طفلة", "شابة", "مواطنة", "امراه")}



def _strip(word: str) -> str:
    """Drop one conjunction/preposition clitic when what remains is a number word."""
    if len(word) > 2 and word[0] in _PREFIXES:
        rest = word[1:]
        if word[0] == "ل" and len(rest) < 4:  # "لست" is "I am not", not "for six"
            return word
        return rest
    return word


def _atom(word: str) -> tuple[str, int] | None:
    """Classify one (already clitic-stripped) token as a number atom."""
    if word in _UNITS:
        return "unit", _UNITS[word]
    if word in _TEN:
        return "unit", 10
    if word in _TENS:
        return "tens", _TENS[word]
    if word in _HUNDREDS:
        return "hundreds", _HUNDREDS[word]
    if word in _HUNDRED_MULT:
        return "hmult", 100
    if word in _THOUSANDS_FULL:
        return "thousands", _THOUSANDS_FULL[word]
    if word in _THOUSAND_MULT:
        return "kmult", 1000
    if word in _MILLIONS_FULL:
        return "thousands", _MILLIONS_FULL[word]
    if word in _MILLION_MULT:
        return "mmult", 1_000_000
    if word in _EN_UNITS:
        return "unit", _EN_UNITS[word]
    if word in _EN_TENS:
        return "tens", _EN_TENS[word]
    if word in _EN_MULT:
        return "enmult", _EN_MULT[word]
    return None


_SEPARATORS = re.compile(r"[,.\u066c]")


def _digits_value(text: str) -> int:
    return int(_SEPARATORS.sub("", text))


def _parse_tokens(tokens: list[Token], i: int) -> tuple[int, int] | None:
    """Parse a number starting at token i. Returns (value, index after the last token)."""
    tok = tokens[i]
    n = len(tokens)
    if tok.is_digit:
        value = _digits_value(tok.text)
        j = i + 1
        # "3 آلاف", "2 مليون", "5 thousand"
        if j < n and tokens[j].text in ("الاف", "الف", "الفا", "مليون", "ملايين", "thousand", "million"):
            mult = 1_000_000 if tokens[j].text in ("مليون", "ملايين", "million") else 1000
            return value * mult, j + 1
        return value, j
    word = tok.text
    stripped = _strip(word)
    first = _atom(word) or _atom(stripped)  # the whole word wins: "واحد" is one, not "و" + "احد"
    # Teens: "ثلاثة عشر", "أحد عشر", "اثنا عشر"
    if first is None and stripped in _TEEN_ONLY:
        if i + 1 < n and tokens[i + 1].text in _TEN:
            first = ("unit", _TEEN_ONLY[stripped])
        else:
            return None
    if first is None:
        return None
    if word == "الاف":
        return None  # bare "آلاف" is vague, handled elsewhere
    total = 0
    current = 0
    kind, value = first
    j = i + 1
    if kind == "unit":
        current = value
        if j < n and tokens[j].text in _TEN and value < 10:
            current = value + 10
            j += 1
    elif kind in ("tens", "hundreds"):
        current = value
    elif kind == "thousands":
        total = value
    elif kind in ("hmult", "kmult", "mmult", "enmult"):
        if kind == "kmult":
            total = 1000
        elif kind == "mmult":
            total = 1_000_000
        else:
            current = value
    last_kind = kind
    english = stripped in _EN_UNITS or stripped in _EN_TENS or stripped in _EN_MULT
    while j < n:
        t = tokens[j].text
        if english:
            if t in _EN_MULT and last_kind in ("unit", "tens"):
                mult = _EN_MULT[t]
                if mult == 100:
                    current *= 100
                else:
                    total += current * mult
                    current = 0
                last_kind = "enmult"
                j += 1
                continue
            if t == "-" and j + 1 < n and tokens[j + 1].text in _EN_UNITS and last_kind == "tens":
                current += _EN_UNITS[tokens[j + 1].text]  # "twenty-five"
                last_kind = "unit"
                j += 2
                continue
            if t == "and" and j + 1 < n and last_kind == "enmult" and _atom(tokens[j + 1].text):
                j += 1
                continue
            if last_kind == "enmult" and t in _EN_UNITS | _EN_TENS:
                current += _EN_UNITS.get(t, 0) + _EN_TENS.get(t, 0)
                last_kind = "tens" if t in _EN_TENS else "unit"
                j += 1
                continue
            break
        # Multipliers directly after a unit/teen/tens: "ثلاث مئة", "ثلاثة آلاف", "خمسة عشر ألف".
        if t in _HUNDRED_MULT and last_kind == "unit" and current < 10:
            current *= 100
            last_kind = "hundreds"
            j += 1
            continue
        if t in _THOUSAND_MULT and last_kind in ("unit", "tens", "hundreds"):
            total += current * 1000
            current = 0
            last_kind = "thousands"
            j += 1
            continue
        if t in _MILLION_MULT and last_kind in ("unit", "tens", "hundreds"):
            total += current * 1_000_000
            current = 0
            last_kind = "thousands"
            j += 1
            continue
        # "و" + next part: only a bigger-to-smaller or unit-then-tens order composes
        # ("خمسة وعشرين", "مئة وخمسون", "ألف ومئتين"); "ثلاثة وأربعة" does not.
        step = 1
        if len(t) > 1 and t[0] == "و":
            nxt = _atom(t[1:])
        elif t == "و" and j + 1 < n:
            nxt = _atom(tokens[j + 1].text)
            step = 2
        else:
            break
        if nxt is None:
            break
        nk, nv = nxt
        ok = (
            (last_kind == "unit" and nk == "tens" and current < 10)
            or (last_kind in ("hundreds", "hmult") and nk in ("unit", "tens") and current % 100 == 0)
            or (last_kind in ("thousands", "kmult", "mmult") and nk in ("unit", "tens", "hundreds"))
        )
        if not ok:
            break
        current += nv
        last_kind = nk
        j += step
        if nk == "unit" and j < n and tokens[j].text in _TEN:
            current += 10
            j += 1
    return total + current, j


def _is_dateish(tokens: list[Token], i: int, end_idx: int, date_spans: list[tuple[int, int]]) -> bool:
    """Days, years, clock times and ids are not quantities of people."""
    tok = tokens[i]
    if any(s <= tok.start < e for s, e in date_spans):
        return True
    if not tok.is_digit:
        return False
    nxt = tokens[end_idx].text if end_idx < len(tokens) else ""
    nxt2 = tokens[end_idx + 1].text if end_idx + 1 < len(tokens) else ""
    prev = tokens[i - 1].text if i > 0 else ""
    if nxt in _MONTH_TOKENS or _strip(nxt) in _MONTH_TOKENS:
        return True
    if nxt in ("من", "of") and (nxt2 in _MONTH_TOKENS or nxt2 in ("شهر", "الشهر")):
        return True
    # "آب 2021", "august 10", "aug. 10"
    if prev in _MONTH_TOKENS or (prev == "." and i > 1 and tokens[i - 2].text in _MONTH_TOKENS):
        return True
    if prev == "," and i > 1 and len(tok.text) == 4 and (
            tokens[i - 2].is_digit or tokens[i - 2].text in _MONTH_TOKENS):
        return True  # "aug. 10, 2021"
    if len(tok.text) == 4 and tok.text[:2] in ("19", "20"):
        # "تشرين الأول 2023", "كانون الأول/ديسمبر 2025", "march 2019"
        back = [t.text for t in tokens[max(0, i - 4):i]]
        if any(b in _MONTH_TOKENS for b in back):
            return True
        if prev in _YEAR_CUES or _strip(prev) in _YEAR_CUES or nxt in ("م", "ميلادي", "هـ"):
            return True
    # clock times, identifiers, "الـ28 من" ordinals
    return prev in ("الساعه", "ساعه", "رقم", "no", "number", "ال")


def _noun_after(tokens: list[Token], idx: int) -> str | None:
    if idx >= len(tokens):
        return None
    t = tokens[idx]
    if t.text in ("من", "of") and idx + 1 < len(tokens) and tokens[idx + 1].is_word:
        return tokens[idx + 1].text
    return t.text if t.is_word else None


_DUAL_FORM = re.compile(r"(.+?)(?:ين|ان)(?:ه|ها|هم|هما|نا|ا)?|(.+?)(?:يها|يهم|اه|اها|اهم)")


def _dual_of(word: str) -> tuple[str, bool] | None:
    """If ``word`` is a dual of a person noun, return (stem, ambiguous)."""
    w = word
    if w.startswith("ال") or (len(w) > 3 and w[0] in "وبلف" and w[1:3] == "ال"):
        return None  # definite duals ("المتهمان") refer back to people already counted
    cands = (w, w[1:]) if len(w) > 4 and w[0] in "وبلف" else (w,)
    for c in cands:
        # "-يه" is left out: "شخصية"/"عنصرية" (nisba + ة) are not duals
        m = _DUAL_FORM.fullmatch(c)
        if not m:
            continue
        stem = m.group(1) or m.group(2)
        if stem in _DUAL_STEMS:
            return stem, False
        if stem in _AMBIGUOUS_DUAL_STEMS and m.group(1):
            # the sound plural's nominative is "-ون": "مدنيان" can only be two
            return stem, not c[len(stem) :].startswith("ان")
    return None


def _scan(text: str, lo: int = 0, hi: int | None = None, tokens: list[Token] | None = None) -> list[_Found]:
    hi = len(text) if hi is None else hi
    if tokens is None:
        tokens = tokenize(text, lo, hi)
    n = len(tokens)
    date_spans = [(m.start(), m.end()) for m in _DATE_NUMERIC.finditer(text, lo, hi)]
    found: list[_Found] = []
    vague_at = {m.start(): (m.start(), m.end()) for m in _VAGUE_PHRASE.finditer(text, lo, hi)}
    i = 0
    while i < n:
        tok = tokens[i]
        # Vague multi-word phrase ("عدد من", "a number of")
        vs = vague_at.get(tok.start)
        if vs is not None:
            j = i
            while j < n and tokens[j].start < vs[1]:
                j += 1
            noun = _noun_after(tokens, j)
            found.append(_Found(NumberMention(vs[0], vs[1], None, False, noun)))
            i = j
            continue
        word = tok.text
        if not tok.is_digit and word not in _CANDIDATES:
            i += 1  # fast path: most words are not quantities
            continue
        vague = tok.is_word and (word in _VAGUE_WORDS or (word[0] == "و" and word[1:] in _VAGUE_WORDS))
        # "آلاف" right after a unit is a multiplier, handled by the parser
        if vague and not (i > 0 and _strip(word) == "الاف" and _atom(_strip(tokens[i - 1].text))):
            noun = _noun_after(tokens, i + 1)
            if _strip(word) == "عده" and (noun is None or noun in ("من", "of")):
                i += 1
                continue  # "عدة" needs a following noun ("عدة عناصر")
            found.append(_Found(NumberMention(tok.start, tok.end, None, False, noun)))
            i += 1
            continue
        # "أحد/إحدى + plural noun" = one of them ("لم يصب أحد" is nobody)
        if tok.is_word and word not in _UNITS and _strip(word) in ("احد", "احدي") and i + 1 < n:
            nxt = tokens[i + 1]
            neg = any(tokens[k].text in _NEG_WORDS for k in range(max(0, i - 3), i))
            if (nxt.is_word and nxt.text not in _TEN and not neg and not nxt.text.startswith(("ب", "ل"))
                    and nxt.text not in ("من", "في", "او", "ما")):
                found.append(_Found(NumberMention(tok.start, nxt.end, 1, False, nxt.text)))
                i += 2
                continue
            if nxt.text == "من" and not neg:  # "أحد من"
                noun = _noun_after(tokens, i + 2)
                found.append(_Found(NumberMention(tok.start, tok.end, 1, False, noun)))
                i += 1
                continue
        # "شخص واحد", "عنصر واحد": noun + number adjective
        if tok.is_word and word in ("واحد", "واحده") and i > 0 and tokens[i - 1].text in PERSON_SINGULAR:
            prev = tokens[i - 1]
            found.append(_Found(NumberMention(prev.start, tok.end, 1, False, prev.text)))
            i += 1
            continue
        parsed = None
        if tok.is_digit or _atom(word) or _atom(_strip(word)) or _strip(word) in _TEEN_ONLY:
            parsed = _parse_tokens(tokens, i)
        if parsed is not None:
            value, j = parsed
            if _is_dateish(tokens, i, j, date_spans):
                i = j
                continue
            if tok.is_word and word.startswith("ال") and _atom(word) is None:
                i = j
                continue
            found.append(_finish(text, tokens, i, j, value, found))
            i = j
            continue
        # Duals of person nouns
        if tok.is_word and len(word) >= 4:
            dual = _dual_of(word)
            if dual is not None:
                stem, ambiguous = dual
                end_tok = i + 1
                if end_tok < n and tokens[end_tok].text in ("اثنين", "اثنان", "اثنتين", "اثنتان"):
                    end_tok += 1
                    ambiguous = False
                if ambiguous:
                    window = [t.text for t in tokens[i + 1:i + 7]]
                    prev = tokens[i - 1] if i > 0 else None
                    after_number = prev is not None and (
                        prev.is_digit or _atom(_strip(prev.text)) is not None)
                    if after_number or not any(w in _DUAL_MARKERS or w.endswith("هما") for w in window):
                        i += 1
                        continue
                m = NumberMention(tok.start, tokens[end_tok - 1].end, 2, False, word)
                found.append(_Found(m, dual=True))
                i = end_tok
                continue
        i += 1
    return found


def _finish(text: str, tokens: list[Token], i: int, j: int, value: int, found: list[_Found]) -> _Found:
    """Add at-least qualifiers, the counted noun and the "X وأربعة آخرين" head."""
    start = tokens[i].start
    end = tokens[j - 1].end
    at_least = False
    before = text[max(0, start - 30):start]
    m = _AT_LEAST_BEFORE.search(before)
    if m:
        at_least = True
        start = start - (len(before) - m.start())
    noun = _noun_after(tokens, j)
    # "7 أشخاص على الأقل": the qualifier may follow the noun
    k = j + 1 if noun is not None and j < len(tokens) and tokens[j].text != "من" else j
    for probe in (j, k):
        pos = tokens[probe].start if probe < len(tokens) else len(text)
        ma = _AT_LEAST_AFTER.match(text[tokens[probe - 1].end:pos + 20]) if probe > 0 else None
        if ma:
            at_least = True
            if probe == j:
                end = tokens[probe - 1].end + ma.end()
            break
    plus_one = False
    first = tokens[i].text
    conj = (len(first) > 1 and first[0] == "و" and not tokens[i].is_digit) or (
        i > 0 and tokens[i - 1].text == "و")
    if conj:
        tail = [t.text for t in tokens[j:j + 3]]
        if any(t in _OTHERS for t in tail):
            # "الأمير وأربعة آخرين": add the head unless it is itself a counted group
            prev_limit = tokens[i - 1].start if i > 0 else 0
            recent = [f for f in found if prev_limit - 40 <= f.mention.end <= prev_limit + 1]
            k0 = i - 1 if tokens[i - 1].text != "و" else i - 2
            if not recent and k0 >= 0 and not tokens[k0].is_digit:
                plus_one = True
                value += 1
            # extend over the "آخرين" that closes the phrase
            for off, t in enumerate(tail):
                if t in _OTHERS:
                    end = tokens[j + off].end
                    break
    return _Found(NumberMention(start, end, value, at_least, noun), plus_one=plus_one)


def _candidate_words() -> frozenset[str]:
    """Every surface form that can start or make a number mention (with clitics)."""
    base: set[str] = set()
    base |= set(_UNITS) | _TEN | set(_TENS) | set(_HUNDREDS) | _HUNDRED_MULT | _THOUSAND_MULT
    base |= set(_THOUSANDS_FULL) | _MILLION_MULT | set(_MILLIONS_FULL) | set(_TEEN_ONLY)
    base |= set(_EN_UNITS) | set(_EN_TENS) | set(_EN_MULT) | _VAGUE_WORDS
    base |= {"عدد", "عددا", "العديد", "الكثير", "كثير", "جمله", "مجموعه", "حشد", "number", "few",
             "handful", "group"}
    forms = set(base)
    for w in base:
        for p in _PREFIXES:
            forms.add(p + w)
    for stem in _DUAL_STEMS | _AMBIGUOUS_DUAL_STEMS:
        for suf in ("ين", "ان"):
            for pron in ("", "ه", "ها", "هم", "هما", "نا", "ا"):
                forms.add(stem + suf + pron)
        for suf in ("يها", "يهم", "اه", "اها", "اهم"):
            forms.add(stem + suf)
    for w in list(forms):
        if w[0] not in _PREFIXES or w in base:
            for p in _PREFIXES:
                forms.add(p + w)
    return frozenset(forms)


_CANDIDATES = _candidate_words()


def _scan_windows(text: str) -> list[_Found]:
    anchors = [m.start() for m in _DIGIT_RUN.finditer(text)]
    present = _CANDIDATES.intersection(word_set(text))
    if present:
        anchors += word_positions(text, present)
    found: list[_Found] = []
    for lo, hi in windows(text, anchors, 35, 55):
        found.extend(_scan(text, lo, hi))
    return found


def find_numbers(text: str) -> list[NumberMention]:
    """All quantity mentions in ``text`` (normalised), in text order."""
    return [f.mention for f in _scan_windows(text)]


def find_numbers_detailed(
    text: str, lo: int = 0, hi: int | None = None, tokens: list[Token] | None = None
) -> list[_Found]:
    """Like find_numbers over text[lo:hi] (already tokenised or not), with the internal flags."""
    return _scan(text, lo, hi, tokens)


def parse_number(phrase: str) -> int | None:
    """Value of a number phrase ("خمسة وعشرين", "1,200", "عنصرين"); None if vague/unknown."""
    found = _scan(phrase.strip())
    if not found:
        return None
    return found[0].mention.value
