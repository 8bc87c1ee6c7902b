"""Arrested / killed / injured counts reported by a clause.

A *cue* is a word that says people were arrested, killed or injured ("مقتل",
"ألقت القبض على", "جرحى", "were killed"). Each cue is linked to the quantity
it governs:

* forward: masdars and verbs take the quantity that follows them
  ("مقتل 3", "اعتقلت القوات 31 مرتزقاً", "killing 5");
* backward: indefinite nouns and passive English verbs take the quantity
  before them ("3 قتلى", "مقاتلين ... تعرضا للقتل", "two were killed");
* finite verbs try forward first, then backward ("13 عنصرا قتلوا");
* definite nouns look just before, then after ("عدد من القتلى", "ارتفع عدد القتلى إلى 7").

Negated cues ("لم يسفر عن مقتل", "محاولة اغتيال") and releases/escapes ("الإفراج
عن 20 من المعتقلين") count nothing but still stop other cues' scans.

A quantity is a number mention (numbers.py), a singular person noun
("وقتلوا قيادياً" = 1), a named/definite single person ("اعتقال المدعو ...",
"اعتقال القيادي ...") or an implied count carried by the cue itself
("مقتله" = 1, "فقدا حياتهما" = 2, "أردته قتيلاً" = 1).

Contract: the mentions returned for one kind are disjoint groups of people, so
the clause total of a kind is the sum of their values; a mention whose value is
None means "some, number unknown". Each number is linked to at most one cue,
subsets ("بينهم 8 نساء", "including nine") are skipped, and implied counts are
dropped when the same sentence already gives that kind a number.

Not done here: the same people are often reported again in another sentence
(title, then body; "قتلوا قيادياً ... فأردته قتيلاً"), and period tallies
("40 عملية أسفرت عن مقتل 4") yield counts like any clause. Deciding which
sentences describe one incident (and taking, say, the largest count of a kind
among them rather than a sum) is the assembler's job.

Speed: cue words are found with set lookups on the article's word set
(numbers.word_set) and the token-level rules run only in windows around them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .events import given_name
from .normalise import normalise_word
from .numbers import (
    PERSON_SINGULAR,
    Token,
    _Found,
    find_numbers_detailed,
    tokenize,
    windows,
    word_positions,
    word_set,
)


@dataclass(frozen=True)
class CountMention:
    start: int
    end: int
    kind: str  # "arrested" | "killed" | "injured"
    value: int | None
    cue_start: int
    cue_end: int


_N = normalise_word
FWD, BWD, BOTH, BACKFIRST = "fwd", "bwd", "both", "backfirst"

# Indefinite forms (after stripping و/ف and ب/ل clitics).
_CUES: dict[str, tuple[str, str]] = {}


def _add(kind: str, direction: str, *words: str) -> None:
    for w in words:
        _CUES[_N(w)] = (kind, direction)


_add("killed", FWD, "مقتل", "مصرع", "استشهاد", "تحييد", "اغتيال", "تصفية", "إعدام")
_add("killed", BOTH, "قتل", "قتلت", "قتلوا", "قتلا", "قتلتا", "يقتل", "تقتل", "اغتال", "اغتالت",
     "اغتالوا", "اغتيل", "حيدت", "حيد", "استشهد", "استشهدوا", "استشهدا", "توفي", "توفيت",
     "أعدم", "أعدمت", "أعدموا", "صفى", "صفت", "يقتلون", "يغتال", "تغتال", "يغتالون", "يعدم", "تعدم",
     "قتلوه")
_add("killed", BWD, "قتلى", "قتيل", "قتيلا", "قتيلة", "قتيلين", "قتيلان", "ضحايا", "ضحية", "جثث")
_add("arrested", FWD, "اعتقال", "اعتقالات", "توقيف", "احتجاز", "اقتياد", "الإطاحة", "الاطاحة")
# Iraqi security idiom "أطاحت المفارز بـ 3 متهمين" (toppled = arrested)
_add("arrested", BOTH, "أطاحت", "أطاح", "أطاحوا", "تطيح", "يطيح")
_add("arrested", BOTH, "اعتقل", "اعتقلت", "اعتقلوا", "اعتقلا", "يعتقل", "تعتقل", "يعتقلون", "أوقف", "أوقفت",
     "أوقفوا", "احتجز", "احتجزت", "اقتاد", "اقتادت", "أسرت", "أسروا")
_add("arrested", BWD, "معتقلين", "معتقلا", "موقوفين", "موقوفا", "محتجزين", "أسرى", "أسيرا", "أسيرين")
_add("injured", FWD, "إصابة", "أصابوا", "أصابت", "أصاب", "وأصابوا")
_add("injured", BOTH, "أصيب", "أصيبت", "أصيبوا", "أصيبا", "يصاب", "جرح", "جرحت", "جرحوا", "جرحا", "يصيب",
     "تصيب")
_add("injured", BWD, "جرحى", "جريح", "جريحا", "جريحين", "جريحان", "مصابين", "مصابا", "إصابات",
     "مصابون")
# English (text is lower-cased)
_add("killed", BOTH, "killed", "slain", "neutralized", "neutralised", "executed")
_add("killed", FWD, "killing", "kills", "kill", "death")
_add("arrested", FWD, "detention")
_add("killed", BWD, "dead", "died", "deaths", "fatalities", "bodies")
_add("arrested", BOTH, "arrested", "detained", "captured", "apprehended", "nabbed")
_add("arrested", FWD, "arresting", "arrest", "detaining", "capturing", "capture", "apprehending")
_add("arrested", BWD, "arrests", "detainees", "prisoners")
_add("injured", BOTH, "wounded", "injured", "hurt")
_add("injured", FWD, "injuring", "wounding")
_add("injured", BWD, "injuries", "wounds")

# Definite forms ("القتلى", "للقتل"): counted noun before or just after.
_DEF_CUES: dict[str, tuple[str, str]] = {}
for _w, _k in (("قتلى", "killed"), ("جرحى", "injured"), ("مصابين", "injured"), ("إصابات", "injured"),
               ("معتقلين", "arrested"), ("معتقلون", "arrested"), ("موقوفين", "arrested"),
               ("محتجزين", "arrested"), ("أسرى", "arrested"), ("ضحايا", "killed"), ("قتل", "killed"),
               ("اعتقال", "arrested")):
    _DEF_CUES[_N(_w)] = (_k, BACKFIRST if _w not in ("قتل", "اعتقال") else BWD)

# Cue stem + object/possessive pronoun: the pronoun gives the count ("مقتله" = 1).
_IMPLIED_STEMS: dict[str, str] = {}
for _w, _k in (("مقتل", "killed"), ("مصرع", "killed"), ("اغتيال", "killed"), ("تصفيت", "killed"),
               ("استشهاد", "killed"), ("حتف", "killed"), ("قتلو", "killed"), ("اغتالو", "killed"),
               ("اغتالت", "killed"), ("أردت", "killed"), ("أردو", "killed"), ("أرد", "killed"),
               ("إعدام", "killed"), ("اعتقال", "arrested"), ("توقيف", "arrested"), ("احتجاز", "arrested"),
               ("اعتقلت", "arrested"), ("اعتقلو", "arrested"), ("أوقفت", "arrested"), ("أسر", "arrested"),
               ("إصابت", "injured"), ("جرحت", "injured")):
    _IMPLIED_STEMS[_N(_w)] = _k
_PRONOUN_VALUE = {"ه": 1, "ها": 1, "هما": 2}
_BODY_WORDS: dict[str, int | None] = {
    "جثه": 1, "جثتي": 2, "جثتين": 2, "جثتا": 2, "مقتولا": 1, "مقتوله": 1, "مقتولين": None,
}
# ("أصيب" is left out: "أصيب الاقتصاد بالشلل" has no person in it)
_SELF_COUNT: dict[str, int] = {_N(w): 1 for w in ("توفي", "توفيت", "اغتيل", "استشهد")}
_SELF_COUNT |= {_N(w): v for w, v in (
    ("قتيل", 1), ("قتيلا", 1), ("قتيلة", 1), ("قتيلين", 2), ("قتيلان", 2), ("جريح", 1), ("جريحا", 1),
    ("جريحين", 2), ("جريحان", 2), ("أسيرا", 1), ("أسيرين", 2), ("مصابا", 1), ("معتقلا", 1), ("موقوفا", 1),
)}

_SINGULAR_DEF = {_N("ال" + w) for w in (
    "قيادي", "أمير", "مسؤول", "إرهابي", "مطلوب", "متهم", "مشتبه", "والي", "متزعم", "قائد",
    "ضابط", "داعشي", "عنصر", "شاب", "مواطن", "مختار", "شيخ", "وجيه", "انتحاري", "ممول",
)} | {_N("المدعو"), _N("المدعوة"), _N("المكنى"), _N("الملقب"), _N("المدعوين")}
_SINGULAR_OTHER = {_N("آخر"), _N("آخرا"), _N("اخر"), "another"}
_EN_SINGULAR = {
    "suspect", "terrorist", "militant", "member", "leader", "civilian", "man", "woman", "child",
    "boy", "girl", "soldier", "fighter", "commander", "official", "person", "operative",
    "facilitator", "emir", "officer", "policeman", "guard", "shepherd", "teenager", "gunman",
    "jihadist", "financier", "smuggler", "recruiter", "individual", "refugee", "resident", "driver",
    "farmer", "worker", "employee", "teacher", "doctor", "nurse", "journalist", "activist", "elder",
    "mukhtar", "sheikh", "trooper", "serviceman", "volunteer", "detainee",
}
_EN_ARTICLE = {"a", "an"}
_EN_ONE = _EN_ARTICLE | {"another"}

# Counted nouns that are not people: a number followed by these is not a count.
_NON_PERSON = {_N(w) for w in (
    "ساعة", "ساعات", "يوم", "يوما", "أيام", "أسبوع", "أسبوعا", "أسابيع", "شهر", "شهرا", "أشهر",
    "شهور", "سنة", "سنوات", "سنين", "عام", "عاما", "أعوام", "دقيقة", "دقائق", "ثانية", "كم",
    "كيلومتر", "كيلومترا", "كيلومترات", "متر", "مترا", "أمتار", "ميل", "عملية", "عمليات", "غارة",
    "غارات", "هجوم", "هجوما", "هجمات", "ضربة", "ضربات", "مداهمة", "مداهمات", "حملة", "حملات",
    "سيارة", "سيارات", "منزل", "منازل", "منزلا", "قذيفة", "قذائف", "صاروخ", "صواريخ", "عبوة",
    "عبوات", "طائرة", "طائرات", "مسيرة", "مسيرات", "ذخيرة", "قطعة", "قطع", "سلاح", "أسلحة",
    "بندقية", "طن", "أطنان", "كغ", "كيلوغرام", "لتر", "برميل", "دولار", "دولارا", "ليرة", "دينار",
    "قرية", "قرى", "بلدة", "بلدات", "مدينة", "مدن", "موقع", "مواقع", "نقطة", "نقاط", "حاجز",
    "حواجز", "مخبأ", "مخابئ", "وكر", "أوكار", "نفق", "أنفاق", "خيمة", "خيم", "مرة", "مرات",
    "خلية", "خلايا", "بالمئة", "بالمائة", "%", "ألف", "مليون", "هدف", "أهداف", "درجة", "ذخائر",
    "مخزن", "مخازن", "عبارة", "قاعدة", "قواعد", "محافظة", "محافظات", "منطقة", "مناطق", "دولة",
    "hours", "hour", "days", "day", "weeks", "week", "months", "month", "years", "year", "km",
    "kilometers", "kilometres", "miles", "mile", "operations", "operation", "raids", "raid",
    "strikes", "strike", "airstrikes", "attacks", "attack", "assaults", "vehicles", "cars",
    "rockets", "weapons", "munitions", "percent", "times", "cells", "sites", "locations",
    "villages", "targets", "caches", "tons", "dollars", "countries", "year-old", "-", "%",
    "معدات", "أجهزة", "جهاز", "هواتف", "هاتف", "وثائق", "ألغام", "لغم", "كمية", "كميات", "مبلغ",
    "حالات", "حالة", "مقرات", "مقر", "آليات", "آلية", "دراجة", "دراجات", "مسدس", "بنادق", "رصاصة",
    "طلقات", "جولات", "ساعة", "أسبوعين", "يومين", "شهرين", "عامين", "أخرى",
)}

def _not_person(noun: str) -> bool:
    """Counted noun is a thing or a time span ("3 ساعات", "الأسلحة", "4 غارات")."""
    if noun in _NON_PERSON:
        return True
    n = noun[1:] if len(noun) > 3 and noun[0] in "وبل" else noun
    if n.startswith("ال") and len(n) > 3:
        n = n[2:]
    return n in _NON_PERSON


_CLAUSE_STOP = {_N(w) for w in ("الذي", "التي", "الذين", "اللذين", "اللتين", "وهو", "وهي", "وهم", "هو", "هي",
                                "حيث", "who", "which", "whom")}

_SUBSET = {_N(w) for w in ("بينهم", "بينهن", "بينهما", "منهم", "منهن", "بين", "including", "among",
                           "whom", "them")}
_NEGATION = {_N(w) for w in ("لم", "لا", "دون", "بدون", "عدم", "لن", "ولم", "ولا", "محاولة", "محاولات",
                             "no", "not", "without", "attempted", "attempt", "nobody", "never")}
_BE = {"was", "were", "been", "be", "being", "is", "are", "got", "get"}
_BREAK = set(".!?;:\n") | {"\u061f", "\u06d4"}
# "u.s. soldiers", "col. joe": a dot after an abbreviation does not end the clause
_ABBREVIATIONS = {
    "mr", "mrs", "dr", "col", "gen", "lt", "sgt", "maj", "capt", "st", "no", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "vs", "etc", "al",
}


def _stop(tokens: list[Token], k: int) -> bool:
    t = tokens[k].text
    if t not in _BREAK:
        return False
    if t == "." and k > 0 and tokens[k - 1].is_word:
        prev = tokens[k - 1].text
        return not (len(prev) == 1 or prev in _ABBREVIATIONS)
    return True
_SENTENCE = re.compile(r"[.!?;\n\u061f]")

_FWD_WINDOW = 7
_BWD_WINDOW = 6
_COORD_WINDOW = 6


@dataclass
class _Cue:
    kind: str
    direction: str
    start: int  # token indices [start, end)
    end: int
    implied: int | None = None
    dead: bool = False
    self_kill: bool = False  # "فجّر نفسه": the bomber, never one of the people counted beside him


def _clitic_forms(word: str) -> list[tuple[str, bool]]:
    """(stem, definite) readings of a word after removing leading clitics."""
    out: list[tuple[str, bool]] = [(word, False)]
    w = word
    if len(w) > 3 and w[0] in "وف":
        w = w[1:]
        out.append((w, False))
    if len(w) > 3 and w[0] in "بلك":
        if w.startswith("لل") and len(w) > 4:  # "للقتل" = ل + القتل
            out.append((w[2:], True))
        w = w[1:]
        out.append((w, False))
    if w.startswith("ال") and len(w) > 4:
        out.append((w[2:], True))
    return out


def _find_cues(tokens: list[Token]) -> list[_Cue]:
    cues: list[_Cue] = []
    n = len(tokens)
    i = 0
    while i < n:
        tok = tokens[i]
        if not tok.is_word or tok.text not in _CUE_FORMS:
            i += 1
            continue
        cue = _match_cue(tokens, i)
        if cue is not None:
            # negated or release cues still stop other cues' scans, but count nothing
            cue.dead = _negated(tokens, cue.start) or (cue.kind == "arrested" and _released(tokens, cue))
            cues.append(cue)
            i = cue.end
            continue
        i += 1
    return cues


# After a past participle these words end its phrase: its count came before it.
_EN_AFTER_PARTICIPLE = frozenset(
    {"", "and", ",", ".", ";", "in", "while", "during", "on", "near"}  # not "at" ("killed at least 11")
)


def _shared_with_previous_cue(tokens: list[Token], cue_by_end: dict[int, _Cue], cue: _Cue) -> bool:
    """The cue is coordinated right after a cue of another kind ("مقتل وإصابة", "killed or wounded")."""
    if cue.start == 0:
        return False
    joined = tokens[cue.start].text.startswith("و") or tokens[cue.start - 1].text in ("و", "and", "or", "او")
    previous = cue_by_end.get(cue.start - (0 if tokens[cue.start].text.startswith("و") else 1))
    return joined and previous is not None and previous.kind != cue.kind and previous.implied is None


def _match_cue(tokens: list[Token], i: int) -> _Cue | None:
    n = len(tokens)
    word = tokens[i].text
    nxt = tokens[i + 1].text if i + 1 < n else ""
    forms = _clitic_forms(word)
    stems = {f for f, d in forms if not d}
    defs = {f for f, d in forms if d}
    # "القبض على" / "قبضت على" / "القبض عليه"
    if stems & {"القبض", "قبض", "قبضت", "قبضوا"} or defs & {"قبض"}:
        # "على" may come a few words later: "قبضت خلال العملية على 138 شخصاً"
        for j in range(i + 1, min(n, i + 5)):
            t = tokens[j].text
            if t in ("علي", "عليه", "عليها", "عليهما", "عليهم"):
                implied = {"عليه": 1, "عليها": 1, "عليهما": 2}.get(t)
                return _Cue("arrested", FWD, i, j + 1 if j == i + 1 else i + 1, implied)
            if not tokens[j].is_word or tokens[j].is_digit:
                break
        return None
    # "القضاء على 8 من قادة التنظيم" (eliminated = killed); needs a count after it
    if stems & {"القضاء"} and nxt in ("علي", "عليه", "عليهما", "عليهم"):
        implied = {"عليه": 1, "عليهما": 2}.get(nxt)
        return _Cue("killed", FWD, i, i + 2, implied)
    # "أودى بحياة شرطي", "أودت بحياته", "أودى بحياة 3 أشخاص"
    if stems & {"اودي", "اودت", "اوديا", "اودوا"} and nxt.startswith("بحيا"):
        return _Cue("killed", FWD, i, i + 2, _PRONOUN_VALUE.get(nxt[5:]))
    # "فجّر نفسه", "فجّر الثاني نفسه", "blew himself up": the bomber is killed
    if stems & {"فجر", "فجرت"}:
        for j in range(i + 1, min(n, i + 3)):
            if tokens[j].text in ("نفسه", "نفسها"):
                return _Cue("killed", FWD, i, j + 1, 1, self_kill=True)
    if word == "shot" and nxt == "dead":  # "shot dead six fighters", "six were shot dead"
        return _Cue("killed", BWD if i > 0 and tokens[i - 1].text in _BE else BOTH, i, i + 2)
    if word == "blew" and nxt in ("himself", "herself"):
        return _Cue("killed", FWD, i, i + 2, 1, self_kill=True)
    # "لقي حتفه", "لقي 3 أشخاص حتفهم": the pronoun gives the number when none is written
    for s in stems:
        if s.startswith("حتف"):
            return _Cue("killed", BWD, i, i + 1, _PRONOUN_VALUE.get(s[3:]))
        if s.startswith("مصرع") and s[4:] in ("ه", "ها", "هما", "هم", "هن"):  # "لقي 3 أشخاص مصرعهم"
            return _Cue("killed", BWD, i, i + 1, _PRONOUN_VALUE.get(s[4:]))
        if s.startswith("حيات") and i > 0 and any(
                f.startswith("فقد") for f, _ in _clitic_forms(tokens[i - 1].text)):
            return _Cue("killed", BWD, i - 1, i + 1, _PRONOUN_VALUE.get(s[4:]))
    # "أردته قتيلاً", "أردتهما قتيلين"
    for s in stems:
        if s.startswith(("اردت", "اردو", "ارد")) and nxt in ("قتيلا", "قتيلين", "قتلي", "قتيله"):
            value = 2 if nxt == "قتيلين" or s.endswith("هما") else (None if s.endswith("هم") else 1)
            return _Cue("killed", BWD, i, i + 2, value)
    # "عثر على جثة شاب" / "عُثر عليه مقتولاً": a body is one person killed
    for s in stems:
        if s in _BODY_WORDS:
            return _Cue("killed", BWD, i, i + 1, _BODY_WORDS[s])
    # "died of his wounds" ("متأثراً بجراحه")
    if stems & {"متاثرا", "متاثره", "متاثرين", "متاثرتين"} and nxt.startswith(("بجراح", "بجروح", "باصاب")):
        value = 2 if nxt.endswith("هما") else (1 if nxt.endswith(("ه", "ها")) else None)
        return _Cue("killed", BWD, i, i + 2, value)
    # "أسر" (captured) is also "families": only with a number right after it
    if stems & {"اسر"} and word in ("اسر", "واسر"):
        if i + 1 < n and tokens[i + 1].is_digit:
            return _Cue("arrested", FWD, i, i + 1)
        return None
    for s in (word, *stems):
        if s in _CUES:
            kind, direction = _CUES[s]
            if direction == BOTH and i > 0 and tokens[i - 1].text in _BE:
                direction = BWD  # "two were killed"
            elif direction == BOTH and s.isascii() and nxt in _EN_AFTER_PARTICIPLE:
                direction = BWD  # "13 ISIS operatives killed and 21 detained"
            # singular passive verbs and singular/dual casualty nouns say how many
            # when no number is written ("توفي متأثراً", "سقط قتيلان وجريح")
            return _Cue(kind, direction, i, i + 1, _SELF_COUNT.get(s))
    for s in defs:
        if s in _DEF_CUES:
            kind, direction = _DEF_CUES[s]
            return _Cue(kind, direction, i, i + 1)
    for s in stems:
        for suffix, value in (("هما", 2), ("هم", None), ("ها", 1), ("ه", 1)):
            if s.endswith(suffix) and s[: -len(suffix)] in _IMPLIED_STEMS:
                return _Cue(_IMPLIED_STEMS[s[: -len(suffix)]], FWD, i, i + 1, value if value else None)
    # "killed": English also "wounded in", handled above
    return None


def _released(tokens: list[Token], cue: _Cue) -> bool:
    """"الإفراج عن 20 من المعتقلين", "تمكن 4 من الموقوفين من الفرار": not new arrests."""
    lo = max(0, cue.start - 6)
    # detainee nouns ("الموقوفين") may be followed by what happened to them
    hi = min(len(tokens), cue.end + 4) if cue.direction == BACKFIRST else cue.start
    return any(tokens[k].is_word and _clitic_forms(tokens[k].text)[-1][0] in _RELEASE
               for k in range(lo, hi) if not cue.start <= k < cue.end)


_RELEASE = {_N(w) for w in ("إفراج", "افراج", "أفرجت", "أفرج", "أفرجوا", "سراح", "فرار", "هروب", "هرب", "فر",
                            "released", "freed", "release", "escape", "escaped", "تبادل")}


def _negated(tokens: list[Token], i: int) -> bool:
    """"لم يسفر عن مقتل", "محاولة اغتيال", "لم تتمكن القوات من اعتقال", "no one was killed"."""
    prev = [tokens[k].text for k in range(max(0, i - 2), i) if tokens[k].is_word]
    if any(p in _NEGATION for p in prev):
        return True
    # a negated "manage to / be able to" a few words back: "لم يتمكن حتى اللحظة من القضاء عليه"
    wider = [tokens[k].text for k in range(max(0, i - 6), i) if tokens[k].is_word]
    return any(w in _STRONG_NEG for w in wider) and any(w in _ABLE for w in wider)


_STRONG_NEG = {_N(w) for w in ("لم", "لن", "ولم", "ولن", "فشل", "فشلت", "failed", "not")}
_ABLE = {_N(w) for w in ("يتمكن", "تتمكن", "يتمكنوا", "يستطع", "تستطع", "تنجح", "ينجح", "able", "manage",
                         "managed", "فشل", "فشلت", "failed")}


@dataclass
class _Qty:
    start: int  # char offsets
    end: int
    value: int | None
    first_tok: int
    last_tok: int
    singular: bool = False
    plus_one: bool = False


_AGE_AFTER = re.compile(_N(r"\s*(?:-\s*)?(?:عاما|عام|سنه|سنوات|year-old|years? old|years of age)(?!\w)"))
_AGE_BEFORE = re.compile(_N(r"(?:both|aged|age of|العمر|عمره|عمرها|بعمر|البالغ|البالغه)\s*$"))


_NOT_PEOPLE_AFTER = re.compile(
    _N(r"\s*(?:(?:gunshot|bullet|stab) )?(?:wounds|bullets|shots)(?!\w)|\s*(?:طلقات|رصاصات|طعنات|طلقه|رصاصه)")
)
_UNIT_NUMBER_BEFORE = re.compile(
    _N(
        r"(?<!\w)(?:[وبل]|لل)?(?:ال)?(?:لواء|فرقه|فوج|كتيبه|مشاه|قطاع|سريه|division|brigade|regiment|battalion"
        r"|sector|unit)\s*$"
    )
)
_OUTLET_NUMBER = re.compile(_N(r"(?:kurdistan|كوردستان|كردستان|france|فرانس|دير الزور|deir ez-zor)\s*$"))


def _not_a_head_count(text: str, start: int, end: int) -> bool:
    """An age ("both 21", "يبلغ من العمر 23 عاماً"), wounds ("four gunshot wounds"), an outlet's
    name ("Kurdistan 24") or a unit's number ("بلواء المشاة 59"), not people."""
    if _AGE_AFTER.match(text, end) or _NOT_PEOPLE_AFTER.match(text, end):
        return True
    lo = max(0, start - 16)
    return any(rx.search(text, lo, start) for rx in (_AGE_BEFORE, _OUTLET_NUMBER, _UNIT_NUMBER_BEFORE))


