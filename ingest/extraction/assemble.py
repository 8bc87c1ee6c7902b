"""Article -> incidents + statistics (the `manage.py extract` contract).

Pipeline: normalise the text; drop page furniture (repeated title, share
buttons, bylines, captions, related headlines); split into sentences and
clauses ("units"); find actors, places, counts, dates and triggers once over
the whole text and bucket them per unit; then walk the units in order:

* a unit with a period tally ("153 عملية ... خلال النصف الأول") is a statistic;
* a unit with an event trigger starts a new incident when it names another
  place, or opens with a new-event marker ("وقبل أيام", "وفي حادثة منفصلة",
  "وكانت ... قد", a leading date), otherwise it continues the current one;
* a unit without a trigger (a follow-up detail) only lends counts, persons and
  seized items to the incident right before it;
* background, analysis, statements and intentions never start an incident.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from .actors import COUNTER_ISIS, ActorMention, display_name, find_actors
from .counts import CountMention, find_counts
from .dates import DateMention, find_dates
from .events import Trigger, find_persons, find_seized, find_triggers, is_kunya
from .normalise import NormalisedText, normalise, normalise_word
from .numbers import NumberMention, find_numbers, parse_number
from .places import Gazetteer, PlaceMatch
from .sentences import Span, split_clauses, split_text

_N = normalise_word
_PRECISION_RANK = {"exact": 0, "district": 1, "governorate": 2, "region": 3, "country": 4}
_OP_TYPES = ("raid", "airstrike", "sweep", "clash")


def _rx(pattern: str) -> re.Pattern[str]:
    """Compile a pattern written in plain Arabic; only non-ASCII is folded (\\W stays \\W)."""
    return re.compile("".join(ch if ch.isascii() else _N(ch) for ch in pattern))


# ------------------------------------------------------------------ cue lists
_BOILER_LINE = _rx(
    r"اشترك|لم تشترك|انشئ حساب|مقالات ذات صله|^(?:ال)?اخبار ذات (?:علاقه|صله)|^اقرا ايضا|^شاهد ايضا|"
    r"^(?:also )?read also|^see also|^related:|اقرا ايضا|اقرا المزيد|مشاركه المقال|شارك المقال|تابعونا|"
    r"جميع الحقوق|حقوق النشر|اعداد وتحرير|تحرير:|^facebook$|^whatsapp$|^telegram$|^twitter$|image credit|"
    r"read more|related articles|subscribe|sign up|newsletter|all rights reserved|^share|^copy link|"
    r"^!\[|^\[.*\]\(.*\)$|^المصدر:|^source:"
)
_TERMINAL = re.compile(r"[.!?:\"']\s*$")
_MARKER = _rx(
    r"^(?:و)?(?:في حادثه منفصله|في حادث منفصل|في حادثه اخري|في سياق منفصل|في سياق اخر|"
    r"وفي سياق اخر|من جهه اخري|من جانب اخر|من ناحيه اخري|في سياق متصل|علي صعيد اخر|في تطور اخر|"
    r"الي ذلك|في غضون ذلك|كذلك|كما شهد|قبل (?:ايام|يومين|اسبوع|ذلك|اشهر|شهر)|في وقت سابق|"
    r"خلال الاسبوع الماضي|الاسبوع الماضي|in a separate|separately|earlier|meanwhile|elsewhere|in another)"
    r"|^(?:و)?كان(?:ت)?\s.{0,60}\sقد\s"
    r"|^(?:و)?في (?:العراق|سوريا|سوريه|محافظه|ريف|باديه|مدينه|بلده|قضاء|ناحيه)[^,.]{0,30},"
    r"|^in (?:iraq|syria|[a-z]+ province)[^,.]{0,30},"
    r"|^(?:و)?(?:في|يوم)?\s?(?:يوم\s)?\d{1,2}\s?(?:من\s)?[\u0621-\u064a/ ]{2,20}[,:]"
    r"|^\d{1,2}\s+[a-z]+\s*:|^on\s+[a-z]+\s+\d{1,2},"
    r"|(?<!\w)(?:\w+) more (?:suspected |alleged )?(?:isis|members|suspects|militants|people|fighters)"
    # "وفي الهجوم الأول"، "أما العملية الثانية": the parts of a reported series
    r"|^(?:و)?(?:في |اما )?(?:الهجوم|الهجمه|العمليه|الحادثه|الضربه|الغاره|المداهمه|الكمين) "
    r"(?:الاول|الاولي|الثاني|الثانيه|الثالث|الثالثه|الاخير|الاخيره|الاخري)(?!\w)"
    r"|(?<!\w)(?:و)?(?:هجوما|هجوم|عمليه|ضربه|غاره|مداهمه|كمينا|كمين) "
    r"(?:ثانيا|ثانيه|ثان|ثالثا|ثالثه|اخر|اخري)(?!\w)"
    # "وأمس الثلاثاء، هاجم التنظيم ...", "وأول أمس الإثنين": another day, another event
    r"|^(?:و)?(?:اول )?امس(?!\w)|^(?:و)?(?:يوم|ليل|ليله|مساء|صباح|فجر) "
    r"(?:الاثنين|الثلاثاء|الاربعاء|الخميس|الجمعه|السبت|الاحد)(?!\w)"
    r"|^(?:the )?(?:first|second|third|other) (?:attack|operation|raid|strike)"
)
# "كما قتل عنصر من القوات الحكومية في اشتباكات بريف حمص": a sentence of its own with its own
# place is one more casualty event ("..., كما قتل 4 من التنظيم" inside a sentence is a detail).
_ALSO_EVENT = _rx(r"^(?:و)?كما (?:قتل|قتلت|اصيب|اصيبت|اغتيل|اغتيلت|هاجم\w*|لقي|لقيت|تعرض\w*|انفجر\w*)(?!\w)")
_BACKGROUND_START = _rx(
    r"^(?:و)?(?:يذكر ان|يذكر أن|ومن الجدير|من الجدير|يشار الي|ياتي ذلك|تاتي هذه|ياتي هذا|تاتي|ياتي|منذ|"
    r"بحسب مراقبين|يعد|تعد|يعتبر|although|since|despite|رغم|ورغم|بالرغم)"
)
_RECALL_START = _rx(r"^(?:و)?(?:يذكر ان|يشار الي|ومن الجدير|من الجدير)")
_NON_EVENT = _rx(
    r"(?<!\w)(?:و|ف)?(?:كان\w* مسوول\w* عن|كان\w* ينشط|كانا ينشطان|كانوا ينشطون|كانت تنشط|كان يخطط|"
    r"كانت تخطط|كانت تحضر|كانت تعمل|"
    r"متهم\w* ب\w*|اعترف\w*|تتخذ من|responsible for|تواصل|يواصل|تتواصل|يستمر|تستمر|مستمر\w*|بشكل يومي|"
    r"بين فتره واخري|continue\w*|persist\w*|سيتم|ستواصل|سوف|لن توفر|تعتزم|يهدف|تهدف|من المتوقع|will |"
    r"محللون|مراقبين|analysts|اشاد\w*|اثني|رحب\w*|ترحيبا|praised|welcomed|حذر\w*|warned|يسعي|تسعي|"
    r"في طريقه|لا تزال|لا يزال|ما زالت|ما زال|ما تزال|عاده|غالبا|still|mainly|regularly|frequently|"
    r"يشكل خطرا|تهديد|threat|المخاوف|القلق|تنوي|ينوي|كانت تنوي|كان سيقوم|سيقوم|تخطط|يخطط|"
    r"قنبله موقوته|time bomb|breeding ground|بؤره|هدد\w*|يهدد\w*|تهدد\w*|threaten\w*|تظاهر\w*|مظاهر\w*|"
    r"protest\w*)(?!\w)"
)
_REPORT_VERB = _rx(
    r"(?<!\w)(?:و)?(?:اعلن\w*|افاد\w*|اصدر\w*|ذكر\w*|قال\w*|كشف\w*|نقل\w*|اكد\w*|اوضح\w*|اشار\w*|نشر\w*|بث\w*|رصد\w*|وثق\w*|احصي|"
    r"announced|said|reported|stated|claimed)(?!\w)"
)
_SOURCE_BEFORE = _rx(
    r"(?:بحسب|حسب|وفقا ل|وفق|نقلا عن|according to|مصدر\w* (?:عسكري\w* |امني\w* |مقرب\w* )?(?:في|من)|"
    r"المتحدث\w* باسم|الناطق\w* باسم|spokes\w* for|بيان صادر عن|بيان|مسوول\w* في|مسوول\w* ب|"
    r"لدي|بحجه|لصالح)\s*\W{0,3}\s*$"
)
# Before an organisation, these make it the object ("هجوم على قوات النظام"), not the doer.
_OBJECT_BEFORE = _rx(r"(?:ضد|against|علي|تابع\w* ل|on|targeting)\s*\W{0,3}\s*$")
_PERIOD = _rx(
    r"خلال (?:النصف|الربع|العام|عام|شهر|الشهر|الاشهر|الفتره|السنه|الاسابيع|الاسبوع|اسبوع|الايام|ايام|"
    r"اليومين)|"
    r"منذ (?:مطلع|بدايه|بداية|مطلع)|"
    r"حصيله|احصائي\w*|(?<!\w)عام \d{4}|(?<!\w)في \d{4}|since the (?:start|beginning)|in \d{4}|"
    r"in (?:january|february|march|april|may|june|july|august|september|october|november|december)|"
    r"monthly|so far this year|last year|this year|حتي اليوم|تقرير\w* شهري|العام الماضي|الشهر الماضي|"
    r"(?<!\w)(?:و)?منذ(?!\w)|(?<!\w)since(?!\w)|عدد العمليات|عدد الهجمات|ما مجموعه|بلغ عدد|وصل عدد|اجمالي|"
    r"a total of|in total"
)
_STRONG_PERIOD = _rx(
    r"منذ (?:مطلع|بدايه|بداية) (?:العام|الشهر|السنه|الاسبوع)|خلال (?:النصف|الربع) (?:الاول|الثاني)|"
    r"(?<!\w)(?:احصي|احصت|وثق|وثقت)(?!\w)|since the (?:start|beginning) of|so far this (?:year|month)|"
    r"in the first half|in the past (?:year|month)"
)
_YEAR_SO_FAR = _rx(
    r"(?<!\w)(?:this year|over the past (?:year|months)|so far in \d{4}|هذا العام|العام الحالي|العام الجاري|"
    r"خلال العام|منذ مطلع العام|خلال الاشهر الماضيه|خلال العام الماضي)(?!\w)"
)
_ONE_EVENT_TOLL = _rx(
    r"حصيله (?:ال)?(?:هجوم|تفجير|انفجار|اعتداء|كمين|استهداف|مجزره|الهجوم الذي|التفجير الذي)(?!\w)|"
    r"toll (?:of|from|in) (?:the|this|that) (?:attack|bombing|blast|ambush)"
)
_TALLY_WORD = _rx(r"(?<!\w)(?:ال)?(?:حصيله|احصائي\w*|tally|report)(?!\w)")
_OPS_NOUN = re.compile(
    _N(
        r"^(?:عمليه|عمليات|عمليتين|غاره|غارات|ضربه|ضربات|مداهمه|مداهمات)|"
        r"^(?:operations?|raids?|strikes?|airstrikes?|missions?)"
    )
)
_ATTACK_NOUN = re.compile(_N(r"^(?:هجوم|هجوما|هجمه|هجمات|هجمات|اعتداء)|^(?:attacks?|assaults?)"))
_DETAIL_CONTINUE = _rx(
    r"^(?:و)?(?:في تفصيل|اما في|اما|وفي سوريا|وفي العراق|in syria|in iraq)|"
    r"toll|الحصيله|كلا البلدين|both countries"
)
_MULTI_AREA = _rx(r"امتدت|وصولا الي|شملت مناطق|في مناطق متعدده|across")
# civilians among the dead or wounded, beside the forces the attack hit
_CIVILIANS_COUNTED = _rx(
    r"(?<!\w)(?:[0-9]+|two|three|four|five|six|seven|eight|nine|ten|several|اثنين|ثلاثه|اربعه|خمسه|سته|"
    r"سبعه|ثمانيه|تسعه|عشره)\s+(?:من\s+)?(?:ال)?(?:مدنيين|مدنيا|مدني|civilians)(?!\w)|"
    r"(?<!\w)و?مدنيان(?!\w)|مدنيين اثنين|"
    r"(?:مقتل|قتل|اصابه|واصابه|killing|wounding)\s+(?:مدني|a civilian)(?!\w)"
)
_CIVILIAN_VICTIM = _rx(
    r"(?<!\w)(?:شخص|شخصا|شاب|شابا|الشاب|مدني\w*|مواطن\w*|طفل|اطفال|امراه|سيده|راع|رعاه|"
    r"وجهاء|وجيه|مختار|عامل|عمال|العاملين|موظف\w*|الموظف\w*|نازح\w*|لاجي\w*|اهالي|سكان|"
    r"civilian\w*|shepherd\w*|villager\w*|employees?|workers?|"
    r"people|refugees?|residents?|displaced)(?!\w)"
)
_COUNCIL_STAFF = _rx(
    r"(?:مسوول|رييس|عضو|موظف\w*|عامل\w*|العاملين|head|official|member|employees?|staff)\s+(?:\S+\s+){0,3}?"
    r"(?:في |ب|لدي |of the |in the |at the )?(?:ال)?(?:مجلس (?:ال)?(?:مدني|محلي)|المجلس (?:ال)?(?:مدني|محلي)|"
    r"local council|civil council|civilian council|الكومين|البلديه)"
)


# ------------------------------------------------------------------ structures
@dataclass(frozen=True)
class _PersonSpan:
    start: int
    end: int


@dataclass(eq=False)  # identity: looked up in lists of thousands on long texts
class Unit:
    index: int
    start: int
    end: int
    text: str
    sentence_start: bool  # False for "، بينما ..." clauses cut out of a sentence
    triggers: list[Trigger] = field(default_factory=list)
    actors: list[ActorMention] = field(default_factory=list)
    places: list[PlaceMatch] = field(default_factory=list)
    counts: list[CountMention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    numbers: list[NumberMention] = field(default_factory=list)
    persons: list[_PersonSpan] = field(default_factory=list)
    # the forces of the clause whose verb this part shares ("... in Markada, and five in Hawayij")
    lent_actors: list[str] = field(default_factory=list)
    lent_kind: tuple[str, str | None, int] | None = None  # and what kind of event that clause told


@dataclass(eq=False)
class Incident:
    type: str
    subtype: str | None
    units: list[Unit]
    event_units: list[Unit]
    place: PlaceMatch | None
    strength: int
    place_in_title: bool = False


@dataclass
class Context:
    nt: NormalisedText
    published: datetime.date | None
    title: str
    language: str


# ------------------------------------------------------------------ entry point
def extract(article: Mapping) -> dict:
    """One article (README format) -> {"article_id", "incidents", "statistics"}."""
    article_id = str(article.get("id") or article.get("article_id") or "")
    text = article.get("text")
    text = text if isinstance(text, str) else ("" if text is None else str(text))
    published = _parse_date(article.get("published"))
    title = article.get("title") if isinstance(article.get("title"), str) else ""
    ctx = Context(normalise(text), published, _N(title or "").strip(), str(article.get("language") or ""))
    units = _units(ctx)
    incidents, statistics = _segment(ctx, units)
    return {
        "article_id": article_id,
        "incidents": [_incident_dict(ctx, inc, incidents) for inc in incidents],
        "statistics": statistics,
    }


def _parse_date(value: object) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str) and value.strip():
        try:
            return datetime.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


# ------------------------------------------------------------------ units
def _content_lines(ctx: Context) -> list[Span]:
    """Lines of the article that are prose, not page furniture.

    Short unpunctuated lines are headlines, bylines and captions at the top,
    related-article titles at the bottom; between two prose lines a short
    unpunctuated line of eight words or more is still prose (scrapers drop
    final stops), unless it looks like a photo caption.
    """
    text = ctx.nt.text
    candidates: list[tuple[Span, str, bool]] = []  # span, line, is_prose
    pos = 0
    seen: set[str] = set()
    for raw in text.split("\n"):
        begin, end = pos, pos + len(raw)
        pos = end + 1
        line = " ".join(raw.split())
        if not line:
            continue
        if line in seen or (ctx.title and line.strip(' ".') == ctx.title.strip(' ".')):
            continue
        seen.add(line)
        words = len(line.split())
        if _BOILER_LINE.search(line) or words <= 3:
            continue
        prose = words >= 20 or bool(_TERMINAL.search(line))
        span = Span(begin + (len(raw) - len(raw.lstrip())), end)
        candidates.append((span, line, prose))
    prose_at = [i for i, (_, _, prose) in enumerate(candidates) if prose]
    if not prose_at:
        return []
    first, last = prose_at[0], prose_at[-1]
    lines = []
    for i, (span, line, prose) in enumerate(candidates):
        if prose or (first < i < last and len(line.split()) >= 8 and not _CAPTION.search(line)):
            lines.append(span)
    return lines


_CAPTION = re.compile(_N(r"\)\s*$|^(?:صوره|الصوره|ارشيفيه|photo|image|file photo)"))


def _units(ctx: Context) -> list[Unit]:
    text = ctx.nt.text
    units: list[Unit] = []
    for line in _content_lines(ctx):
        for sentence in split_text(text, line.start, line.end):
            first = True
            for clause in split_clauses(text, sentence):
                units.append(
                    Unit(
                        len(units),
                        clause.start,
                        clause.end,
                        text[clause.start : clause.end],
                        first,
                    )
                )
                first = False
    if not units:
        return units
    _bucket(units, find_triggers(text), "triggers")
    actors = [
        a
        for a in _disambiguated(find_actors(text), ctx.published, text)
        if not _BUILDING_BEFORE.search(text, max(0, a.start - 14), a.start) and not _in_dateline(text, a)
    ]
    persons = [_PersonSpan(s, e) for s, e in find_persons(ctx.nt, 0, len(text))]
    _bucket(units, actors, "actors")
    _bucket(units, persons, "persons")
    places = _usable_places(ctx.nt, actors, persons)
    _bucket(units, places, "places")
    _bucket(units, find_counts(text), "counts")
    # A weekday inside a place name ("كسرة شيخ الجمعة") is not a date.
    _bucket(
        units, [d for d in find_dates(text, ctx.published) if not _inside_place(d, places, text)], "dates"
    )
    _bucket(units, find_numbers(text), "numbers")
    return _split_distributive(units)


# "A terrorist was arrested in Markada, and five others in Hawayij", "killed eight in Rutba and
# two in Lake Hamrin", "اعتقال 3 في البصيرة و2 في الشحيل": one verb, two places, two events.
_DISTRIBUTIVE = re.compile(
    r"(?:,\s*|\s)(?:and\s+|و\s*)(?=(?:[0-9]+|two|three|four|five|six|seven|eight|nine|ten|another|"
    + "|".join(_N(w) for w in ("اثنين", "اثنان", "ثلاثة", "أربعة", "خمسة", "ستة", "سبعة", "ثمانية", "تسعة",
                              "عشرة", "آخر", "آخرين", "ثالث"))
    + r")(?!\w)[^.;]{0,40}?(?:\s(?:in|at)\s|\sفي\s|\sب))"
)


_ONE_MORE = frozenset({"another", _N("آخر"), _N("ثالث")})


def _split_distributive(units: list[Unit]) -> list[Unit]:
    out: list[Unit] = []
    for unit in units:
        parts = [unit]
        trigger = next((t for t in unit.triggers if t.strength == 2), None) or next(iter(unit.triggers), None)
        matches = list(_DISTRIBUTIVE.finditer(unit.text)) if len(unit.places) >= 2 and unit.counts else []
        if matches and trigger is not None and not _is_statistic(unit):
            for m in matches:
                cut = unit.start + m.start()
                head, tail = parts[-1], _sub_unit(parts[-1], cut)
                head_places = [p for p in head.places if p.start < cut]
                head_count = next((c for c in head.counts if c.value and c.start < cut), None)
                if head_count is not None and not tail.counts:
                    # "and two in Lake Hamrin": the number counts what the head's verb counted
                    lead = unit.start + m.end()
                    word = re.match(r"[0-9]+|\w+", unit.text[m.end() :])
                    value = (1 if word.group() in _ONE_MORE else parse_number(word.group())) if word else None
                    if value:
                        end = lead + len(word.group())
                        tail.counts.append(replace(head_count, start=lead, end=end, value=value))
                if not (
                    cut > trigger.end
                    and head_count is not None
                    and any(c.value for c in tail.counts)
                    and _apart(head_places, tail.places)
                ):
                    continue
                parts[-1] = _sub_unit(head, head.start, cut)
                tail.sentence_start = False
                tail.lent_actors = [a.actor for a in head.actors if not a.weak]
                tail.lent_kind = _classify(parts[-1])
                if tail.lent_kind is None:
                    parts[-1] = head
                    continue
                parts.append(tail)
        out.extend(parts)
    # ", and five others in Hawayij" cut off as a clause of its own: it shares the verb before it
    for previous, unit in zip(out, out[1:], strict=False):
        m = _DISTRIBUTIVE.match(unit.text)
        if (
            m is None
            or unit.triggers
            or not previous.triggers
            or not any(c.value for c in previous.counts)
            or not _apart(previous.places, unit.places)
        ):
            continue
        kind = _classify(previous)
        if kind is not None:
            unit.lent_kind = kind
            unit.lent_actors = previous.lent_actors or [a.actor for a in previous.actors if not a.weak]
    for i, unit in enumerate(out):
        unit.index = i
    return out


def _apart(first: list[PlaceMatch], second: list[PlaceMatch]) -> bool:
    """Both parts name a precise place, and no place of one is a place of the other."""
    return (
        any(_specific(p) for p in first)
        and any(_specific(p) for p in second)
        and not any(_same_place(a, b) for a in first for b in second)
    )


def _sub_unit(unit: Unit, lo: int, hi: int | None = None) -> Unit:
    """The part of ``unit`` from ``lo`` to ``hi`` with the mentions that start inside it."""
    hi = unit.end if hi is None else hi

    def inside(items: list) -> list:
        return [m for m in items if lo <= m.start < hi]

    return Unit(
        unit.index,
        lo,
        hi,
        unit.text[lo - unit.start : hi - unit.start],
        unit.sentence_start and lo == unit.start,
        inside(unit.triggers),
        inside(unit.actors),
        inside(unit.places),
        inside(unit.counts),
        inside(unit.dates),
        inside(unit.numbers),
        inside(unit.persons),
    )


# "قوى الأمن الداخلي" is the Asayish in the north-east, but also the Syrian interior
# ministry's police since 2025: an article about the ministry that never names the SDF
# or the Asayish themselves means the ministry's.
_SHARED_SECURITY_ALIASES = frozenset(
    _N(a)
    for a in (
        "قوى الأمن الداخلي", "قوات الأمن الداخلي", "قوى الأمن", "الأمن الداخلي", "قيادة الأمن الداخلي",
        "internal security forces",
    )
)


# "أمام فرع الأمن الداخلي": the building names a place, not a party to the event
_BUILDING_BEFORE = _rx(r"(?:فرع|مقر|مبني|مركز)\s+(?:ل|ال)?$")


def _in_dateline(text: str, mention: ActorMention) -> bool:
    """ "الحسكة (زمان التركية) -": the outlet in a dateline's parentheses is not a party."""
    line_start = text.rfind("\n", 0, mention.start) + 1
    if mention.start - line_start > 40:
        return False
    head = text[line_start : mention.start]
    return "(" in head and ")" not in head and ")" in text[mention.end : mention.end + 15]


