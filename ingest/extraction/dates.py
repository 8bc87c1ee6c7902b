"""Date mentions resolved against the publication date.

Works on normalised text (see normalise.py). Rules follow the eval guidelines:
"اليوم" is the publication day, "أمس" the day before, "أول من أمس" two days
before, a weekday alone is the most recent such day on or before publication,
and an explicit date wins over a weekday written next to it
("فجر اليوم الأحد 15 تشرين الأول"). Day + month without a year takes the year
that puts it on or before publication. Vaguer expressions get a coarser
precision: "الأسبوع الماضي" (week), "الشهر الماضي", "بداية الشهر الحالي"
(month, the 1st), "العام الماضي" (year, 1 January).

With no publication date, anything that needs one resolves to date None and
precision None (relative=True); explicit dates with a year still resolve.
All regexes are compiled at import; nothing calls dateparser per token.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from .normalise import normalise_word
from .numbers import windows, word_positions, word_set


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    date: datetime.date | None
    precision: str | None  # "day" | "week" | "month" | "year" | None
    relative: bool


_N = normalise_word

_AR_MONTHS: dict[str, int] = {
    "كانون الثاني": 1, "شباط": 2, "آذار": 3, "نيسان": 4, "أيار": 5, "حزيران": 6, "تموز": 7,
    "آب": 8, "أيلول": 9, "تشرين الأول": 10, "تشرين الثاني": 11, "كانون الأول": 12,
    "يناير": 1, "فبراير": 2, "فيفري": 2, "مارس": 3, "أبريل": 4, "إبريل": 4, "أفريل": 4,
    "مايو": 5, "ماي": 5, "يونيو": 6, "يونيه": 6, "جوان": 6, "يوليو": 7, "يوليه": 7,
    "جويلية": 7, "أغسطس": 8, "غشت": 8, "أوت": 8, "سبتمبر": 9, "شتنبر": 9, "أكتوبر": 10,
    "نوفمبر": 11, "نونبر": 11, "ديسمبر": 12, "دجنبر": 12,
}
_EN_MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
_MONTHS: dict[str, int] = {_N(k): v for k, v in _AR_MONTHS.items()} | _EN_MONTHS
# Words that are also ordinary words ("آب" father, "مارس" practised, "may"): only
# accepted with a day number, a year, "شهر" or a month alternative next to them.
_AMBIGUOUS_MONTHS = {_N("آب"), _N("ماي"), _N("مارس"), _N("أوت"), "may", "mar", "jan", "sep", "dec"}


def _alt(words: Iterable[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


# Only the English abbreviations take a dot ("aug. 10"); an Arabic month before "." ends a sentence.
_MONTH_FULL = [k for k in _MONTHS if not (k.isascii() and len(k) <= 4)]
_MONTH_ABBR = [k for k in _EN_MONTHS if len(k) <= 4]
_MONTH = rf"(?:{_alt(_MONTH_FULL)}|(?:{_alt(_MONTH_ABBR)})\.?)"
# "كانون الأول/ديسمبر", "كانون الأول (ديسمبر)", "أيلول/ أيلول/سبتمبر"
_MONTHX = rf"(?P<month>{_MONTH})(?:\s*[/(\-]\s*{_MONTH}\)?)*"
_QUAL = r"(?P<qual>الجاري|الحالي|المنصرم|الماضي|الفايت|المقبل|القادم)"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_B = r"(?<![\w])"  # word start
# word start, or right after a one-letter clitic ("و15 تشرين", "ب15/10/2023")
_BD = r"(?:(?<![\w])|(?<=(?<![\w])[وبل]))"
_E = r"(?![\w])"  # word end

_WEEKDAYS_AR = {"الاحد": 6, "الاثنين": 0, "الثلاثاء": 1, "الاربعاء": 2, "الخميس": 3, "الجمعه": 4, "السبت": 5}
_WEEKDAYS_EN = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
                "sunday": 6}
_TIME_OF_DAY = r"(?:فجر|صباح|مساء|ليله|ليل|ظهر|ظهيره|عصر|بعد\s+ظهر|منتصف\s+ليل|ساعات\s+فجر|ساعات\s+صباح)"
_WD = rf"(?:[وب]?(?:{_alt(_WEEKDAYS_AR)}))"

# Ordinal days: "في السابع من تشرين الأول", "الحادي والعشرين من الشهر الجاري".
_ORD_UNITS = ["الاول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع"]
_ORDINALS: dict[str, int] = {w: k + 1 for k, w in enumerate(_ORD_UNITS)} | {"العاشر": 10, "الحادي عشر": 11}
for _k, _w in enumerate(_ORD_UNITS[1:], start=2):
    _ORDINALS[_w + " عشر"] = 10 + _k
for _tens, _word in ((20, "العشرين"), (30, "الثلاثين")):
    _ORDINALS[_word] = _tens
    for _k, _w in enumerate(["الحادي"] + _ORD_UNITS[1:], start=1):
        if _tens + _k <= 31:
            _ORDINALS[f"{_w} و{_word}"] = _tens + _k
_ORD = rf"(?P<oday>{_alt(_ORDINALS)})\s+من\s+"
_ORD_HEADS = {k.split()[0] for k in _ORDINALS}

_RE_DMY = re.compile(
    rf"{_BD}(?:(?:ال\s*)?(?P<day>\d{{1,2}})\s*(?:من\s+)?|{_ORD})(?:شهر\s+)?{_MONTHX}"
    rf"(?:\s*,?\s*(?:من\s+)?(?:عام|العام|سنه)?\s*{_YEAR})?(?:\s+{_QUAL})?{_E}"
)
_RE_EN_MDY = re.compile(
    rf"{_B}(?P<month>{_alt(_EN_MONTHS)})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?{_E}(?:\s*,?\s*{_YEAR})?"
)
_RE_EN_DMY = re.compile(
    rf"{_B}(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{_alt(_EN_MONTHS)})\.?{_E}(?:\s*,?\s*{_YEAR})?"
)
_RE_DAY_OF_MONTH = re.compile(
    rf"{_BD}(?:(?:ال\s*)?(?P<day>\d{{1,2}})\s+من\s+|{_ORD})(?:هذا\s+)?(?:الشهر)(?:\s+{_QUAL})?{_E}"
)
_RE_NUM_DMY = re.compile(
    r"(?<![\d/.\-])(?<![^\W\dوبل_])(?P<d>\d{1,2})\s?(?P<sep>[/.\-])\s?(?P<m>\d{1,2})\s?(?P=sep)\s?"
    r"(?P<y>\d{4}|\d{2})(?![\d/])"
)
_RE_NUM_YMD = re.compile(
    r"(?<![\d/.\-])(?P<y>(?:19|20)\d{2})(?P<sep>[/.\-])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?![\d/])"
)
_PART_WORDS = r"بدايه|بدايات|مطلع|اوايل|منتصف|اواسط|اواخر|نهايه|اخر|early|mid|late|the\s+end\s+of|end\s+of"
_PART = rf"(?P<part>{_PART_WORDS})"
_RE_MONTH_YEAR = re.compile(
    rf"{_B}(?:{_PART}[\s\-]+)?(?:(?:of|in)\s+)?(?P<shahr>شهر\s+)?{_MONTHX}(?:\s*,?\s*(?:من\s+)?(?:عام|العام|سنه)?\s*{_YEAR}"
    rf"|\s+{_QUAL})?{_E}"
)
_RE_YEAR = re.compile(
    rf"{_B}(?:عام|العام|سنه|لعام|بعام|خلال|منذ|في|حتي|in|since|during|of|until)\s+{_YEAR}{_E}"
)

_RE_REL = re.compile(
    rf"{_B}(?:"
    rf"(?P<m2>(?:{_TIME_OF_DAY}\s+)?(?:يوم\s+)?(?:اول\s+من\s+امس|اول\s+امس|امس\s+الاول)|the\s+day\s+before\s+yesterday)"
    rf"|(?P<m1>(?:{_TIME_OF_DAY}\s+)?(?:يوم\s+)?(?:[و]?امس|بالامس)|yesterday|last\s+night|الليله\s+الماضيه)"
    # "ذلك اليوم", "اليوم التالي", "اليوم الأول من الحملة" are not the publication day
    rf"|(?P<d0>(?<!ذلك\s)(?<!نفس\s)(?<!ذات\s)(?:(?:{_TIME_OF_DAY}|حتي|مساء)\s+)?(?:[و]?اليوم)"
    r"(?!\s+(?:التالي|نفسه|ذاته|السابق|الذي|الاول|الثاني|الثالث|الرابع|الخامس|الاخير|العالمي|الوطني))"
    rf"|today|this\s+morning|tonight|هذا\s+الصباح|صباح\s+هذا\s+اليوم)"
    rf"){_E}(?:\s*[,(]?\s*(?P<wd>{_WD}){_E}\)?)?"
)
_RE_AGO = re.compile(
    rf"{_B}و?(?:قبل|منذ)\s+(?:(?P<n>\d{{1,2}}|[\u0621-\u064a]+)\s+)?"
    rf"(?P<unit>يومين|ايام|يوما|يوم|اسبوعين|اسابيع|اسبوع|شهرين|اشهر|شهور|شهر|ساعات|ساعه|سنه|عام|عامين|سنتين)"
    rf"{_E}(?:\s+(?:فقط|تقريبا))?"
    r"|(?<![\w])(?P<en>(?P<enn>\d{1,2}|a|an|one|two|three|four|five|six|seven|few|several)\s+"
    r"(?P<enunit>days?|weeks?|months?|years?|hours?)\s+ago)(?![\w])"
)
# "خلال الأيام الماضية", "في الساعات الأخيرة", "خلال الأسابيع القليلة الماضية"
_RE_RECENT = re.compile(
    rf"{_B}(?:خلال|في|طيله)\s+(?:ال\s*[0-9]+\s+)?(?P<unit>الايام|الساعات|ساعه|الاسابيع)\s+(?:القليله\s+)?"
    rf"(?:الماضيه|الاخيره|المنصرمه|الفايته){_E}"
)
_RE_PERIOD = re.compile(
    rf"{_B}(?:{_PART}\s+)?(?P<unit>الاسبوع|الشهر|العام|السنه)\s+(?P<q>الماضي|الماضيه|المنصرم|المنصرمه|الفايت|الفايته"
    rf"|الجاري|الجاريه|الحالي|الحاليه)(?![\w])"
    rf"|{_B}(?:(?P<part2>{_PART_WORDS})\s+)?(?P<unit2>هذا\s+الاسبوع|هذا\s+الشهر|هذا\s+العام|هذه\s+السنه){_E}"
    rf"|{_B}(?P<part3>{_PART_WORDS})\s+(?P<unit3>الشهر|العام|السنه){_E}"
    r"|(?<![\w])(?:(?P<enpart>earlier|early|later|late|mid)\s+)?(?P<enq>last|this|past)\s+(?P<enunit>week|month|year)(?![\w])"
)
_RE_WEEKDAY = re.compile(
    rf"{_B}(?:(?P<tod>{_TIME_OF_DAY})\s+)?(?P<yawm>يوم\s+)?(?P<wd>{_WD})"
    rf"(?:\s+(?P<q>(?:الماضي|المنصرم|الفايت|المقبل|القادم)ه?)|(?=\s*[,.)(\"]))?{_E}"
    rf"|(?<![\w])(?:(?P<enq>last|this|next|on|early|late)\s+)?(?P<enwd>{_alt(_WEEKDAYS_EN)})(?![\w])"
)

_AR_SMALL = {_N(k): v for k, v in {
    "ثلاثة": 3, "ثلاث": 3, "أربعة": 4, "أربع": 4, "خمسة": 5, "خمس": 5, "ستة": 6, "ست": 6,
    "سبعة": 7, "سبع": 7, "ثمانية": 8, "ثماني": 8, "تسعة": 9, "تسع": 9, "عشرة": 10, "عشر": 10,
}.items()}
_EN_SMALL = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}


_BARE_MONTH_INTRO = re.compile(r"(?:في|خلال|منذ|in|during|since)\s+$")
_ITHNAYN_BEFORE = re.compile(r"(?:[,(\"]|اليوم|امس)\s*$")
_ITHNAYN_AFTER = re.compile(r"\s*[,)]")


def _day_of(m: re.Match[str]) -> int:
    g = m.groupdict()
    if g.get("day"):
        return int(g["day"])
    return _ORDINALS[" ".join(g["oday"].split())]


def _safe_date(y: int, m: int, d: int) -> datetime.date | None:
    try:
        return datetime.date(y, m, d)
    except ValueError:
        return None


def _month_of(token: str) -> int | None:
    t = " ".join(token.rstrip(".").split())
    return _MONTHS.get(t)


def _prev_month(d: datetime.date, k: int = 1) -> datetime.date:
    y, m = d.year, d.month - k
    while m < 1:
        m += 12
        y -= 1
    return datetime.date(y, m, 1)


def _infer_year(month: int, day: int, qual: str | None, published: datetime.date) -> int:
    """The year for "D MONTH" written without one."""
    pub = published
    if qual in ("الماضي", "المنصرم", "الفايت"):
        return pub.year if month < pub.month else pub.year - 1
    if qual in ("المقبل", "القادم"):
        return pub.year if month > pub.month else pub.year + 1
    if qual in ("الجاري", "الحالي"):
        return pub.year
    cand = _safe_date(pub.year, month, min(day, 28))
    if cand is not None and cand > pub + datetime.timedelta(days=1):
        return pub.year - 1
    return pub.year


@dataclass
class _Cand:
    start: int
    end: int
    date: datetime.date | None
    precision: str | None
    relative: bool
    rank: int  # higher wins on overlap ties; explicit > relative > weekday
    weekday: int | None = None  # a bare weekday, can be merged into a neighbour


def _explicit(text: str, published: datetime.date | None, out: list[_Cand], it: _Finder) -> None:
    for rx in (_RE_DMY, _RE_EN_MDY, _RE_EN_DMY):
        for m in it(rx):
            month = _month_of(m.group("month"))
            if month is None:
                continue
            day = _day_of(m)
            year = m.group("year")
            qual = m.groupdict().get("qual")
            if year:
                d = _safe_date(int(year), month, day)
                if d is not None:
                    out.append(_Cand(m.start(), m.end(), d, "day", False, 5))
                continue
            if published is None:
                if 1 <= day <= 31:
                    out.append(_Cand(m.start(), m.end(), None, None, True, 5))
                continue
            d = _safe_date(_infer_year(month, day, qual, published), month, day)
            if d is not None:
                out.append(_Cand(m.start(), m.end(), d, "day", True, 5))
    for m in it(_RE_DAY_OF_MONTH):
        day = _day_of(m)
        if published is None:
            out.append(_Cand(m.start(), m.end(), None, None, True, 4))
            continue
        base = published.replace(day=1)
        if m.group("qual") in ("الماضي", "المنصرم", "الفايت"):
            base = _prev_month(published)
        d = _safe_date(base.year, base.month, day)
        if d is not None:
            out.append(_Cand(m.start(), m.end(), d, "day", True, 4))
    for m in it(_RE_NUM_DMY):
        d_, m_, y_ = int(m.group("d")), int(m.group("m")), int(m.group("y"))
        if y_ < 100:
            y_ += 2000
        if not 1900 <= y_ <= 2099:
            continue
        if m_ > 12 and d_ <= 12:  # US order "10/15/2023"
            d_, m_ = m_, d_
        d = _safe_date(y_, m_, d_)
        if d is not None:
            out.append(_Cand(m.start(), m.end(), d, "day", False, 5))
    for m in it(_RE_NUM_YMD):
        d = _safe_date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        if d is not None:
            out.append(_Cand(m.start(), m.end(), d, "day", False, 5))
    for m in it(_RE_MONTH_YEAR):
        month = _month_of(m.group("month"))
        if month is None:
            continue
        year, qual, part, shahr = m.group("year"), m.group("qual"), m.group("part"), m.group("shahr")
        base_word = " ".join(m.group("month").rstrip(".").split())
        combined = m.group(0).count("/") > 0 or "(" in m.group(0)
        has_context = bool(year or qual or part or shahr or combined)
        if not has_context:
            if base_word in _AMBIGUOUS_MONTHS:
                continue
            # a bare month name: only when introduced by "في"/"in"/"خلال"
            before = text[max(0, m.start() - 6):m.start()]
            if not _BARE_MONTH_INTRO.search(before):
                continue
        if year:
            d = _safe_date(int(year), month, 1)
            out.append(_Cand(m.start(), m.end(), d, "month", False, 3))
            continue
        if published is None:
            out.append(_Cand(m.start(), m.end(), None, None, True, 3))
            continue
        y = _infer_year(month, 1, qual, published)
        out.append(_Cand(m.start(), m.end(), datetime.date(y, month, 1), "month", True, 3))
    for m in it(_RE_YEAR):
        out.append(_Cand(m.start(), m.end(), datetime.date(int(m.group("year")), 1, 1), "year", False, 1))


def _relative(text: str, published: datetime.date | None, out: list[_Cand], it: _Finder) -> None:
    for m in it(_RE_REL):
        if m.group("m2"):
            delta = 2
        elif m.group("m1"):
            delta = 1
        else:
            delta = 0
        d = published - datetime.timedelta(days=delta) if published else None
        out.append(_Cand(m.start(), m.end(), d, "day" if d else None, True, 4))
    for m in it(_RE_AGO):
        if m.group("en"):
            n_txt = m.group("enn")
            unit = m.group("enunit").rstrip("s")
            n = int(n_txt) if n_txt.isdigit() else _EN_SMALL.get(n_txt)
        else:
            n_txt = m.group("n")
            unit = m.group("unit")
            n = None
            if n_txt:
                n = int(n_txt) if n_txt.isdigit() else _AR_SMALL.get(n_txt)
                if n is None:
                    continue  # "قبل عدة أيام" is handled as vague below? keep it simple: skip
            dual = {"يومين": ("day", 2), "اسبوعين": ("week", 2), "شهرين": ("month", 2), "عامين": ("year", 2),
                    "سنتين": ("year", 2)}
            if unit in dual:
                unit, n = dual[unit]
            else:
                unit = {"يوم": "day", "يوما": "day", "ايام": "day", "اسبوع": "week", "اسابيع": "week",
                        "شهر": "month", "اشهر": "month", "شهور": "month", "ساعات": "hour", "ساعه": "hour",
                        "سنه": "year", "عام": "year"}[unit]
                if n is None and unit in ("day", "week", "month", "year") and m.group("unit") in (
                        "يوم", "اسبوع", "شهر", "سنه", "عام"):
                    n = 1  # "قبل أسبوع" = one week
        if published is None:
            out.append(_Cand(m.start(), m.end(), None, None, True, 4))
            continue
        if unit == "hour":
            out.append(_Cand(m.start(), m.end(), published, "day", True, 4))
        elif unit == "day":
            if n is None:  # "قبل أيام": a few days
                out.append(_Cand(m.start(), m.end(), published - datetime.timedelta(days=3), "week", True, 4))
            else:
                out.append(_Cand(m.start(), m.end(), published - datetime.timedelta(days=n), "day", True, 4))
        elif unit == "week":
            k = n or 2
            out.append(_Cand(m.start(), m.end(), published - datetime.timedelta(days=7 * k), "week", True, 4))
        elif unit == "month":
            d = published - datetime.timedelta(days=30 * (n or 2))
            out.append(_Cand(m.start(), m.end(), d.replace(day=1), "month", True, 4))
        else:
            d = datetime.date(published.year - (n or 2), 1, 1)
            out.append(_Cand(m.start(), m.end(), d, "year", True, 4))
    for m in it(_RE_RECENT):
        if published is None:
            out.append(_Cand(m.start(), m.end(), None, None, True, 3))
            continue
        unit = m.group("unit")
        if unit in ("الساعات", "ساعه"):
            out.append(_Cand(m.start(), m.end(), published, "day", True, 3))
        else:
            back = 3 if unit == "الايام" else 14
            out.append(_Cand(m.start(), m.end(), published - datetime.timedelta(days=back), "week", True, 3))
    for m in it(_RE_PERIOD):
        if m.group("enunit"):
            unit = {"week": "الاسبوع", "month": "الشهر", "year": "العام"}[m.group("enunit")]
            past = m.group("enq") in ("last", "past")
            part = {"early": "بدايه", "late": "اواخر", "mid": "منتصف"}.get(m.group("enpart") or "")
        else:
            unit = m.group("unit") or m.group("unit3") or m.group("unit2").split()[-1]
            if unit == "السنه":
                unit = "العام"
            q = m.group("q") or ""
            past = q.startswith(("الماضي", "المنصرم", "الفايت"))
            part = m.group("part") or m.group("part2") or m.group("part3")
        if published is None:
            out.append(_Cand(m.start(), m.end(), None, None, True, 3))
            continue
        if unit == "الاسبوع":
            d = published - datetime.timedelta(days=7) if past else published
            out.append(_Cand(m.start(), m.end(), d, "week", True, 3))
        elif unit == "الشهر":
            base = _prev_month(published) if past else published.replace(day=1)
            if part in ("منتصف", "اواسط", "mid"):
                out.append(_Cand(m.start(), m.end(), base.replace(day=15), "week", True, 3))
            else:
                out.append(_Cand(m.start(), m.end(), base, "month", True, 3))
        else:
            y = published.year - 1 if past else published.year
            if part in ("بدايه", "بدايات", "مطلع", "اوايل", "early"):
                out.append(_Cand(m.start(), m.end(), datetime.date(y, 1, 1), "month", True, 3))
            elif part in ("نهايه", "اواخر", "اخر", "late", "end of", "the end of"):
                out.append(_Cand(m.start(), m.end(), datetime.date(y, 12, 1), "month", True, 3))
            else:
                out.append(_Cand(m.start(), m.end(), datetime.date(y, 1, 1), "year", True, 3))


def _weekday_date(published: datetime.date, wd: int, qual: str | None) -> datetime.date:
    if qual and qual.endswith("ه"):
        qual = qual[:-1]  # "الجمعة الماضية"
    delta = (published.weekday() - wd) % 7
    if qual in ("الماضي", "المنصرم", "الفايت", "last") and delta == 0:
        delta = 7
    if qual in ("المقبل", "القادم", "next"):
        ahead = (wd - published.weekday()) % 7 or 7
        return published + datetime.timedelta(days=ahead)
    return published - datetime.timedelta(days=delta)


_NIGHT_TAIL = re.compile(rf"\s*[-–—/]\s*(?P<wd2>{_alt(_WEEKDAYS_AR)}){_E}")


def _weekdays(text: str, published: datetime.date | None, out: list[_Cand], it: _Finder) -> None:
    for m in it(_RE_WEEKDAY):
        if m.group("enwd"):
            wd = _WEEKDAYS_EN[m.group("enwd")]
            qual = m.group("enq")
        else:
            name = m.group("wd")
            if name[0] in "وب" and name[1:] in _WEEKDAYS_AR:
                name = name[1:]
            wd = _WEEKDAYS_AR[name]
            qual = m.group("q")
            if name == "الاثنين" and not (m.group("tod") or m.group("yawm") or qual):
                # "الاثنين" is also "the two": accept only in a date-like slot
                before = text[max(0, m.start() - 8):m.start()]
                after = text[m.end():m.end() + 3]
                if not (_ITHNAYN_BEFORE.search(before) or _ITHNAYN_AFTER.match(after)):
                    continue
        end = m.end()
        night = _NIGHT_TAIL.match(text, end) if m.group("tod") in ("ليل", "ليله") else None
        if night:
            # "ليل الخميس – الجمعة", "ليل الأحد/الإثنين": the night ends on the later day
            wd, qual, end = _WEEKDAYS_AR[night.group("wd2")], None, night.end()
        d = _weekday_date(published, wd, qual) if published else None
        out.append(_Cand(m.start(), end, d, "day" if d else None, True, 2, weekday=wd))


_GAP = re.compile(r"[\s,()\-]*")
_DAYISH = ("day", None)


def _resolve(cands: list[_Cand], text: str) -> list[_Cand]:
    # Longest, then highest-ranked, candidate wins an overlap.
    cands.sort(key=lambda c: (-(c.end - c.start), -c.rank, c.start))
    kept: list[_Cand] = []
    for c in cands:
        if any(c.start < k.end and k.start < c.end for k in kept):
            continue
        kept.append(c)
    kept.sort(key=lambda c: c.start)
    # A weekday next to an explicit or relative day names the same day:
    # "الجمعة 22 من تشرين الثاني", "أمس (الجمعة)", "Saturday, Jan. 21".
    merged: list[_Cand] = []
    for c in kept:
        if merged:
            p = merged[-1]
            gap = text[p.end:c.start]
            if _GAP.fullmatch(gap) and len(gap) <= 4:
                if p.weekday is not None and c.weekday is None and c.precision in _DAYISH and c.rank >= 4:
                    merged[-1] = _Cand(p.start, c.end, c.date, c.precision, c.relative, c.rank)
                    continue
                if c.weekday is not None and p.weekday is None and p.precision in _DAYISH and p.rank >= 4:
                    merged[-1] = _Cand(p.start, c.end, p.date, p.precision, p.relative, p.rank)
                    continue
                # "فجر اليوم الأحد 15 تشرين الأول": the explicit date names the day
                if p.rank == 4 and c.rank == 5 and p.precision in ("day", None) and p.end - p.start <= 30:
                    merged[-1] = _Cand(p.start, c.end, c.date, c.precision, c.relative, c.rank)
                    continue
        merged.append(c)
    return merged


def _with_clitics(words: set[str]) -> frozenset[str]:
    out: set[str] = set()
    for w in words:
        for p in ("", "و", "ف", "ب", "ل", "وب", "ول", "فب", "فل", "ك"):
            out.add(p + w)
        if w.startswith("ال"):
            for p in ("", "و", "ف"):
                out.add(p + "ل" + w[1:])  # "للشهر"
    return frozenset(out)


# Anchor words: a regex only runs in windows around the words it needs.
_MONTH_HEADS = _with_clitics({k.split()[0] for k in _MONTHS})
_EN_MONTH_WORDS = frozenset(_EN_MONTHS)
_REL_WORDS = _with_clitics({"امس", "الامس", "اليوم", "الليله", "الصباح", "yesterday", "today", "tonight",
                            "night", "morning"})
_AGO_WORDS = _with_clitics({"قبل", "منذ", "ago"})
_PERIOD_WORDS = _with_clitics({"الاسبوع", "الشهر", "العام", "السنه", "week", "month", "year"})
_RECENT_WORDS = _with_clitics({"الايام", "الساعات", "الاسابيع", "ساعه"})
_WEEKDAY_WORDS = _with_clitics(set(_WEEKDAYS_AR) | set(_WEEKDAYS_EN))
_ORD_WORDS = _with_clitics(_ORD_HEADS)
_DIGIT_RUN = re.compile(r"[0-9]+")
_Finder = Callable[[re.Pattern[str]], Iterator[re.Match[str]]]


def find_dates(text: str, published: datetime.date | None) -> list[DateMention]:
    """Date expressions in normalised ``text``, resolved against ``published``."""
    if not text:
        return []
    words = word_set(text)
    if "/" in text:  # "ليل الأحد/الإثنين", "كانون الأول/ديسمبر": both halves are words
        words = words | frozenset(part for w in words if "/" in w for part in w.split("/"))
    digits = [m.start() for m in _DIGIT_RUN.finditer(text)]

    def anchors(vocab: frozenset[str]) -> list[int]:
        present = vocab.intersection(words)
        return word_positions(text, present) if present else []

    month_pos = anchors(_MONTH_HEADS)
    has_en_month = bool(_EN_MONTH_WORDS.intersection(words))
    day_anchors = digits + anchors(_ORD_WORDS) if "من" in words else digits
    # one window set serves every digit-anchored pattern ("aug. 10, 2021" needs 25 chars before)
    digit_win = windows(text, digits, 25, 55)
    day_win = windows(text, day_anchors, 25, 60) if len(day_anchors) > len(digits) else digit_win
    plan: dict[re.Pattern[str], list[tuple[int, int]]] = {
        _RE_DMY: day_win if month_pos else [],
        _RE_DAY_OF_MONTH: day_win if "الشهر" in text else [],
        _RE_NUM_DMY: digit_win,
        _RE_NUM_YMD: digit_win,
        _RE_EN_MDY: digit_win if has_en_month else [],
        _RE_EN_DMY: digit_win if has_en_month else [],
        _RE_YEAR: digit_win,
        _RE_MONTH_YEAR: windows(text, month_pos, 30, 45),
        _RE_REL: windows(text, anchors(_REL_WORDS), 30, 30),
        _RE_AGO: windows(text, anchors(_AGO_WORDS), 25, 30),
        _RE_PERIOD: windows(text, anchors(_PERIOD_WORDS), 20, 30),
        _RE_RECENT: windows(text, anchors(_RECENT_WORDS), 20, 30),
        _RE_WEEKDAY: windows(text, anchors(_WEEKDAY_WORDS), 25, 20),
    }

    def it(rx: re.Pattern[str]) -> Iterator[re.Match[str]]:
        for lo, hi in plan.get(rx, ()):
            yield from rx.finditer(text, lo, hi)

    cands: list[_Cand] = []
    _explicit(text, published, cands, it)
    _relative(text, published, cands, it)
    _weekdays(text, published, cands, it)
    out: list[DateMention] = []
    for c in _resolve(cands, text):
        out.append(DateMention(c.start, c.end, c.date, c.precision if c.date else None, c.relative))
    return out