def _quantities(text: str, tokens: list[Token], lo: int, hi: int) -> tuple[list[_Qty], dict[int, int]]:
    """Number mentions as token-indexed quantities; map token index -> quantity index."""
    found: list[_Found] = find_numbers_detailed(text, lo, hi, tokens)
    starts = {t.start: k for k, t in enumerate(tokens)}
    ends = {t.end: k for k, t in enumerate(tokens)}
    qty: list[_Qty] = []
    at: dict[int, int] = {}
    for f in found:
        m = f.mention
        first = starts.get(m.start)
        last = ends.get(m.end)
        if first is None or last is None:
            # spans that start inside a token ("ما لا يقل عن 13" starts on a token anyway)
            first = next((k for k, t in enumerate(tokens) if t.end > m.start), None)
            last = next((k for k in range(len(tokens) - 1, -1, -1) if tokens[k].start < m.end), None)
            if first is None or last is None:
                continue
        if m.noun is not None and _not_person(m.noun):
            continue
        if _not_a_head_count(text, m.start, m.end):
            continue
        q = _Qty(m.start, m.end, m.value, first, last, plus_one=f.plus_one)
        for k in range(first, last + 1):
            at[k] = len(qty)
        qty.append(q)
    return qty, at


# "قتل القيادي ومرافقه": one more person, named by his relation to the first.
_COMPANION = {
    _N(base + suffix)
    for base in ("مرافق", "سائق", "حارس", "شقيق", "ابن", "نجل", "زوج", "زوجت", "مساعد", "صديق")
    for suffix in ("ه", "ها")
}