# The interior ministry's police took the name in government areas after December 2024.
_NEW_SYRIAN_POLICE = datetime.date(2025, 1, 1)


# where "قوى الأمن الداخلي" still means the Asayish whoever else is named
_NORTH_EAST = _rx(
    r"الحسكه|القامشل\w*|الهول|(?<!\w)روج|الرقه|الطبقه|كوباني|عين العرب|منبج|الشدادي|المالكيه|عامودا|"
    r"الدرباسيه|تل تمر|الادار\w* الذاتيه|hasakah|qamishli|al-hol|raqqa|kobani"
)


def _disambiguated(
    actors: list[ActorMention], published: datetime.date | None = None, text: str = ""
) -> list[ActorMention]:
    names = [a.actor for a in actors if not a.weak]
    recent = published is not None and published >= _NEW_SYRIAN_POLICE and not _NORTH_EAST.search(text)
    if "syrian_gov" not in names and not (recent and "asayish" in names and "sdf" not in names):
        return actors
    if names.count("sdf") >= names.count("syrian_gov") and not (recent and "sdf" not in names):
        return actors  # the SDF's own area and forces are the subject
    if any(a.actor == "asayish" and _N(a.alias) not in _SHARED_SECURITY_ALIASES for a in actors):
        return actors  # "الأسايش" named as such
    return [
        replace(a, actor="syrian_gov") if a.actor == "asayish" and not a.weak else a for a in actors
    ]