def _joined(tokens: list[Token], first: int) -> bool:
    """The quantity is coordinated with what precedes it ("... واثنين", "بالإضافة إلى ستة")."""
    if tokens[first].text.startswith("و") or (first > 0 and tokens[first - 1].text in ("و", "and")):
        return True
    before = " ".join(t.text for t in tokens[max(0, first - 2) : first])
    return before.endswith(("بالاضافه الي", "اضافه الي", "فضلا عن", "along with", "in addition to"))


def _is_subset(tokens: list[Token], first: int) -> bool:
    """A number that is part of a group already counted, or a description, not a new count:
    "بينهم 8 نساء", "including nine", "وهو أحد وجهاء", "no one"."""
    for k in range(max(0, first - 3), first):
        w = tokens[k].text
        if tokens[k].is_word and (w in _SUBSET or _clitic_forms(w)[-1][0] in _SUBSET):
            return True
    return first > 0 and tokens[first - 1].text in _DESCRIPTIVE


_DESCRIPTIVE = {_N(w) for w in ("وهو", "هو", "وهي", "هي", "وهما", "هما", "كان", "وكان", "كانت", "وكانت",
                                "بصفته", "باعتباره", "no", "not")}


_SAME_NUMBER = {_N("مثلهما"): 2, _N("مثلهم"): None, _N("مثله"): 1, _N("مثلها"): 1}
_OPEN_QUOTES = {'"', "«", "“"}
_CLOSE_QUOTES = {'"', "»", "”"}