_NAME_LINK = re.compile(_N(r"\s+(?:شيخ|الشيخ|ابو|ام|بني|سوق|جسر)\s+$"))


def _inside_place(mention: DateMention, places: list[PlaceMatch], text: str) -> bool:
    """Overlaps a place name, or continues one ("قرية كسرة شيخ الجمعة")."""
    for place in places:
        if place.name_start <= mention.start < place.end:
            return True
        if 0 <= mention.start - place.end <= 12 and _NAME_LINK.fullmatch(text[place.end : mention.start]):
            return True
    return False


def _bucket(units: list[Unit], items: list, attr: str) -> None:
    """Assign each mention to the unit that contains its start (units are sorted)."""
    index = 0
    for item in sorted(items, key=lambda m: m.start):
        while index < len(units) and units[index].end <= item.start:
            index += 1
        if index == len(units):
            break
        if units[index].start <= item.start < units[index].end:
            getattr(units[index], attr).append(item)


_OUTLET_BEFORE = _rx(r"(?:شبكه|وكاله|قناه|صحيفه|منصه|موقع|اذاعه|اخبار|مجلس|المجلس|network|agency)\s*\W?\s*$")
_DIRECTION_BEFORE = _rx(
    r"(?:شمال|جنوب|شرق|غرب)\w*(?: (?:شرق|غرب)\w*)?\s+(?:مدينه\s+|محافظه\s+|العاصمه\s+)?$"
    r"|(?:north|south|east|west)\w*(?: of)?\s+$"
)
_QUALIFIER_AFTER = re.compile(
    r"\s*(?:,\s*)?(?:في\s+|ب|in\s+|ضمن\s+(?:قاطع\s+)?(?:قياده\s+)?(?:عمليات\s+)?)?(?:ال)?"
    r"(?:ريف|محافظه|قضاء|ناحيه|باديه|شرق\w*|غرب\w*|شمال\w*|جنوب\w*|countryside|province|"
    r"(?<=عمليات )|(?<=قاطع ))"
)
_FOREIGN = frozenset(_N(w) for w in ("لبنان", "تركيا", "الأردن", "إيران", "فلسطين", "بلجيكا", "بنان"))
_METONYM_BEFORE = _rx(
    r"(?:موال\w*|الموال\w*|مقرب\w* من|حكومه|الحكومه في|سلطات|تابع\w* ل|المدعوم\w* من|loyal to|backed by)"
    r"\s*ل?$"
)
_PLANNED_TARGET_BEFORE = _rx(
    r"(?:تعتزم|تنوي|ينوي|يعتزم|تخطط|يخطط|كانت ستنفذ|planned|planning|plotting)\s+(?:\S+\s+){0,5}?"
    r"(?:يستهدف|تستهدف|يستهدفان|لاستهداف|استهداف|ضد|في|targeting|against|in)\s+(?:\S+\s+)?$"
)
_DISTANCE_BEFORE = _rx(
    r"\d+\s*(?:كم|كيلو\w*|km|kilomet\w*|miles?)\s+(?:\w+\s+)?(?:(?:شمال|جنوب|شرق|غرب)\w*|"
    r"(?:north|south|east|west)\w*(?: of)?)\s*(?:\w+\s+)?$"
)
_DESTINATION_BEFORE = _rx(
    r"(?:متجه\w*|متوجه\w*|في طريق\w*|قادم\w*|عائد\w*) (?:الي|نحو|صوب|من)\s+(?:\w+\s+)?$|"
    r"(?:heading|headed|on (?:their|his|its) way|travell?ing|returning) (?:to|towards?|from)\s+"
    r"(?:the )?(?:\w+ of )?$"
)
# "ERBIL (Kurdistan 24) –", "بغداد 16 أغسطس 2025 (شينخوا)": the dateline, not the event's place
_DATELINE_AFTER = re.compile(r"[^\n]{0,30}?\s[–—-]\s|[^\n(]{0,30}?\([^()\n]{2,30}\)")


# '"بغداد اليوم"', "دير الزور 24": outlets named after a place
_OUTLET_TAIL = re.compile(
    r"\s*(?:اليوم|بوست|نيوز|تايمز|الان|today|post|news|24)\s*[\"»”]|\s+24(?![\w\s]*(?:ساعه|كم|km))"
)


def _outlet_name(text: str, place: PlaceMatch) -> bool:
    tail = _OUTLET_TAIL.match(text, place.end)
    if tail is None:
        return False
    quoted = text[max(0, place.start - 3) : place.start].rstrip()[-1:] in ('"', "«", "“")
    return quoted or tail.group().lstrip().startswith("24")


def _usable_places(
    nt: NormalisedText, actors: list[ActorMention], persons: list[_PersonSpan]
) -> list[PlaceMatch]:
    """Gazetteer places minus organisation/outlet names, person names and datelines."""
    text = nt.text
    blocked = bytearray(len(text) + 1)
    for s, e in [(a.start, a.end) for a in actors if not a.weak] + [(p.start, p.end) for p in persons]:
        blocked[s:e] = b"\x01" * (e - s)
    out: list[PlaceMatch] = []
    places = Gazetteer.default().find(text)
    for i, place in enumerate(places):
        if any(blocked[place.name_start : place.end]):
            continue
        if _OUTLET_BEFORE.search(text[max(0, place.start - 12) : place.start]) or _outlet_name(text, place):
            continue
        word_start = place.name_start
        while word_start > 0 and text[word_start - 1].isalpha():
            word_start -= 1
        word_end = place.end
        while word_end < len(text) and text[word_end].isalpha():
            word_end += 1
        if text[word_start:word_end] in _FOREIGN or text[place.name_start : place.end] in _FOREIGN:
            continue  # "لبنان" is not ل + a place called بنان
        before = text[max(0, place.start - 25) : place.start]
        if place.kind == "city" and _METONYM_BEFORE.search(before):
            continue  # "مسلحين موالين لدمشق", "حكومة بغداد": the government, not the city
        if place.start == place.name_start and is_kunya(text[place.name_start : place.end]):
            continue  # "والي العراق المعروف بأبو بكر": a person's kunya, not the village of that name
        if _PLANNED_TARGET_BEFORE.search(text[max(0, place.start - 60) : place.start]):
            continue  # "خلية كانت تعتزم تنفيذ هجوم يستهدف العاصمة دمشق": a target that was spared
        if _DISTANCE_BEFORE.search(before):
            continue  # "(400 كيلومتر شمال بغداد)": a reference point, not the event's place
        if _DESTINATION_BEFORE.search(before):
            continue  # "متجهاً نحو هجين", "heading to the city of Hasakah": not where it happened
        line_start = text.rfind("\n", 0, place.start) + 1
        if line_start == 0 and _DATELINE_AFTER.match(text, place.end) and (
            place.start < 3 or _upper_head(nt, place.end)
        ):
            continue  # "ERBIL (Kurdistan 24) –", "NORTH AND EAST SYRIA —": the dateline
        place = _qualified(text, place, places[i + 1 :])
        out.append(place)
    return out


# "حي اللطوة ببلدة ذيبان", "al-Jala'a Farm, northern countryside of Raqqa": the next place qualifies
# this one only when at most a word is between, not a clause ("طوز خورماتو، هاجم داعش قرية ...")
_BARE_GAP = re.compile(r"\S{0,3}(?:\s+\w+)?\s*,?\s*(?:في|ب|من|قرب|in|near)?\s*")


def _upper_head(nt: NormalisedText, end: int) -> bool:
    """The article opens with capitals up to ``end`` ("NORTH AND EAST SYRIA")."""
    head = nt.original_span(0, end)
    return len(head) < 40 and head.isupper()


def _km(a: PlaceMatch, b: PlaceMatch) -> float:
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return 0.0
    dlat = (a.lat - b.lat) * 111.0
    dlon = (a.lon - b.lon) * 111.0 * math.cos(math.radians((a.lat + b.lat) / 2))
    return math.hypot(dlat, dlon)


def _qualified(text: str, place: PlaceMatch, later: list[PlaceMatch]) -> PlaceMatch:
    """Apply the qualifier the text writes next to a place.

    "شمالي دير الزور" points near a city, not at it; "X بريف Y" / "X شرقي Y" puts X in
    Y's governorate, so a homonym resolved elsewhere gives way to the text.
    """
    if place.precision == "exact" and _DIRECTION_BEFORE.search(text[max(0, place.start - 20) : place.start]):
        place = replace(place, precision="district")
    if place.precision in ("district", "region") and later and place.admin1:
        # "وادي الثرثار بمحافظة الأنبار": an area on a boundary lies where the text says
        nxt = later[0]
        if (
            nxt.precision == "governorate"
            and nxt.admin1
            and nxt.admin1 != place.admin1
            and len(text[place.end : nxt.start]) < 25
            and _QUALIFIER_AFTER.match(text, place.end)
            and _km(place, nxt) < 250
        ):
            place = replace(place, admin1=nxt.admin1)
    village_named = place.head in ("قريه", "بلده", "مزرعه") and place.kind in ("subdistrict", "district")
    if (place.precision == "exact" or village_named) and later:
        # "قرية الحصان غربي دير الزور" is a village there, whatever sub-district shares the name
        nxt = later[0]
        gap = text[place.end : nxt.start]
        if (
            nxt.admin1
            and place.admin1
            and nxt.admin1 != place.admin1
            and len(gap) < 25
            and (
                _QUALIFIER_AFTER.match(text, place.end)
                or (nxt.start != nxt.name_start and _BARE_GAP.fullmatch(gap))
                or _DIRECTION_BEFORE.search(text[max(0, nxt.start - 20) : nxt.start])
            )
        ):
            if _km(place, nxt) > (
                60 if nxt.precision == "exact" else 150
            ):  # a homonym far away: keep the name, drop the point
                place = replace(
                    place, admin1=nxt.admin1, admin2=None, lat=None, lon=None, resolved=False, place_id=None
                )
            else:  # a border area: the text's governorate wins
                place = replace(place, admin1=nxt.admin1)
    return place


# ------------------------------------------------------------------ unit analysis
_HEADCOUNT = _rx(
    r"(?<!\w)(?:عدد|حصيله)\s+(?:ال)?\w+.{0,160}?(?:ممن|الذين|اللواتي)\s|the number of \w+ (?:who|killed)"
)


def _is_statistic(unit: Unit) -> bool:
    ops = _ops_numbers(unit)
    if _HEADCOUNT.search(unit.text) and any((c.value or 0) >= 20 for c in unit.counts):
        return True  # "بلغ عدد المقاتلين والمدنيين ممن اغتيلوا منذ مطلع العام 379"
    if not ops:
        if _STRONG_PERIOD.search(unit.text) and any(c.value for c in unit.counts):
            return True  # "أحصى المرصد منذ مطلع العام مقتل 45 شخصا"
        if _YEAR_SO_FAR.search(unit.text) and max((c.value or 0 for c in unit.counts), default=0) >= 10:
            return True  # "A total of 42 people have been killed in the camp this year"
        if any(d.precision == "day" for d in unit.dates) or _ONE_EVENT_TOLL.search(unit.text):
            return False  # "ارتفعت حصيلة هجمات ليلة أمس إلى 10 قتلى", "حصيلة الهجوم": one event's toll
        return bool(
            _PERIOD.search(unit.text)
            and _TALLY_WORD.search(unit.text)
            and any(c.value for c in unit.counts)
        )
    if _PERIOD.search(unit.text):
        return True
    if any(
        d.precision == "day" and d.start < ops[0].start and not _is_announcement(unit, d) for d in unit.dates
    ):
        return False  # "الثلاثاء الماضي دمر طيران التحالف 39 وكراً بـ 18 ضربة": one day's strikes
    best = _best_place(unit.places)
    many = max(n.value or 0 for n in ops) >= 5
    return many and (best is None or best.precision in ("country", "region", "governorate"))