def _quoted_name(tokens: list[Token], k: int) -> bool:
    """A quoted full name (three words or more) or one starting with a given name or kunya."""
    words: list[str] = []
    for t in tokens[k + 1 : k + 7]:
        if t.text in _CLOSE_QUOTES:
            return 2 <= len(words) <= 5 and (len(words) >= 3 or given_name(" ".join(words)))
        if not t.is_word or t.text.isascii():
            return False
        words.append(t.text)
    return False


def _singular_at(tokens: list[Token], k: int, gap: int) -> _Qty | None:
    """A single person written without a number at token k."""
    t = tokens[k]
    w = t.text
    stems = {f for f, d in _clitic_forms(w) if not d} if gap > 0 else {w}
    if w in PERSON_SINGULAR or (gap == 0 and w in _SINGULAR_OTHER):
        return _Qty(t.start, t.end, 1, k, k, singular=True)
    if gap == 0 and w[0] == "ب" and w[1:] in PERSON_SINGULAR:  # "أطاحت بإرهابي"
        return _Qty(t.start, t.end, 1, k, k, singular=True)
    if gap == 0 and w in _SAME_NUMBER:
        return _Qty(t.start, t.end, _SAME_NUMBER[w], k, k)  # "مقتل شخصين وإصابة مثلهما"
    if gap == 0 and w in _OPEN_QUOTES and _quoted_name(tokens, k):
        return _Qty(t.start, t.end, 1, k, k, singular=True)  # 'مقتل "رمضان الصالح"': one named man
    if not t.is_word:
        return None
    if gap <= 1 and (w in _SINGULAR_DEF or stems & _SINGULAR_DEF):
        if w.endswith("ين") or w.endswith("ون"):
            return None
        return _Qty(t.start, t.end, 1, k, k, singular=True)
    if w in _EN_ARTICLE and k + 1 < len(tokens):
        for j in range(k + 1, min(k + 4, len(tokens))):
            if tokens[j].text in _EN_SINGULAR:
                return _Qty(t.start, tokens[j].end, 1, k, j, singular=True)
            if not tokens[j].is_word:
                break
    if w == "another":
        return _Qty(t.start, t.end, 1, k, k, singular=True)
    return None


def _cue_surface_forms() -> frozenset[str]:
    """Every written form of a cue word, with clitics (a superset is fine)."""
    pre = ("", "و", "ف", "ب", "ل", "وب", "ول", "فب", "فل")
    stems: set[str] = set(_CUES)
    stems |= set(_BODY_WORDS) | {"القبض", "قبض", "قبضت", "قبضوا", "اسر", "القضاء"}
    stems |= {"متاثرا", "متاثره", "متاثرين", "متاثرتين"}
    stems |= {"اودي", "اودت", "اوديا", "اودوا", "فجر", "فجرت", "blew", "shot"}
    for stem in list(_IMPLIED_STEMS) + ["حتف", "حيات", "اردت", "اردو", "ارد"]:
        for suffix in ("ه", "ها", "هما", "هم"):
            stems.add(stem + suffix)
    forms = {p + w for w in stems for p in pre}
    for stem in _DEF_CUES:
        forms |= {p + "ال" + stem for p in ("", "و", "ف", "ب", "وب", "فب", "ك")}
        forms |= {p + "لل" + stem for p in ("", "و", "ف")}
    return frozenset(forms)


_CUE_FORMS = _cue_surface_forms()


def find_counts(text: str) -> list[CountMention]:
    """Counts of people arrested / killed / injured, linked to their cue words."""
    if not text:
        return []
    present = _CUE_FORMS.intersection(word_set(text))
    if not present:
        return []
    out: list[CountMention] = []
    implied: list[CountMention] = []
    # Links never reach further than ~15 words, so only windows around cues are read.
    for lo, hi in windows(text, word_positions(text, present), 90, 110):
        _window_counts(text, lo, hi, out, implied)
    if implied:
        sentences = _sentence_ids(text)
        for c in implied:
            sid = sentences(c.cue_start)
            if any(m.kind == c.kind and sentences(m.cue_start) == sid for m in out):
                continue  # "مقتل عنصرين ... وفقدا حياتهما": same people
            out.append(c)
    out.sort(key=lambda m: (m.start, m.cue_start))
    return out