_PURPOSE_BEFORE = _rx(
    r"(?<!\w)(?:لشن|بهدف|لتنفيذ|تخطط\w*|يخطط|التخطيط|تنوي|ينوي|نيه|لاي|اي|"
    r"(?<!\w)to|planning|plotting|plans? to|aimed at|any|surge in|increase in|rise in|wave of|تصاعد|زياده|"
    r"ارتفاع)\s+(?:\w+\s+)?$|خليه ال$|(?:cell|unit) for $"
)


_JUDICIAL = _rx(
    r"حكم (?:ال)?اعدام|احكام (?:ال)?اعدام|بالاعدام|شنقا|مدان\w*|محكوم\w*|وزاره العدل|محكمه|القضاء العراقي|"
    r"death sentence|sentenced|convicted|court|hanged|ministry of justice"
)
_EXECUTION = _rx(r"(?:اعدم\w*|عمليه اعدام|executed)")
# "repatriate more than 9,000 ISIS detainees": people held for years, not an arrest
_DETENTION_STOCK = _rx(
    r"repatriat\w*|detention (?:facilit|centre|center|camp)\w*|(?:اعاده|ترحيل|استعاده) (?:ال)?"
    r"(?:محتجز|معتقل|مواطن|رعايا)\w*|مراكز (?:ال)?احتجاز|(?:ال)?محتجزين في (?:ال)?(?:سجون|مخيمات|مراكز)"
)
_ISIS_ATTACKED = _rx(
    r"(?:هجوم\w*|هجمات|اعتداء\w*)\s+(?:\S+\s+){0,2}?(?:نفذ\w*|شن\w*|قام\w* به\w*)\s+(?:\S+\s+){0,3}?"
    r"(?:داعش|(?:ال)?تنظيم)|(?:شن|نفذ|هاجم)\w*\s+(?:عناصر|خلايا|مسلحو|مسلحي)?\s*(?:من\s+)?(?:تنظيم\s+)?داعش"
)
_CAPTURE = _rx(r"(?:[وب]?اسر\w*|[وب]?اختطاف|captur\w*)")
_CIRCUMSTANCE_BEFORE = _rx(r"(?:خلال|اثناء|اثناء تنفيذ|في اثناء|لدي|during|while)\s+(?:ال)?$")
# "عثر على جثة", "مقتولاً", "ذبحاً": a body found retells a killing, it does not tell an attack
_FOUND_DEAD = _rx(r"(?:[وبل]?(?:ال)?جث\w*|مقتول\w*|ذبح\w*|مقطوع\w* الراس)$")


def _tells_attack(unit: Unit, trigger: Trigger) -> bool:
    """The trigger tells the attack itself, not a body found or an abduction retelling a killing."""
    lo, hi = trigger.start - unit.start, trigger.end - unit.start
    return trigger.subtype != "abduction" and not _FOUND_DEAD.match(unit.text, lo, hi)


def _classify(unit: Unit) -> tuple[str, str | None, int] | None:
    """(type, subtype, strength) of the event a unit reports, or None."""
    if unit.lent_kind is not None:
        return unit.lent_kind
    text = unit.text
    trig = [
        t
        for t in unit.triggers
        if not _PURPOSE_BEFORE.search(text[max(0, t.start - unit.start - 25) : t.start - unit.start])
    ]
    executions = [t for t in trig if _EXECUTION.match(text, t.start - unit.start)]
    if executions and _JUDICIAL.search(text):
        # "نفذت وزارة العدل حكم الإعدام بحق 13 مداناً": a court's sentence, not an ISIS execution
        trig = [t for t in trig if t not in executions]
    if not trig or _DETENTION_STOCK.search(text):
        return None
    has_number = any(c.value for c in unit.counts)
    dated = any(m.precision == "day" for m in unit.dates)
    if _BACKGROUND_START.search(text) and not has_number:
        # "يشار إلى أنه يوم الإثنين الماضي نفذت قوات التحالف عملية إنزال في قرية ..." is an
        # earlier event told with its day and village: still an incident.
        recalled = (
            _RECALL_START.search(text)
            and any(p.precision == "exact" for p in unit.places)
            and _names_a_day(unit)
        )
        if not (recalled and any(t.strength == 2 for t in trig)):
            return None
    if _NON_EVENT.search(text) and not ((has_number or dated) and unit.places):
        return None
    ops = [t for t in trig if t.type in _OP_TYPES]
    attacks = [t for t in trig if t.type == "attack"]
    strong_ops = [t for t in ops if t.strength == 2 and t.type != "clash"]
    if ("داعش" in text or "تنظيم" in text) and _ISIS_ATTACKED.search(text):
        # "هجوم نفذه عناصر من داعش ... بالإضافة إلى أسر عنصرين": ISIS took the captives
        strong_ops = [t for t in strong_ops if not _CAPTURE.match(text, t.start - unit.start)]
        ops = [t for t in ops if not _CAPTURE.match(text, t.start - unit.start)]
    if any(t.subtype in ("ied", "suicide", "ambush") for t in trig):
        # "انفجرت عبوة على قوة خلال عملية تفتيش": the search is when it happened, the IED is the event
        strong_ops = [
            t
            for t in strong_ops
            if not _CIRCUMSTANCE_BEFORE.search(text, max(0, t.start - unit.start - 14), t.start - unit.start)
        ]
    agents = {a.actor for a in unit.actors if not a.weak}
    subtype = next((t.subtype for t in trig if t.subtype), None)
    if any(t.subtype == "airborne_raid" for t in ops):
        return "raid", "airborne_raid", 2
    if strong_ops:
        for kind in ("sweep", "airstrike", "raid"):
            hits = [t for t in strong_ops if t.type == kind]
            if hits:
                sub = next((t.subtype for t in ops if t.subtype), None)
                return kind, sub, 2
    strong_attacks = [t for t in attacks if t.strength == 2 and not _isis_is_object(unit, t)]
    # attacks the text tells (a body found or an abduction retells a killing)
    told_attacks = [t for t in strong_attacks if _tells_attack(unit, t)]
    if (
        "isis" in agents
        and _CLAIM.search(text)
        and any(c.kind in ("killed", "injured") for c in unit.counts)
        and not _isis_is_object_any(unit)
    ):
        operation_subtype = subtype in ("airborne_raid", "cell_dismantled", "foiled_plot")
        return "attack", (None if operation_subtype else subtype), 2
    only_isis_killed = _isis_members_killed(unit) and not _civilian_or_force_victim_named(unit)
    if attacks and not strong_ops and only_isis_killed:
        # "أسفرت عن قتل قياديين اثنين من داعش", "قصف الجيش مخابئ للتنظيم ما أسفر عن مقتل خمسة
        # من مقاتليه": ISIS members killed and nobody else is an operation against ISIS
        kind = "airstrike" if _AERIAL.search(text) else "raid"
        return kind, None, 2
    if _FORCES_SUCCEEDED.search(text) and "unknown" not in agents:
        # "تمكنت قواته من قتل 17 مقاتلا": the forces' own operation, whatever it is called
        return (ops[0].type, ops[0].subtype, 2) if ops else ("raid", None, 2)
    if strong_attacks and not strong_ops and (_CAUSE_START.match(text) or _ANOTHER_ATTACK.search(text)):
        # "بعد اعتداءين إرهابيين استهدفا حاجزا ...": the attack that led to what was told before
        return "attack", next((t.subtype for t in strong_attacks if t.subtype), None), 2
    if not strong_ops and not strong_attacks and attacks and ops:
        first = _first_agent(unit)
        if first in COUNTER_ISIS:
            return ops[0].type, ops[0].subtype, 1
    if (
        not strong_ops
        and not strong_attacks
        and attacks
        and _first_agent(unit) in COUNTER_ISIS
        and "unknown" not in agents
    ):
        return "raid", None, 1  # "نفذوا عملية ... وقتلوا قيادياً": forces killed an ISIS member
    perpetrator = "isis" in agents or "unknown" in agents or _civilian_or_force_victim(unit)
    inherent = any(
        t.subtype in ("ied", "suicide", "ambush", "assassination", "prison_attack") for t in strong_attacks
    )
    if strong_attacks and (perpetrator or inherent):
        sub = next((t.subtype for t in strong_attacks if t.subtype), None)
        return "attack", sub, 2
    if (
        told_attacks
        and any(c.kind in ("killed", "injured") for c in unit.counts)
        and _CIVILIAN_VICTIM.search(text)
    ):
        return "attack", None, 2  # "أصيب عدد من الموظفين إثر إطلاق النار عليهم": civilians shot
    if any(t.type == "clash" for t in ops):
        return ("attack", subtype, 2) if strong_attacks and "isis" in agents else ("clash", None, 2)
    if (
        told_attacks
        and not ops
        and any(c.kind in ("killed", "injured") and c.value for c in unit.counts)
        and _first_agent(unit) not in COUNTER_ISIS
    ):
        # "الهجوم المسلح الذي استهدف قرية الرشاد وأوقع 11 قتيلاً": an attack told by its toll
        return "attack", next((t.subtype for t in told_attacks if t.subtype), None), 2
    if attacks and (
        ("isis" in agents or "unknown" in agents) and has_number or _first_agent(unit) in ("isis", "unknown")
    ):
        return "attack", subtype, 1
    if (
        not ops
        and any(_tells_attack(unit, t) for t in attacks)
        and any(c.kind in ("killed", "injured") and c.value for c in unit.counts)
        and any(p.precision == "exact" for p in unit.places)
        and _first_agent(unit) not in COUNTER_ISIS
    ):
        return "attack", subtype, 1  # "The incident in Diyala's Miqdadiyah saw the killing of 15 people"
    if ops:
        return ops[0].type, ops[0].subtype, 1
    return None


_ANY_DAY = datetime.date(2000, 1, 1)


def _names_a_day(unit: Unit) -> bool:
    """The clause dates its event to a day (resolved or not: the article may have no date)."""
    if any(m.precision == "day" for m in unit.dates):
        return True
    return bool(unit.dates) and any(m.precision == "day" for m in find_dates(unit.text, _ANY_DAY))


def _first_agent(unit: Unit) -> str | None:
    """The first organisation named in a clause that is not a quoted source: usually its subject."""
    for mention in unit.actors:
        before = unit_text_before(unit, mention.start, 30)
        if mention.weak or _SOURCE_BEFORE.search(before):
            continue
        if _MEMBER_BEFORE.search(before):
            return None  # "قتل عنصران من قسد": the force is the victim, not the subject
        return mention.actor
    return None


_AGENT_LINK = _rx(r"(?<!\w)(?:شن\w*|نفذ\w*|من قبل|علي يد|by|carried out|launched)(?!\w)|لعناصر|لمسلحي|لخلايا")
_MEMBER_BEFORE = _rx(
    r"(?:عنصر\w*|عناصر|مقاتل\w*|جندي\w*|جنود|منتسب\w*|افراد|members? of|fighters? of)\s*(?:من|في)?\s*$"
)


def _isis_is_object(unit: Unit, trigger: Trigger) -> bool:
    """ "قسد ... استهدفت خلايا داعش": forces targeting ISIS is an operation, not an ISIS attack."""
    after = [a for a in unit.actors if not a.weak and trigger.end <= a.start <= trigger.end + 40]
    if not after or after[0].actor != "isis":
        return False
    if after[0].start - trigger.end <= 3:
        return False  # "هجوم لتنظيم داعش", "هجمات داعش": ISIS is the attacker
    between = unit.text[trigger.end - unit.start : after[0].start - unit.start]
    if _AGENT_LINK.search(between):
        return False  # "هجوم مسلح شنه عناصر من داعش": ISIS carried it out
    trigger_text = unit.text[trigger.start - unit.start : trigger.end - unit.start]
    if _ATTACKER_TRIGGER.search(trigger_text) and re.fullmatch(r"\W*(?:من|تابع\w* ل|ل|from)\W*", between):
        return False  # "بنيران قناص من داعش": the sniper was ISIS's
    before = [a for a in unit.actors if not a.weak and a.end <= trigger.start]
    later_forces = [
        a
        for a in unit.actors
        if a.start > after[0].end
        and a.actor in COUNTER_ISIS
        and not a.weak
        and not _PARTICIPATION.search(unit_text_before(unit, a.start, 40))  # "... بدعم من التحالف"
    ]
    return bool(before) and before[-1].actor in COUNTER_ISIS and not later_forces