def _window_counts(
    text: str, lo: int, hi: int, out: list[CountMention], implied_out: list[CountMention]
) -> None:
    tokens = tokenize(text, lo, hi)
    if not tokens:
        return
    cues = _find_cues(tokens)
    if not cues:
        return
    qty, at = _quantities(text, tokens, lo, hi)
    cue_at: dict[int, int] = {}
    for ci, c in enumerate(cues):
        for k in range(c.start, c.end):
            cue_at[k] = ci
    claimed: set[int] = set()  # quantity indices
    claimed_singular: set[int] = set()  # token indices used as singular quantities
    results: list[tuple[_Cue, list[_Qty]]] = []

    def is_break(k: int) -> bool:
        if _stop(tokens, k):
            return True
        return k > 0 and "\n" in text[tokens[k - 1].end:tokens[k].start]

    def scan_forward(c: _Cue) -> list[_Qty]:
        got: list[_Qty] = []
        gap = 0
        k = c.end
        while k < len(tokens) and gap <= _FWD_WINDOW:
            if k in cue_at and k >= c.end:
                break
            if is_break(k):
                break
            tok = tokens[k]
            if tok.text in _CLAUSE_STOP:
                break  # "توفي فلان، وهو أحد وجهاء ..." describes, it does not count
            if k in at:
                qi = at[k]
                q = qty[qi]
                if qi not in claimed and not _is_subset(tokens, q.first_tok):
                    got.append(q)
                    claimed.add(qi)
                    if gap > 0 and not q.plus_one and _joined(tokens, q.first_tok):
                        # "تصفية أمني القاطع واثنين من مرافقيه": the unnumbered head is one more
                        got.append(_Qty(tok.start, tok.start, 1, k, k, singular=True))
                    k = q.last_tok + 1
                    break
                k = q.last_tok + 1
                gap += 1
                continue
            if (tok.is_word or tok.text in _OPEN_QUOTES) and k not in claimed_singular and gap <= 4:
                s = _singular_at(tokens, k, gap)
                if s is not None and not _is_subset(tokens, k):
                    got.append(s)
                    claimed_singular.update(range(s.first_tok, s.last_tok + 1))
                    k = s.last_tok + 1
                    break
            if tok.is_word:
                gap += 1
            k += 1
        if got:
            got.extend(_coordinated_forward(k, got))
        return got

    def _coordinated_forward(k: int, got: list[_Qty]) -> list[_Qty]:
        """"مقتل 4 عناصر من قسد و3 من داعش", "الأمير وأربعة عناصر آخرين"."""
        more: list[_Qty] = []
        steps = 0
        while k < len(tokens) and steps <= _COORD_WINDOW:
            if k in cue_at or is_break(k):
                break
            tok = tokens[k]
            conj = tok.text in ("و", "and", ",") or (tok.text.startswith("و") and tok.is_word)
            if k in at:
                qi = at[k]
                q = qty[qi]
                prev = tokens[q.first_tok - 1].text if q.first_tok > 0 else ""
                joined = tokens[q.first_tok].text.startswith("و") or prev in ("و", "and", ",")
                if qi in claimed or not joined or _is_subset(tokens, q.first_tok):
                    break
                if prev == "," and tokens[q.first_tok].text in ("احد", "احدي", "one"):
                    break  # "القبض على المدعو فلان، أحد عناصر الخلية": the same man, described
                claimed.add(qi)
                if q.plus_one:
                    # the head of "X وأربعة آخرين" is already inside the number's value
                    for s in [g for g in got + more if g.singular]:
                        (got if s in got else more).remove(s)
                more.append(q)
                k = q.last_tok + 1
                steps = 0
                continue
            if (conj and tok.is_word and k not in claimed_singular and tok.text[0] == "و"
                    and ((steps == 0 and tok.text[1:] in PERSON_SINGULAR)  # "رجل وامرأة"
                         or (steps <= 3 and tok.text[1:] in _COMPANION))):  # "القيادي في قسد ومرافقه"
                claimed_singular.add(k)
                more.append(_Qty(tok.start, tok.end, 1, k, k, singular=True))
                k += 1
                steps = 0
                continue
            if (tok.text in _OPEN_QUOTES and k > 0 and tokens[k - 1].text in ("و", ",", "and")
                    and k not in claimed_singular and _quoted_name(tokens, k)):
                claimed_singular.add(k)  # 'مقتل "فلان" و"فلان"': a second named man
                more.append(_Qty(tok.start, tok.end, 1, k, k, singular=True))
                k += 1
                steps = 0
                continue
            if tok.is_word:
                steps += 1
            k += 1
        return more

    def scan_backward(c: _Cue, max_gap: int = _BWD_WINDOW) -> list[_Qty]:
        got: list[_Qty] = []
        gap = 0
        k = c.start - 1
        while k >= 0 and gap <= max_gap:
            if k in cue_at or _stop(tokens, k) or is_break(k + 1):
                break
            if k in at:
                qi = at[k]
                q = qty[qi]
                if qi not in claimed and not _is_subset(tokens, q.first_tok):
                    claimed.add(qi)
                    got.append(q)
                    k = q.first_tok - 1
                    break
                k = q.first_tok - 1
                gap += 1
                continue
            tok = tokens[k]
            # English "a civilian was wounded", "another was arrested"
            if tok.is_word and k not in claimed_singular and gap <= 3 and (
                    tok.text in _EN_SINGULAR or tok.text == "another"):
                j = k - 1 if tok.text != "another" else k
                while j >= max(0, k - 3) and tokens[j].text not in _EN_ONE:
                    j -= 1
                if j >= 0 and tokens[j].text in _EN_ONE:
                    got.append(_Qty(tokens[j].start, tok.end, 1, j, k, singular=True))
                    claimed_singular.update(range(j, k + 1))
                    k = j - 1
                    break
            if tok.is_word:
                gap += 1
            k -= 1
        if got:
            # "Four members ... and two fighters were killed"
            k0 = got[0].first_tok - 1
            while k0 >= 0:
                tok = tokens[k0]
                joined = tok.text in ("و", "and", ",")
                if not joined:
                    first_text = tokens[got[-1].first_tok].text
                    if not (first_text.startswith("و") and tokens[got[-1].first_tok].is_word):
                        break
                    k0 += 1
                steps = 0
                k = k0 - 1 if joined else k0 - 1
                found = None
                while k >= 0 and steps <= _COORD_WINDOW:
                    if k in cue_at or _stop(tokens, k):
                        break
                    if k in at:
                        qi = at[k]
                        if qi not in claimed and not _is_subset(tokens, qty[qi].first_tok):
                            found = qi
                        break
                    if tokens[k].is_word:
                        steps += 1
                    k -= 1
                if found is None:
                    break
                claimed.add(found)
                got.append(qty[found])
                k0 = qty[found].first_tok - 1
        return got

    # Pass 1: forward links (Arabic masdars/verbs govern what follows them).
    pending: list[_Cue] = []
    cue_by_end = {c.end: c for c in cues}
    for c in cues:
        if c.dead:
            continue
        if c.direction in (FWD, BOTH):
            got = scan_forward(c)
            if got:
                if _shared_with_previous_cue(tokens, cue_by_end, c):
                    # "استشهاد وإصابة 6 منتسبين": one figure for two kinds, so for neither
                    got = [_Qty(q.start, q.end, None, q.first_tok, q.last_tok) for q in got]
                results.append((c, got))
                continue
        if c.direction == BACKFIRST:
            got = scan_backward(c, max_gap=1)
            if not got:
                got = scan_forward(c)
            if got:
                results.append((c, got))
                continue
        pending.append(c)
    # Pass 2: backward links and implied counts.
    implied: list[_Cue] = []
    for c in pending:
        if c.direction in (BWD, BOTH):
            got = scan_backward(c)
            if got:
                results.append((c, got))
                continue
        if c.implied is not None:
            implied.append(c)

    for c, got in results:
        cs, ce = tokens[c.start].start, tokens[c.end - 1].end
        for q in got:
            out.append(CountMention(q.start, q.end, c.kind, q.value, cs, ce))
    for c in implied:
        cs, ce = tokens[c.start].start, tokens[c.end - 1].end
        (out if c.self_kill else implied_out).append(CountMention(cs, ce, c.kind, c.implied, cs, ce))


def _sentence_ids(text: str) -> Callable[[int], int]:
    """Offset -> index of the sentence it is in."""
    bounds = [m.end() for m in _SENTENCE.finditer(text)]

    def sid(pos: int) -> int:
        lo, hi = 0, len(bounds)
        while lo < hi:
            mid = (lo + hi) // 2
            if bounds[mid] <= pos:
                lo = mid + 1
            else:
                hi = mid
        return lo

    return sid