_ATTACKER_TRIGGER = _rx(r"قناص|انتحاري|مفخخ|sniper|suicide")
_FORCE_NOUN = _rx(
    r"(?<!\w)(?:منتسب\w*|جندي\w*|جنود|عسكري\w*|شرطي\w*|شرطه|موقعا عسكريا|نقطه عسكريه|ثكنه|"
    r"soldiers?|troops|policem[ae]n|police officers?|servicem[ae]n)(?!\w)"
)


# "وهجوم آخر استهدف حاجزا ...": one more of the attacks just told, by the same hand
_ANOTHER_ATTACK = _rx(r"(?<!\w)(?:و)?(?:هجوما|هجوم|استهداف|اعتداء) (?:ثانيا|ثان|اخر|مماثل)(?!\w)")
_FORCES_SUCCEEDED = _rx(
    r"(?:قوات\w*|القوات|قطعات\w*|الوحدات|وحدات|مفارز\w*|مفرز\w*|ابطال|القوه|قوه)(?:\s+\w+){0,3}\s+"
    r"(?:تمكن\w*|نجح\w*|استطاع\w*)\s+من\s+(?:قتل|اعتقال|القاء القبض|تدمير|تحييد|الاطاحه|اسر)|"
    r"(?:تمكن\w*|نجح\w*)\s+(?:قوات\w*|القوات|قطعات\w*|الوحدات|مفارز\w*)(?:\s+\w+){0,3}\s+من\s+"
    r"(?:قتل|اعتقال|القاء القبض|تدمير|تحييد|الاطاحه|اسر)"
)


_AERIAL = _rx(r"قصف|غار\w*|ضرب\w* جوي\w*|طائر\w*|طيران|مسير\w*|air\s?strike|drone|bomb\w*")
_ISIS_VICTIM = _rx(
    r"^\W*(?:من\s+)?(?:عناصر|مقاتلي|قاده|قياديي|امراء|افراد|اعضاء)?\s*(?:تنظيم|التنظيم|داعش|عصابات)"
)


def _isis_members_killed(unit: Unit) -> bool:
    """Every killed count of the clause is of ISIS members ("مقتل 5 من مقاتلي التنظيم")."""
    killed = [c for c in unit.counts if c.kind == "killed" and c.value]
    if not killed:
        return False
    for count in killed:
        after = unit.text[count.end - unit.start : count.end - unit.start + 30]
        if not (_victim_group(unit, count) == "isis" or _ISIS_VICTIM.search(after)):
            return False
    return True


def _civilian_or_force_victim_named(unit: Unit) -> bool:
    return any(
        c.kind in ("killed", "injured") and _victim_group(unit, c) in COUNTER_ISIS | {"civilians"}
        for c in unit.counts
    )


def _isis_is_object_any(unit: Unit) -> bool:
    return any(_isis_is_object(unit, t) for t in unit.triggers)


def _civilian_or_force_victim(unit: Unit) -> bool:
    """Forces killed or wounded: an attack on them ("مقتل 11 منتسبا في الجيش")."""
    if not any(c.kind in ("killed", "injured") for c in unit.counts):
        return False
    named = any(a.actor in COUNTER_ISIS for a in unit.actors if not a.weak)
    return named or bool(_FORCE_NOUN.search(unit.text))


def _best_place(places: list[PlaceMatch]) -> PlaceMatch | None:
    places = _consistent(places)
    if not places:
        return None
    # a place the gazetteer knows beats a name it lacks at the same level ("نقطة العرقوب في بلدة السوسة")
    return min(places, key=lambda p: (_rank(p), _bare_capital(p), not p.resolved, places.index(p)))


def _bare_capital(place: PlaceMatch) -> bool:
    """ "في دير الزور" without "مدينة": likely the governorate, so any named town comes first."""
    return place.kind == "city" and place.head is None and _N(place.name) in _CAPITALS


def _rank(place: PlaceMatch) -> float:
    # "وادي حوران في صحراء الأنبار": a named area inside a governorate is finer than the governorate
    if place.precision == "region" and place.admin1:
        return 1.5
    if place.kind == "subdistrict":
        return 0.9  # "قضاء الدبس ناحية التون كوبري": the sub-district inside the district
    return _PRECISION_RANK.get(place.precision, 5)


_SPEECH_INTRO = _rx(r"^(?:و)?(?:تابع|قال|اضاف|اوضح|اكد|ذكر|اشار)\w*\s*[:,]?\s*\"?\s*")


def _consistent(places: list[PlaceMatch]) -> list[PlaceMatch]:
    """Drop a far-off homonym; a clause spread over several governorates has no one place."""
    located = [p for p in places if p.admin1 and p.precision not in ("region", "country")]
    admins = {p.admin1 for p in located}
    if len(admins) < 2:
        return places
    tally = {a: sum(1 for p in located if p.admin1 == a) for a in admins}
    top = max(tally.values())
    leaders = [a for a, n in tally.items() if n == top]
    if len(leaders) > 1:
        return [p for p in places if p.precision in ("region", "country")]
    main = leaders[0]
    anchors = [p for p in located if p.admin1 == main]
    return [
        p
        for p in places
        if p.admin1 in (None, main)
        or p.precision in ("region", "country")
        or all(_km(p, a) < 150 for a in anchors)
    ]


def _is_marker(unit: Unit) -> bool:
    text = _SPEECH_INTRO.sub("", unit.text, count=1)
    return bool(_MARKER.search(text))


# ------------------------------------------------------------------ place logic
def _same_place(a: PlaceMatch, b: PlaceMatch) -> bool:
    if a.place_id and a.place_id == b.place_id:
        return True
    if _N(a.name) == _N(b.name):
        return True
    if a.lat is not None and b.lat is not None and a.lon is not None and b.lon is not None:
        return abs(a.lat - b.lat) < 0.05 and abs(a.lon - b.lon) < 0.05
    return False


def _specific(place: PlaceMatch | None) -> bool:
    return place is not None and place.precision in ("exact", "district")


def _compatible(new: PlaceMatch, current: PlaceMatch | None, unit: Unit | None = None) -> bool:
    """True when ``new`` may describe the same event as ``current``."""
    if current is None or _same_place(new, current):
        return True
    if unit is not None and any(_same_place(p, current) for p in unit.places):
        return True  # "حي اللطوة ببلدة ذيبان": the clause also names the incident's place
    same_admin = new.admin1 is None or current.admin1 is None or new.admin1 == current.admin1
    if not same_admin and "governorate" in (new.precision, current.precision):
        return False  # "في مطيبيجة" after "ضمن محافظة كركوك": another governorate, another event
    if new.precision != "exact":
        return (
            same_admin or new.precision in ("region", "country") or current.precision in ("region", "country")
        )
    if current.precision != "exact":
        return same_admin or current.precision in ("region", "country")
    return False


# ------------------------------------------------------------------ segmentation
def _segment(ctx: Context, units: list[Unit]) -> tuple[list[Incident], list[dict]]:
    incidents: list[Incident] = []
    statistics: list[dict] = []
    current: Incident | None = None
    lead: Unit | None = None
    in_stat = False
    for unit in units:
        if _is_statistic(unit):
            statistics.extend(_statistics(ctx, unit, statistics))
            in_stat = True
            continue
        kind = _classify(unit)
        place = _best_place(unit.places)
        if in_stat and (kind is None or not _specific(place)) and not _is_marker(unit):
            if statistics and _clashes_with(statistics[-1], unit):
                # "12 killed and 7 detained in Iraq ... in Syria, 1 killed and 14 detained"
                statistics.extend(_statistics(ctx, unit, statistics))
            elif _DETAIL_CONTINUE.search(unit.text) and statistics:
                _fill_statistic(statistics[-1], unit)
            continue
        in_stat = False
        if kind is None:
            if current is not None and unit.index - current.units[-1].index <= 2:
                current.units.append(unit)
                _refine_place(ctx, current, unit)
            continue
        if (
            kind[2] < 2
            and (place is None or place.precision != "exact")
            and not any(c.value for c in unit.counts)
            and not _is_marker(unit)
        ):
            if current is not None and unit.index - current.units[-1].index <= 2:
                current.units.append(unit)
                _refine_place(ctx, current, unit)
            elif current is None:
                lead = unit  # "أطلقت قسد اليوم السبت عملية أمنية شرق سوريا": details follow
            continue
        count = len(incidents)
        current = _place_unit(incidents, current, unit, kind, place)
        if lead is not None and len(incidents) > count and lead.index == unit.index - 1:
            current.units.insert(0, lead)  # the lead lends its date, forces and, if need be, place
            if current.place is None:
                current.place = _best_place(lead.places)
        lead = None
    incidents = _without_vague_leads(_without_series_summaries(incidents))
    _demonstrative_places(incidents, units)
    _anaphoric_places(incidents)
    _title_place(ctx, incidents)
    article_isis = any(a.actor == "isis" for u in units for a in u.actors)
    kept = [
        inc
        for inc in incidents
        if inc.place is not None and _in_scope(inc, article_isis) and not _historical(ctx, inc)
    ]
    return kept, statistics


_IN_BEFORE = _rx(
    r"(?:(?<!\w)في|(?<!\w)ب|(?<!\w)طريق|(?<!\w)قرب|بالقرب من|(?<!\w)in|(?<!\w)at|(?<!\w)near)\s*\W?\s*"
    r"(?:the\s+(?:(?:town|city|village|area|camp|district) of\s+)?)?$"
)


def _refine_place(ctx: Context, incident: Incident, unit: Unit) -> None:
    """ "تمت العملية ... في بلدة الكرامة": a follow-up detail locates a vaguely placed event."""
    current = incident.place
    if current is not None and current.precision == "exact":
        return
    if unit.index - incident.units[-2].index > 1 or _is_marker(unit):
        return
    place = _best_place(unit.places)
    if place is None or not _specific(place) or not _compatible(place, current):
        return
    # from a district or governorate, only to a place inside it: "بريف دير الزور" -> "بلدة أبو خشب"
    if (
        current is not None
        and current.precision in ("district", "governorate")
        and (place.precision != "exact" or place.admin1 != current.admin1)
    ):
        return
    text = ctx.nt.text
    if _IN_BEFORE.search(text[max(0, place.start - 30) : place.start]):
        incident.place = place


# "نفذت خلايا داعش هجومين على ..." announces events the next sentences report one by one.
_SERIES = _rx(
    r"(?<!\w)(?:ب|و)?(?:هجومين|هجمتين|عمليتين|عمليتي|عملتين|ضربتين|غارتين|كمينين|مداهمتين|هجومي|اعتداءين|"
    r"حادثتي|حادثتين|حادثين)(?!\w)|"
    r"(?<!\w)(?:ب)?(?:ثلاث|اربع|خمس)\w* (?:عمليات|هجمات|ضربات|غارات|مداهمات)(?!\w)|"
    r"(?<!\w)(?:two|three|four|five|several) (?:\w+ )?(?:attacks|operations|raids|strikes)(?!\w)"
)


def _without_vague_leads(incidents: list[Incident]) -> list[Incident]:
    """Drop a country-level mention with no toll of its own when the article places the same kind of
    event precisely: "an investigation into the killing ... in Iraq" leads to "the incident in Miqdadiyah"."""
    out = []
    for inc in incidents:
        vague = inc.place is not None and inc.place.precision == "country"
        if vague and not any(c.value for u in inc.units for c in u.counts) and any(
            other is not inc
            and other.place is not None
            and _specific(other.place)
            and (other.type == "attack") == (inc.type == "attack")
            for other in incidents
        ):
            continue
        out.append(inc)
    return out


def _without_series_summaries(incidents: list[Incident]) -> list[Incident]:
    """Drop a vaguely placed summary of a series when two or more of its parts follow."""
    out = []
    for i, inc in enumerate(incidents):
        first = inc.event_units[0]
        if (
            _SERIES.search(first.text)
            and (inc.place is None or inc.place.precision != "exact")
            and sum(
                1
                for later in incidents[i + 1 :]
                if later.place is not None
                and later.place.precision == "exact"
                and (inc.place is None or _compatible(later.place, inc.place))
                and (later.type == "attack") == (inc.type == "attack")
            )
            >= 2
        ):
            continue
        out.append(inc)
    return out


# "غربي المدينة", "في البلدة": the town the article has just named.
_ANAPHORA = _rx(
    r"(?:(?<!\w)في|(?<!\w)ب|(?:شمال|جنوب|شرق|غرب)\w*|مدخل|داخل|اطراف|محيط)\s*"
    r"(?:ال)?(?:مدينه|بلده|البلده|المدينه)"
    r"(?=\s*(?:[,.;:]|$|(?:خلال|في|منذ|امس|اليوم|و)\s))"
)


_DEMONSTRATIVE = _rx(
    r"(?<!\w)(?:هذا|هذه|ذلك|تلك) (?:ال)\w+|(?<!\w)(?:this|that) (?:hideout|site|area|location|position)"
)


def _demonstrative_places(incidents: list[Incident], units: list[Unit]) -> None:
    """ "رصد تحركات في وكر شرقي بحيرة حمرين" then "دكت الطائرات هذا الوكر": the place just named."""
    for inc in incidents:
        first = inc.event_units[0]
        if inc.place is not None or first.index == 0 or not _DEMONSTRATIVE.search(first.text):
            continue
        previous = units[first.index - 1]
        place = _best_place(previous.places)
        if place is not None and _specific(place) and not any(previous in other.units for other in incidents):
            inc.place = place
            inc.units.insert(0, previous)


def _anaphoric_places(incidents: list[Incident]) -> None:
    """An unplaced event "west of the city" happened in the town of the incident before it."""
    named: PlaceMatch | None = None
    for inc in incidents:
        if inc.place is None and named is not None and any(_ANAPHORA.search(u.text) for u in inc.event_units):
            inc.place = named
        if inc.place is not None:
            named = inc.place if inc.place.precision == "exact" else None


def _title_place(ctx: Context, incidents: list[Incident]) -> None:
    """A lone incident whose body names no place takes the headline's place."""
    placeless = [inc for inc in incidents if inc.place is None]
    if len(placeless) != 1 or len(incidents) > 1 or not ctx.title:
        return
    best = _best_place(Gazetteer.default().find(ctx.title))
    if best is not None:
        placeless[0].place = best
        placeless[0].place_in_title = True


def _historical(ctx: Context, inc: Incident) -> bool:
    """An event dated half a year or more before publication is background, not news."""
    if ctx.published is None:
        return False
    for unit in inc.event_units[:1]:
        for mention in unit.dates:
            if mention.date is not None and mention.precision in ("day", "week", "month"):
                return (ctx.published - mention.date).days > 180
    return False


_PARTNERS = frozenset({"coalition", "us_forces", "sdf", "asayish", "iraqi_forces", "peshmerga"})
_OTHER_MOTIVE = _rx(
    r"خلاف\w* عشائري\w*|(?<!\w)(?:ال|بال|لل)?ثار(?!\w)|بدافع السرقه|بقصد السرقه|خلافات شخصيه|"
    r"خلاف\w* عائلي\w*|مشاجره|"
    r"نزاع\w* عشائري\w*|feud|robbery|personal dispute"
)


_OTHER_GROUP = _rx(
    r"عصائب اهل الحق|كتائب حزب الله|سرايا السلام|التيار الصدري|"
    r"حراس الدين|هيئه تحرير الشام|تحرير الشام|جبهه النصره|تنظيم القاعده|(?<!\w)القاعده(?!\w)|"
    r"حزب العمال الكردستاني|العمال الكردستاني|(?<!\w)pkk(?!\w)|hurras al-din|hayat tahrir|(?<!\w)hts(?!\w)|"
    r"al-qaeda|al qaeda|حزب الله|hezbollah|الحوثي"
)


def _in_scope(inc: Incident, article_isis: bool) -> bool:
    """Counter-ISIS operations and ISIS/unidentified attacks only (the contract's scope)."""
    mentions = {a.actor for u in inc.units for a in u.actors if not a.weak}
    mentions |= {a for u in inc.event_units for a in u.lent_actors}
    if "isis" in mentions:
        return True
    if any(_OTHER_MOTIVE.search(u.text) for u in inc.units) or any(
        _OTHER_GROUP.search(u.text) for u in inc.event_units
    ):
        return False  # a feud, a robbery, or another group's war is not an ISIS incident
    others = {"turkey", "russia", "sna"}
    bombing = inc.type == "attack" and inc.subtype in ("ied", "suicide")
    event_mentions = {a.actor for u in inc.event_units for a in u.actors if not a.weak}
    if mentions & others and not (bombing and not event_mentions & others):
        # Turkish/Russian strikes on the SDF or the opposition are another war; a car bomb in a
        # town the Turkish-backed factions hold, told as such only in the background, is not
        return False
    if mentions & {"sdf", "asayish"} and "syrian_gov" in mentions and inc.type != "attack":
        return False  # SDF-government fighting is not a counter-ISIS operation
    if inc.type == "attack":
        return True
    # Partner forces' raids and strikes are counter-ISIS even when a short report never
    # names ISIS; anyone else's needs ISIS in the article.
    return bool(mentions & _PARTNERS) or (article_isis and bool(mentions))


# "...بالتزامن مع تنفيذ قسد لعملية دهم": another operation running alongside.
_PARALLEL = _rx(
    r"(?:بالتزامن|تزامنا|بالتوازي|بموازاه) مع (?:تنفيذ|قيام|شن|اطلاق|حمله|عمليه)|"
    r"(?:at the same time as|simultaneously with|in parallel with) (?:a|an|another)\s"
)


# A clause cut before "بعد هجوم ..." (sentences.split_clauses) tells the event that led to the other.
_CAUSE_START = _rx(r"(?:و)?(?:بعد|عقب|اثر|ردا علي|after|following|in response to)\s")


def _place_unit(
    incidents: list[Incident],
    current: Incident | None,
    unit: Unit,
    kind: tuple[str, str | None, int],
    place: PlaceMatch | None,
) -> Incident:
    new_event = (
        _is_marker(unit)
        or (current is not None and _date_conflict(current, unit))
        or bool(_PARALLEL.search(unit.text))
        or (unit.sentence_start and place is not None and bool(_ALSO_EVENT.match(unit.text)))
        or (current is not None and current.type != kind[0] and bool(_CAUSE_START.match(unit.text)))
    )
    if (
        current is not None
        and not unit.sentence_start
        and kind[2] == 2
        and place is not None
        and place.precision == "exact"
        and not (current.place is not None and _same_place(place, current.place))
    ):
        new_event = True  # "..., فيما أعلن الجهاز اعتقال مسؤول في الفلوجة": a parallel event
    group_changed = current is not None and (current.type == "attack") != (kind[0] == "attack")
    if current is not None and current.place is None and place is not None:
        mine, theirs = set(_filtered([unit])), set(_filtered(current.event_units))
        new_event = new_event or bool(mine and theirs and not mine & theirs)
    if current is not None and not new_event:
        if place is None:
            return _merge(current, unit, kind, place)
        # another group (attack vs operation) joins only an incident already placed there
        elsewhere = current.place is None or (
            place.precision == "exact" and not _same_place(place, current.place)
        )
        if _compatible(place, current.place, unit) and not (group_changed and elsewhere):
            return _merge(current, unit, kind, place)
        for earlier in incidents:
            same_group = (earlier.type == "attack") == (kind[0] == "attack")
            if earlier.place is not None and _same_place(place, earlier.place) and same_group:
                return _merge(earlier, unit, kind, place)
    incident = Incident(kind[0], kind[1], [unit], [unit], place, kind[2])
    incidents.append(incident)
    return incident


def _day_dates(units: list[Unit]) -> set[datetime.date]:
    return {m.date for u in units for m in u.dates if m.date is not None and m.precision == "day"}


def _date_conflict(current: Incident, unit: Unit) -> bool:
    """Two different days are two events (the guidelines' rule), and so is another month."""
    mine = _day_dates([unit])
    theirs = _day_dates(current.event_units)
    if mine and theirs and not mine & theirs:
        return True
    months = {
        (m.date.year, m.date.month) for m in unit.dates if m.date is not None and m.precision == "month"
    }
    return bool(months and theirs and not any((d.year, d.month) in months for d in theirs))


# Cities that share their governorate's name: "في دير الزور" often means the governorate.
_CAPITALS = frozenset(
    _N(n)
    for n in (
        "دير الزور", "الرقة", "الحسكة", "حلب", "حمص", "حماة", "إدلب", "درعا", "دمشق", "اللاذقية",
        "طرطوس", "السويداء", "القنيطرة", "كركوك", "بغداد", "البصرة", "النجف", "كربلاء", "أربيل",
        "دهوك", "السليمانية", "حلبجة",
    )
)


def _inside_capital_area(place: PlaceMatch, current: PlaceMatch) -> bool:
    """ "ضمن مناطق قسد في دير الزور" then "في بلدة الشحيل": the town places the event."""
    return (
        current.precision == "exact"
        and current.head is None
        and current.kind == "city"
        and _N(current.name) in _CAPITALS
        and place.precision == "exact"
        and place.admin1 == current.admin1
        and not _same_place(place, current)
    )


def _merge(
    incident: Incident, unit: Unit, kind: tuple[str, str | None, int], place: PlaceMatch | None
) -> Incident:
    incident.units.append(unit)
    incident.event_units.append(unit)
    if place is not None and (
        incident.place is None
        or _PRECISION_RANK.get(place.precision, 5) < _PRECISION_RANK.get(incident.place.precision, 5)
        or _inside_capital_area(place, incident.place)
    ):
        incident.place = place
    if kind[0] != incident.type and incident.strength < kind[2]:
        incident.type, incident.strength = kind[0], kind[2]
    if kind[1] and not incident.subtype:
        incident.subtype = kind[1]
    if kind[1] == "airborne_raid":
        incident.type, incident.subtype = "raid", "airborne_raid"
    return incident


# ------------------------------------------------------------------ statistics
def _ops_numbers(unit: Unit) -> list[NumberMention]:
    """Numbers of operations or attacks: "153 عملية", "37 anti-ISIS operations"."""
    out = []
    for n in unit.numbers:
        if not n.value:
            continue
        if n.noun and (_OPS_NOUN.match(n.noun) or _ATTACK_NOUN.match(n.noun)):
            out.append(n)
            continue
        # "37 anti-ISIS operations": the noun one or two words on, inside the same phrase
        window = unit.text[n.end - unit.start : n.end - unit.start + 30]
        phrase = re.split(r"[,.;:]|\d", window, maxsplit=1)[0]
        following = phrase.split()[1:3]
        noun = next((w for w in following if _OPS_NOUN.match(w) or _ATTACK_NOUN.match(w)), None)
        if noun is not None:
            out.append(replace(n, noun=noun))
    return out


def _clashes_with(stat: dict, unit: Unit) -> bool:
    """The unit gives a kind of count the statistic already has: a further tally, not a detail."""
    kinds = {c.kind for c in unit.counts if c.value and c.kind in ("killed", "arrested")}
    return (
        bool(kinds)
        and all(stat.get(k) is not None for k in kinds)
        and not _specific(_best_place(unit.places))
        and _region(unit) in ("Syria", "Iraq")  # a per-country breakdown of the tally
    )


def _statistics(ctx: Context, unit: Unit, previous: list[dict]) -> list[dict]:
    ops = _ops_numbers(unit)
    reporter = next((a.actor for a in unit.actors if not a.weak and a.actor not in _NOT_REPORTERS), None)
    if reporter is None and previous:
        reporter = previous[-1]["reporter"]
    start, end = _period(ctx, unit)
    if start is None and end is None and previous:
        start, end = previous[-1]["period_start"], previous[-1]["period_end"]
    out = []
    # one tally per number of operations, with the counts and the country written after it
    bounds = [unit.start] + [n.start for n in ops[1:]] + [unit.end]
    for i, number in enumerate(ops or [None]):
        lo, hi = bounds[i], bounds[i + 1]
        stat = {
            "period_start": start,
            "period_end": end,
            "region": _region(unit, lo, hi) if len(ops) > 1 else _region(unit),
            "reporter": reporter,
            "operations": None,
            "killed": None,
            "arrested": None,
            "attacks": None,
            "evidence": ctx.nt.original_span(unit.start, unit.end),
        }
        if number is not None:
            key = (
                "attacks" if _ATTACK_NOUN.match(number.noun or "") or _by_isis(unit, number) else "operations"
            )
            if key == "operations" and _continues_isis_tally(unit, number, previous + out):
                key = "attacks"  # "داعش نفذ 233 عملية ... و17 عملية في الحسكة": the same attacker's
            if any(number.value in (p["attacks"], p["operations"]) for p in previous + out):
                continue  # "تبنى عشر هجمات ... قال إنه نفذ عشر عمليات": the same tally retold
            stat[key] = number.value
        _fill_statistic(stat, unit, lo, hi)
        out.append(stat)
    return out


def _continues_isis_tally(unit: Unit, number: NumberMention, earlier: list[dict]) -> bool:
    """A breakdown after a tally of ISIS attacks, with no other force named before the number."""
    if not earlier or earlier[-1]["attacks"] is None or earlier[-1]["operations"] is not None:
        return False
    forces = _PARTNERS | {"syrian_gov"}
    return not any(a.actor in forces and a.start < number.start for a in unit.actors)


_NOT_REPORTERS = frozenset({"isis", "unknown", "civilians"})


_OF_ISIS_AFTER = _rx(
    r"\s*\S*\s+(?:لل?تنظيم|لداعش|لخلايا (?:ال)?تنظيم|لخلايا داعش|لعناصر (?:ال)?(?:تنظيم|داعش)|by isis|"
    r"by the group)(?!\w)"
)


def _by_isis(unit: Unit, number: NumberMention) -> bool:
    """Operations ISIS carried out are attacks: "224 عملية قامت بها خلايا داعش", "نفذ التنظيم 22 عملية",
    "8 عمليات للتنظيم", "ISIS has claimed 128 operations"."""
    lo, hi = number.start - unit.start, number.end - unit.start
    if _OF_ISIS_AFTER.match(unit.text, hi):
        return True
    after = any(
        a.actor == "isis" and number.end <= a.start <= number.end + 60 and not a.weak for a in unit.actors
    )
    if after and _AGENT_AFTER.search(unit.text[hi : hi + 60]):
        return True
    for mention in unit.actors:
        if mention.actor == "isis" and 0 <= number.start - mention.end <= 50:
            between = unit.text[mention.end - unit.start : lo]
            others = [a for a in unit.actors if mention.end <= a.start < number.start and a.actor != "isis"]
            if _AGENT_BEFORE.search(between) and not others:
                return True
    return False


_AGENT_BEFORE = _rx(
    r"(?<!\w)(?:نفذ\w*|تنفيذ\w*|شن\w*|قام\w*|تبني|تبنت|claimed|carried out|launched|conducted)(?!\w)"
)


_AGENT_AFTER = _rx(r"قام\w* بها|نفذ\w*|شن\w*|تبنا\w*|تبني\w*|claimed|carried out by|by isis")


def _fill_statistic(stat: dict, unit: Unit, lo: int | None = None, hi: int | None = None) -> None:
    for count in unit.counts:
        if lo is not None and hi is not None and not lo <= count.start < hi:
            continue
        if count.kind in ("killed", "arrested") and count.value and stat.get(count.kind) is None:
            stat[count.kind] = count.value


def _region(unit: Unit, lo: int | None = None, hi: int | None = None) -> str | None:
    text = unit.text if lo is None or hi is None else unit.text[lo - unit.start : hi - unit.start]
    syria = bool(re.search(_N(r"سوريا|سوريه|syria"), text))
    iraq = bool(re.search(_N(r"العراق|iraq"), text))
    if (syria and iraq) or re.search(_N(r"كلا البلدين|both countries"), text):
        return "Syria and Iraq"
    if syria:
        return "Syria"
    if iraq:
        return "Iraq"
    place = _best_place(unit.places)
    return place.name if place else None


def _period(ctx: Context, unit: Unit) -> tuple[str | None, str | None]:
    text = unit.text
    year = ctx.published.year if ctx.published else None
    explicit = re.search(r"(?<!\d)(20\d\d)(?!\d)", text)
    if explicit:
        year = int(explicit.group(1))
    if ctx.published and re.search(
        _N(r"منذ (?:مطلع|بدايه) العام|since the (?:start|beginning) of the year"), text
    ):
        return f"{ctx.published.year}-01-01", ctx.published.isoformat()
    if year and re.search(_N(r"النصف الاول|first half"), text):
        return f"{year}-01-01", f"{year}-06-30"
    if year and re.search(_N(r"النصف الثاني|second half"), text):
        return f"{year}-07-01", f"{year}-12-31"
    for mention in unit.dates:
        if mention.date is None:
            continue
        if mention.precision == "month":
            first = mention.date.replace(day=1)
            nxt = (first + datetime.timedelta(days=32)).replace(day=1)
            return first.isoformat(), (nxt - datetime.timedelta(days=1)).isoformat()
        if mention.precision == "year":
            return f"{mention.date.year}-01-01", f"{mention.date.year}-12-31"
    if explicit and re.search(_N(r"عام|في|in"), text):
        return f"{year}-01-01", f"{year}-12-31"
    return None, None


# ------------------------------------------------------------------ incident fields
def _title_counts(title: str) -> dict[str, int]:
    totals: dict[str, int] = {}
    for count in find_counts(title):
        if count.value and not _OF_THEM.match(title, count.end):
            totals[count.kind] = totals.get(count.kind, 0) + count.value
    return totals


def _incident_dict(ctx: Context, inc: Incident, all_incidents: list[Incident]) -> dict:
    nt = ctx.nt
    place = inc.place
    actors, targets = _actors_targets(inc, all_incidents)
    killed = _count(inc, "killed")
    arrested = _count(inc, "arrested")
    injured = _count(inc, "injured")
    if len(all_incidents) == 1 and ctx.title:
        # "يفكك خلية في داريا ويعتقل 7 من أفرادها": a lone incident's toll may be only in the headline
        headline = _title_counts(ctx.title)
        told = {c.kind for u in inc.units for c in u.counts}  # "عدد من" in the body stays unknown
        killed = killed if killed is not None or "killed" in told else headline.get("killed")
        arrested = arrested if arrested is not None or "arrested" in told else headline.get("arrested")
    date, precision = _date(ctx, inc)
    if date is None:
        date, precision = _inherited_date(ctx, inc, all_incidents)
    persons = _persons(nt, inc)
    seized = []
    for unit in inc.units:
        for item in find_seized(nt.text, unit.start, unit.end):
            if item not in seized:
                seized.append(item)
    units = sorted(inc.units, key=lambda u: u.start)
    o_start = nt.to_original(units[0].start, units[0].end)[0]
    o_end = nt.to_original(units[-1].start, units[-1].end)[1]
    evidence = " ".join(nt.original_span(u.start, u.end) for u in units)
    if place is None:
        place_name = None
    elif inc.place_in_title:
        place_name = ctx.title[place.name_start : place.end]
    else:
        place_name = nt.original_span(place.name_start, place.end)
    subtype = inc.subtype
    kind = inc.type
    if kind in _OP_TYPES and subtype in (
        "assassination",
        "ambush",
        "ied",
        "suicide",
        "abduction",
        "prison_attack",
    ):
        subtype = None
    if kind == "attack" and subtype in ("airborne_raid", "cell_dismantled", "foiled_plot"):
        subtype = None
    if kind == "airstrike" and arrested:
        # "غارة بطائرة مروحية أسفرت عن اعتقال ...": people are arrested on the ground
        kind = "raid"
        if any(_HELICOPTER.search(u.text) for u in inc.event_units):
            subtype = "airborne_raid"
    if (
        kind in ("raid", "clash")
        and len({p.name for u in inc.event_units for p in u.places if _specific(p)}) >= 3
        and any(_MULTI_AREA.search(u.text) for u in inc.units)
    ):
        kind = "sweep"  # one operation over many areas is a sweep
    result = {
        "type": kind,
        "subtype": subtype,
        "date": date,
        "date_precision": precision,
        "place_name": place_name,
        "admin1": place.admin1 if place else None,
        "lat": place.lat if place else None,
        "lon": place.lon if place else None,
        "geo_precision": place.precision if place else None,
        "actors": actors,
        "targets": targets,
        "arrested": arrested,
        "killed": killed,
        "injured": injured,
        "persons": persons,
        "evidence": evidence,
        "evidence_start": o_start,
        "evidence_end": o_end,
        "confidence": _confidence(inc, actors, killed, arrested, date),
        "seized": seized,
        "place_id": place.place_id if place else None,
        "admin2": place.admin2 if place else None,
    }
    result["summary_en"] = _summary(result)
    return result


_HELICOPTER = _rx(r"مروحي\w*|هليكوبتر|انزال|helicopter|heliborne|airborne")


_WITHOUT_BEFORE = _rx(
    r"(?:دون|بدون|من غير|without|لم تشارك\w*|لم يشارك\w*)\s+(?:\w+\s+){0,1}\W*(?:\w+\s+){0,3}\W*$"
)


def _agent_mentions(unit: Unit, objects: bool = False) -> list[ActorMention]:
    """Organisations named in a clause, minus quoted sources (and minus objects unless asked)."""
    out = []
    excluded: ActorMention | None = None
    for mention in unit.actors:
        if mention.weak:
            continue
        before = unit_text_before(unit, mention.start, 30)
        if _WITHOUT_BEFORE.search(before) or (
            excluded is not None and excluded.actor == mention.actor and mention.start - excluded.end <= 4
        ):
            excluded = mention  # "تمت عملية الإنزال دون مشاركة قوات سوريا الديمقراطية (قسد)"
            continue
        if _SOURCE_BEFORE.search(before) or (not objects and _OBJECT_BEFORE.search(before)):
            continue
        out.append(mention)
    return out


def unit_text_before(unit: Unit, pos: int, width: int) -> str:
    offset = pos - unit.start
    return unit.text[max(0, offset - width) : offset]


def _filtered(units: list[Unit], allowed: frozenset[str] = COUNTER_ISIS, objects: bool = False) -> list[str]:
    ids: list[str] = []
    for unit in units:
        for mention in _agent_mentions(unit, objects):
            if mention.actor in allowed and mention.actor not in ids:
                ids.append(mention.actor)
    return ids


def _place_unit_of(inc: Incident) -> Unit:
    """The event unit that named the incident's place (else the first one)."""
    if inc.place is not None:
        for unit in inc.event_units:
            if any(p.start == inc.place.start for p in unit.places):
                return unit
    return inc.event_units[0]


# "بدعم من التحالف", "بدعم ومراقبة جوية من قبل قوات التحالف", "with air support from the coalition"
_PARTICIPATION = _rx(
    r"(?:بدعم|بمساند\w*|بمشارك\w*|بالتعاون|بالتنسيق|بالاشتراك|بغطاء|باسناد|"
    r"support|supported by|backed by|in cooperation with|in coordination with|alongside|partnered with|"
    r"together with|jointly with)"
    r"(?:\W+\w+){0,5}?\W+(?:\w+\W+){0,2}$"
)


def _partners(units: list[Unit]) -> list[str]:
    """Forces named as supporting or taking part ("بدعم من التحالف الدولي")."""
    out: list[str] = []
    for unit in units:
        for mention in unit.actors:
            if (
                mention.actor in COUNTER_ISIS
                and not mention.weak
                and _PARTICIPATION.search(unit_text_before(unit, mention.start, 40))
                and not _WITHOUT_BEFORE.search(unit_text_before(unit, mention.start, 30))
                and mention.actor not in out
            ):
                out.append(mention.actor)
    return out


def _actors_targets(inc: Incident, all_incidents: list[Incident]) -> tuple[list[str], list[str]]:
    if inc.type == "attack":
        # Victims: the forces named where the attack is placed, else in its first
        # sentence, else anywhere in it; civilians when only people are named.
        targets: list[str] = []
        for units in ([_place_unit_of(inc)], inc.event_units[:1], inc.event_units):
            targets = _filtered(units, objects=True)
            if targets:
                break
        if any(_COUNCIL_STAFF.search(u.text) for u in inc.event_units[:1]):
            # "مسؤول التواصل في المجلس المدني", "the head of the local council": civil staff
            targets = ["civilians"] + [t for t in targets if t not in ("sdf", "asayish", "civilians")]
        if not targets and any(_CIVILIAN_VICTIM.search(u.text) for u in inc.event_units):
            targets = ["civilians"]
        elif "civilians" not in targets and any(_CIVILIANS_COUNTED.search(u.text) for u in inc.event_units):
            targets.append("civilians")  # "10 Peshmerga fighters and three civilians dead"
        if (
            not targets
            and inc.place is not None
            and inc.place.admin1 in _IRAQ
            and any(_FORCE_NOUN.search(u.text) for u in inc.event_units)
        ):
            targets = ["iraqi_forces"]  # "استشهاد 3 منتسبين" in Iraq: its army or police
        return _attack_actors(inc), targets
    actors = _filtered(inc.event_units) or _filtered(inc.units)
    if not actors:
        lent = [a for u in inc.event_units for a in u.lent_actors if a in COUNTER_ISIS]
        actors = list(dict.fromkeys(lent))
    # "...with air support from the US-led coalition", told in the event's sentences or the one after
    last = max(u.index for u in inc.event_units) + 1
    for partner in _partners([u for u in inc.units if u.index <= last]):
        if partner not in actors:
            actors.append(partner)
    if not actors:  # Iraqi statements report their own operations: the source is the actor
        actors = list(
            dict.fromkeys(
                a.actor for u in inc.units for a in u.actors if a.actor in COUNTER_ISIS and not a.weak
            )
        )
    if not actors:
        for other in reversed(all_incidents[: all_incidents.index(inc)]):
            if other.type != "attack":
                actors = _actors_targets(other, all_incidents)[0]
                break
    if inc.place is not None and inc.place.admin1 in _IRAQ:
        # the SDF, the Asayish and Damascus do not operate in Iraq: those are other stories' forces
        actors = [a for a in actors if a not in _SYRIAN_FORCES]
    if not actors and inc.place is not None and inc.place.admin1 in _IRAQ:
        actors = ["iraqi_forces"]
    return actors, ["isis"]


_SYRIAN_FORCES = frozenset({"sdf", "asayish", "syrian_gov"})


_CLAIM = _rx(r"تبني|تبنت|بصمات|اعلن\w* مسووليت\w*|claimed|claim of responsibility|hallmarks")


# "ISIS sleeper cells were behind the killings", "planted by cells affiliated with ISIS"
_BLAMED = _rx(
    r"(?:were|was|is|are) behind|planted by|affiliated (?:with|to)|linked to|blamed|"
    r"(?:يقف|تقف|يقفون|وقفت|وقف)\w* (?:وراء|خلف)|زرع\w* (?:من قبل|خلايا)|يعتقد ان\w* (?:تابع|من)|"
    r"(?:اتهم|تتهم|يتهم)\w* (?:خلايا|عناصر|تنظيم)|ترجيحات بان|يرجح ان"
)


def _attack_actors(inc: Incident) -> list[str]:
    """ISIS when it claimed or is credited; unknown gunmen when only they are named."""
    for unit in inc.units:
        credited = _CLAIM.search(unit.text) or _BLAMED.search(unit.text)
        if credited and any(a.actor == "isis" for a in unit.actors):
            return ["isis"]
    event = {a.actor for u in inc.event_units for a in u.actors if not a.weak}
    if "isis" in event:
        return ["isis"]
    if "unknown" in event:
        return ["unknown"]
    if inc.subtype == "suicide" or any(_CLAIM.search(u.text) for u in inc.event_units):
        return ["isis"]  # suicide bombings and claimed attacks in this conflict are ISIS's
    return ["unknown"]  # nobody named or claiming: unidentified (GUIDELINES rule 5)


_IRAQ = frozenset(
    {
        "Anbar",
        "Babil",
        "Baghdad",
        "Basra",
        "Dhi Qar",
        "Diyala",
        "Duhok",
        "Erbil",
        "Halabja",
        "Karbala",
        "Kirkuk",
        "Maysan",
        "Muthanna",
        "Najaf",
        "Nineveh",
        "Qadisiyah",
        "Salah al-Din",
        "Sulaymaniyah",
        "Wasit",
    }
)


_ATTACKER_AFTER = _rx(
    r"^\W*(?:من\s+)?(?:ال)?(?:مهاجم\w*|انتحاري\w*|مسلح\w*|ارهابي\w*|دواعش|منفذ\w*)|"
    r"^\W*(?:of the )?(?:attackers?|assailants?|gunm[ae]n|militants?|bombers?)"
)
_OF_THEM = re.compile(r"\s*(?:منهم|منهما|منهن|of them)(?!\w)")
_SELF = re.compile(r"(?<!\w)(?:نفسه|نفسها|himself|herself)(?!\w)")


def _victim_group(unit: Unit, count: CountMention) -> str | None:
    # "قتل أحد المهاجمين", "فجّر الثاني نفسه": the attackers, apart from their victims.
    span = unit.text[count.start - unit.start : count.end - unit.start]
    after = unit.text[count.end - unit.start : count.end - unit.start + 25]
    if _SELF.search(span) or _ATTACKER_AFTER.search(after) or _ATTACKER_AFTER.search(span.split(" ", 1)[-1]):
        return "attackers"
    # "13 عنصرا من قوات النظام", "two SDF fighters": the group follows the number closely.
    for mention in unit.actors:
        if count.end <= mention.start <= count.end + 20 and not mention.weak:
            gap = unit.text[count.end - unit.start : mention.start - unit.start]
            if mention.actor == "unknown" or _AGENT_GAP.search(gap):
                return None  # "اغتياله برصاص مجهولين": the killers, not the killed
            return mention.actor
    return None


_AGENT_GAP = _rx(r"رصاص|علي يد|بيد|من قبل|جراء|بهجوم|هجوم|(?<!\w)by(?!\w)|attack|in an|in a")


def _count(inc: Incident, kind: str) -> int | None:
    """Total of a kind: groups summed, the same group across sentences counted once (max)."""
    groups: dict[str | None, int] = {}
    for unit in inc.units:
        per_unit: dict[str | None, int] = {}
        previous: tuple[CountMention, str | None] | None = None
        for count in unit.counts:
            if count.kind != kind or not count.value:
                continue
            if _OF_THEM.match(unit.text, count.end - unit.start) and any(
                c.value and c.start < count.start for u in inc.units for c in u.counts
            ):
                continue  # "اعتقال 4 أشخاص ... وقتلت 4 منهم": the same people again
            group = _victim_group(unit, count) if kind != "arrested" else None
            if group == "attackers" and inc.type != "attack":
                group = "isis"  # "مقتل 8 إرهابيين" in a strike: ISIS members, not attackers
            if group is None and previous is not None and 0 <= count.start - previous[0].end <= 30:
                group = previous[1]  # "قتل مسؤول في قسد ومرافقه": the companion is of the same side
            previous = (count, group)
            per_unit[group] = per_unit.get(group, 0) + count.value
        if None in per_unit and len(per_unit) > 1:
            # unnamed people beside named ones in one clause are others, not a retelling
            per_unit["beside named"] = per_unit.pop(None)
        for group, value in per_unit.items():
            groups[group] = max(groups.get(group, 0), value)
    if not groups:
        return None
    # An unattributed figure repeating one group's total is the same people.
    named = [v for k, v in groups.items() if k]
    if None in groups and named and groups[None] <= sum(named):
        del groups[None]  # an unattributed figure no larger than the named ones retells them
    elif None in groups and named and groups[None] > sum(named) and len(named) == 1:
        return groups[None]  # "اغتيال مسؤول في قسد" ... "قتل المسؤول ومرافقه": the fuller retelling
    return sum(groups.values()) or None


def _date(ctx: Context, inc: Incident) -> tuple[str | None, str | None]:
    for unit in inc.event_units + [u for u in inc.units if u not in inc.event_units]:
        for mention in unit.dates:
            if mention.date is None or mention.precision is None:
                continue
            if mention.precision == "year" and unit not in inc.event_units:
                continue  # "... seized territory in 2014": background told around the event
            precision = mention.precision
            if precision == "day" and _is_announcement(unit, mention):
                # "قالت مصادر، الثلاثاء، إن ... فجر اليوم": a later event day wins.
                event_day = next(
                    (
                        m
                        for m in unit.dates
                        if m.date
                        and m.precision == "day"
                        and m.start > mention.start
                        and not _is_announcement(unit, m)
                    ),
                    None,
                )
                if event_day is not None and event_day.date is not None:
                    return event_day.date.isoformat(), "day"
                precision = "week"
            return mention.date.isoformat(), precision
    return None, None


# Cues that an event happened at another time than the one reported before it.
_TIME_SHIFT = _rx(
    r"(?<!\w)(?:قبل|سبق\w*|منذ|سابق\w*|الماضي|الفائت|المنصرم|earlier|previously|before|ago|last)(?!\w)|"
    r"^(?:و)?كان(?:ت)?\s.{0,60}\sقد\s"
)


def _inherited_date(
    ctx: Context, inc: Incident, all_incidents: list[Incident]
) -> tuple[str | None, str | None]:
    """An undated event told right after a dated one, with no cue of another time, shares its date.

    "وتأتي عملية الإنزال بالتزامن مع تنفيذ قسد لعملية دهم في الشحيل", "وفي الهجوم الثاني ...".
    """
    position = all_incidents.index(inc)
    if position == 0 or any(_TIME_SHIFT.search(u.text) for u in inc.event_units):
        return None, None
    previous = all_incidents[position - 1]
    if inc.event_units[0].index - previous.units[-1].index > 2:
        return None, None
    return _date(ctx, previous)


def _is_announcement(unit: Unit, mention: DateMention) -> bool:
    """The date belongs to a reporting verb ("أعلنت ... اليوم الإثنين القبض على")."""
    before = unit.text[: mention.start - unit.start]
    after = unit.text[mention.end - unit.start :]
    if _REPORT_VERB.match(after.lstrip(" ,")) and any(t.start > mention.end for t in unit.triggers):
        return True  # "the group on Tuesday claimed an attack ... on Sunday": the claim's day
    verbs = list(_REPORT_VERB.finditer(before))
    verb = verbs[-1] if verbs else None
    if verb is None or len(before) - verb.end() > 60:
        return False
    if re.fullmatch(r"\W*(?:on|في|يوم)?\W*", before[verb.end() :]):
        return True  # "..., authorities announced on Thursday", "أعلنت، الخميس،": the report's day
    first_trigger = next((t for t in unit.triggers if t.strength == 2), None)
    if first_trigger is not None and 0 <= first_trigger.start - mention.end <= 2:
        return False  # "claimed a Thursday attack": the day is the event's
    return first_trigger is None or first_trigger.start > mention.start


def _persons(nt: NormalisedText, inc: Incident) -> list[str]:
    out: list[str] = []
    for unit in inc.units:
        for span in unit.persons:
            s, e = span.start, span.end
            name = nt.original_span(s, e).strip(" \"'“”«»")
            if name and name not in out and not any(name in other for other in out):
                out.append(name)
    return out


def _confidence(
    inc: Incident, actors: list[str], killed: int | None, arrested: int | None, date: str | None
) -> float:
    score = 0.35 + 0.2 * (inc.strength == 2)
    if inc.place is not None:
        score += {"exact": 0.2, "district": 0.15, "governorate": 0.1}.get(inc.place.precision, 0.05)
    score += 0.1 * bool(actors) + 0.1 * bool(killed or arrested) + 0.05 * bool(date)
    return round(min(score, 0.98), 2)


_TYPE_WORD = {
    "raid": "raid",
    "airstrike": "airstrike",
    "sweep": "security sweep",
    "clash": "clash with ISIS",
    "attack": "attack",
    "other": "incident",
}


def _summary(row: dict) -> str:
    who = " and ".join(display_name(a) for a in row["actors"]) or "Unidentified actors"
    what = (
        (row["subtype"] or row["type"]).replace("_", " ")
        if row["type"] == "attack"
        else _TYPE_WORD[row["type"]]
    )
    if row["subtype"] == "airborne_raid":
        what = "airborne raid"
    where = row["place_name"] or "unknown place"
    if row["admin1"]:
        where += f" ({row['admin1']})"
    tolls = [f"{row[k]} {k}" for k in ("arrested", "killed", "injured") if row[k]]
    text = f"{who} {what} in {where}"
    if row["type"] == "attack" and row["targets"]:
        text += " on " + " and ".join(display_name(t) for t in row["targets"])
    return text + (": " + ", ".join(tolls) if tolls else "")
