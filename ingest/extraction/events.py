"""Event triggers per incident type, persons of an event, seized items.

Everything works on normalised text (normalise.py: alef/yeh/teh-marbuta
folded, Latin lower-cased), so lexicon entries are written in plain Arabic and
folded once at import. A trigger is a word stem that may carry Arabic
proclitics (و ف ب ل ال) before it and inflection after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .actors import is_letter
from .normalise import NormalisedText, normalise_word

_N = normalise_word


@dataclass(frozen=True)
class Trigger:
    start: int
    end: int
    type: str  # raid | airstrike | sweep | clash | attack
    subtype: str | None
    strength: int  # 2 = names the event ("اعتقال"), 1 = generic ("عملية أمنية")


# (type, subtype, strength, patterns). Patterns are regex fragments over
# normalised text; "\w*" lets verbs and nouns inflect.
_LEXICON: list[tuple[str, str | None, int, list[str]]] = [
    (
        "raid",
        "airborne_raid",
        2,
        [
            r"انزال\w* جوي\w*",
            r"عمليه انزال",
            r"انزال\w*",
            r"airborne",
            r"air assault",
            r"heliborne",
            r"helicopter (?:and ground )?(?:assault )?raid",
            r"helicopter raid",
            r"airdrop",
        ],
    ),
    ("raid", "cell_dismantled", 2, [r"تفكيك\w* خلي\w*", r"فكك\w* خلي\w*", r"تفكيك", r"dismantl\w*"]),
    ("raid", "foiled_plot", 2, [r"احباط\w*", r"احبط\w*", r"افشال", r"افشل\w*", r"foil\w*", r"thwart\w*"]),
    (
        "raid",
        None,
        2,
        [
            r"اعتقال\w*",
            r"اعتقل\w*",
            r"القاء القبض",
            r"القت القبض",
            r"القي القبض",
            r"القبض",
            r"قبض\w* علي",
            r"مداهم\w*",
            r"داهم\w*",
            r"(?:عمليه|عمليات|حمله|حملات) دهم",
            r"دهم",
            r"تداهم\w*",
            r"اسر",
            r"الاطاحه ب\w*",
            r"اطاح\w* ب\w*",
            r"تطيح ب\w*",
            r"ضبط\w* (?:ال)?(?:مطلوب|ارهابي|متهم)\w*",
            r"اعتقالات",
            r"اصطياد",
            r"arrest\w*",
            r"captur\w*",
            r"detain\w*",
            r"apprehend\w*",
            r"raid\w*",
            r"nabbed",
        ],
    ),
    (
        # listed before the generic "عملية أمنية": a wide search is a sweep, not a raid
        "sweep",
        None,
        2,
        [
            r"عمليه امنيه واسعه",
            r"عمليه عسكريه واسعه",
            r"عملي(?:ه|ات) تفتيش\w*",
            r"عملي(?:ه|ات) بحث وتفتيش",
            r"تفتيش (?:ال)?(?:قري|مناطق|المنطقه|الوديان|البساتين)",
            r"عملي(?:ه|ات) تطهير",
            r"(?:انتهاء|اختتام|انهاء|ختام) (?:ال)?(?:عمليت\w*|حملت\w*|عمليه|حمله) (?:ال)?امني\w*",
            r"(?:المرحله|مرحله) (?:الاولي|الثانيه|الثالثه|جديده) من (?:ال)?(?:عمليه|حمله)\w*",
            r"لملاحقه فلول",
            r"search operation\w*",
            r"clearing operation\w*",
        ],
    ),
    (
        "raid",
        None,
        1,
        [
            r"عمليه امنيه",
            r"عمليات امنيه",
            r"عمليت\w* (?:ال)?امني\w*",
            r"عمليه نوعيه",
            r"عمليه دقيقه",
            r"عمليه مشترك\w*",
            r"عمليتين امنيتين",
            r"عمليه عسكريه",
            r"عمليه خاصه",
            r"security operation",
            r"(?:an|the) operation",
            r"joint operation",
            r"operation against",
        ],
    ),
    (
        "airstrike",
        None,
        2,
        [
            r"غاره",
            r"غارات",
            r"غارت\w*",
            r"قصف\w* جوي\w*",
            r"استهداف\w* جوي\w*",
            r"استهدفت? (?:ضربه|غاره)",  # "واستهدفت ضربة ثانية وكرا للإرهابيين"
            r"(?:ضربه|الضربه) (?:الاولي|الثانيه|ثانيه|مماثله|اخري)",
            r"ضرب\w* جوي\w*",
            r"ضربتين جويتين",
            r"طائر\w* مسير\w*",
            r"مسيره",
            r"درون",
            r"طيران التحالف",
            r"الطيران الحربي",
            r"طائرات حربيه",
            r"سلاح الجو",
            r"طائرات? (?:ال)?(?:سزنا|سيسنا|كرفان|اف 16|حربي\w*|التحالف|عراقي\w*|امريكي\w*|اميركي\w*)",
            r"دكت",
            r"صقور الجو",
            r"طائرات f\s?-?16",
            r"airstrike\w*",
            r"air strike\w*",
            r"air raid\w*",
            r"drone strike\w*",
            r"precision strike\w*",
            r"unilateral strike\w*",
        ],
    ),
    (
        "sweep",
        None,
        2,
        [
            r"حمل\w* (?:ال)?امني\w*",
            r"حمل\w* تمشيط",
            r"حمل\w* ضد",
            r"حمله عسكريه",
            r"تمشيط",
            r"حمله واسعه",
            r"حمله عسكريه",
            r"عمليات تمشيط",
            r"حظر\w* تجوال",
            r"حظر التجول",
            r"sweep\w*",
            r"combing",
            r"clearance operation\w*",
            r"security campaign",
        ],
    ),
    ("sweep", None, 1, [r"حمله", r"حملات"]),
    (
        "clash",
        None,
        2,
        [
            r"اشتباك\w*",
            r"اشتبك\w*",
            r"مواجهات",
            r"تبادل\w* لاطلاق النار",
            r"تبادل\w* اطلاق النار",
            r"clash\w*",
            r"firefight\w*",
            r"gunfight\w*",
            r"exchange of fire",
        ],
    ),
    ("attack", "prison_attack", 2, [r"هجوم\w* علي سجن", r"prison attack", r"attack on (?:a |the )?prison"]),
    ("attack", "assassination", 2, [r"اغتيال\w*", r"اغتال\w*", r"assassinat\w*"]),
    ("attack", "ambush", 2, [r"كمين\w*", r"ambush\w*"]),
    (
        "attack",
        "ied",
        2,
        [
            r"عبو\w* ناسف\w*",
            r"لغم",
            r"الغام",
            r"انفجار لغم",
            r"\bied\w*",
            r"roadside bomb\w*",
            r"explosive device\w*",
            r"landmine\w*",
        ],
    ),
    ("attack", "suicide", 2, [r"انتحاري\w*", r"حزام\w* ناسف\w*", r"سياره مفخخه", r"مفخخ\w*", r"suicide"]),
    ("attack", "abduction", 2, [r"اختطاف\w*", r"اختطف\w*", r"خطف\w*", r"kidnap\w*", r"abduct\w*"]),
    (
        "attack",
        None,
        2,
        [
            r"هجوم\w*",
            r"هجمات",
            r"هاجم\w*",
            r"تهاجم\w*",
            r"استهداف",
            r"استهدف\w*",
            r"تفجير\w*",
            r"فجرو\w*",
            r"فجرت",
            r"اطلاق\w* النار",
            r"اطلاق\w* نار",
            r"اطلق\w*(?: [\u0621-\u064a]+){0,3} (?:ال)?نار",
            r"برصاص",
            r"بالرصاص",
            r"ذبح\w*",
            r"اعدم\w*",
            r"(?:بنيران )?قناص\w*",
            r"قنص",
            r"sniper\w*",
            r"عمليه اعدام",
            r"executed",
            r"مقطوع\w* الراس",
            r"جث\w*",
            r"attack\w*",
            r"assault\w*",
            r"bomb\w*",
            r"shot dead",
            r"gunned down",
            r"opened fire",
        ],
    ),
    (
        "attack",
        None,
        1,
        [
            r"انفجار\w*",
            r"explosion\w*",
            r"تبني",
            r"تبنت",
            r"تبنيه",
            r"مقتل",
            r"قتل\w*",
            r"killed",
            r"killing",
        ],
    ),
]


def _compile() -> tuple[re.Pattern[str], list[tuple[str, str | None, int]]]:
    """One alternation over the whole lexicon: the text is scanned once."""
    groups = []
    meta = []
    for i, (kind, subtype, strength, patterns) in enumerate(_LEXICON):
        alternatives = "|".join(_N(p) if not p.isascii() else p for p in patterns)
        groups.append(f"(?P<g{i}>{alternatives})")
        meta.append((kind, subtype, strength))
    # Proclitics (و ف ب ل ك، ال، لل) may be glued to an Arabic trigger.
    regex = rf"(?<!\w)(?:[وفبلك]?(?:ال|لل)?|وب|ول)(?:{'|'.join(groups)})(?!\w)"
    return re.compile(regex), meta


_REGEX, _META = _compile()


def find_triggers(text: str, start: int = 0, end: int | None = None) -> list[Trigger]:
    """Event triggers in ``text[start:end]``; where entries overlap the first listed wins."""
    end = len(text) if end is None else end
    found: list[Trigger] = []
    for match in _REGEX.finditer(text, start, end):
        index = int(match.lastgroup[1:])  # type: ignore[index]
        kind, subtype, strength = _META[index]
        begin = match.start(match.lastgroup)
        if subtype == "suicide" and _WEARING.search(text, max(start, begin - 30), begin):
            continue  # "قياديين كانا يرتديان حزامين ناسفين": what they wore, not an attack
        found.append(Trigger(begin, match.end(), kind, subtype, strength))
    return found


_WEARING = re.compile(
    _N(r"(?:يرتدي\w*|ترتدي\w*|مرتدي\w*|يلبس\w*|يحمل\w*|بحوزته\w*|بحوزتهم\w*|wearing|carrying)\s+(?:\w+\s+)?$")
)


# ---------------------------------------------------------------- persons

# Explicit naming cues: the next words are a name whatever they are.
_NAME_CUES = re.compile(
    _N(
        r"(?<!\w)(?:و)?(?:يدعي|ويدعي|المدعو|المدعوه|الملقب|المكني|الملقبه|يلقب|المعروف باسم|ويكني|يكني|"
        r"اسمه|اسمها|المعروف ب(?=\s*ابو|\s*ام\s))"
        r"\s*(?:ب)?\s*"
    )
)
_ALIAS_CUE = re.compile(_N(r"الملقب|المكني|الملقبه|يلقب|المعروف باسم|يكني"))
# Softer cues (victim/role nouns, death and arrest words, an apposition comma): the name
# must start with a common given name, "عبد..." or a kunya.
_GATED_CUES = re.compile(
    _N(
        r"(?<!\w)(?:عنصري\w*|عنصريه|عنصره|عناصره|الشاب|الشابه|المواطن|المواطنه|القيادي|المتزعم|الامير|"
        r"المطلوب|الطفل|المختار|الشيخ|الضحيه|القتيل|المغدور|المعتقل|الوالي|توفي|مقتل|اغتيال|اعتقال|نجا|قتل|"
        r"القاصر|قائده|قايده|امره|المدني|المدنيه|الجندي|العنصر|الشرطي|المقاتل|الموظف|المعلم|الراعي|"
        r"استشهد|واستشهد|وتوفي|ونجا)\s+\"?|[,]\s*\"?"
    )
)
_QUOTED = re.compile(r'"([^"\n]{3,60})"')
_STOP = frozenset(
    _N(w)
    for w in (
        "بجروح", "بجراح", "برصاص", "باطلاق", "بانفجار", "بهجوم", "بعبوه", "بسبب", "جراء",
        "في",
        "من",
        "على",
        "الى",
        "إلى",
        "عن",
        "مع",
        "بعد",
        "قبل",
        "و",
        "أن",
        "إن",
        "الذي",
        "التي",
        "وهو",
        "وهي",
        "كان",
        "كانت",
        "خلال",
        "بين",
        "ضد",
        "بريف",
        "ريف",
        "قرية",
        "بلدة",
        "مدينة",
        "تنظيم",
        "داعش",
        "قوات",
        "عناصر",
        "عنصر",
        "مسؤول",
        "أحد",
        "بتهمة",
        "حيث",
        "بسبب",
        "أثناء",
        "لدى",
        "بعد",
        "يبلغ",
        "العمر",
        "السابق",
        "البارز",
        "في",
        "ذلك",
        "هذا",
        "هذه",
        "لا",
        "لم",
        "قد",
        "كما",
        "أيضا",
        "اليوم",
        "أمس",
        "عملية",
        "الأمن",
        "التحالف",
        "تم",
        "يتم",
        "بعد",
        "ثم",
        "كانت",
        "اثناء",
        "عند",
        "متأثرا",
        "بجراحه",
        "برصاص",
        "جراء",
        "إثر",
        "اثر",
        "عليه",
        "قرب",
        "بالقرب",
        "أمام",
        "وسط",
        "داخل",
        "خارج",
        "عند",
        "حين",
        "بينما",
        "خلف",
        "يد",
        "خلفية",
        "بتهمة",
        "الذين",
        "اللذين",
        "ممن",
    )
)
_ROLE_AFTER = re.compile(
    _N(
        r"^\s*[,،]?\s*(?:المتحدث|الناطق|الباحث|المحلل|الخبير|الصحفي|الناشط|مراسل|مدير المركز|قائد|القائد|"
        r"رئيس|مسؤول الاعلام"
        r"|spokes\w*|the spokes\w*|commander|analyst|researcher|said|told|head of|director)"
    )
)
_ROLE_BEFORE = re.compile(
    _N(
        r"(?:المتحدث\w*|الناطق\w*|الباحث|المحلل|الخبير|الصحفي|الناشط|مراسل\w*|قائد|القائد|الجنرال|العقيد|اللواء|العميد|"
        r"الادميرال|الوزير|رئيس|مدير|قال|وقال|اكد|واكد|اوضح|واوضح|واضاف|اضاف|وتابع|وذكر|بحسب)\s*[,،]?\s*$"
    )
)
_AR_NAME_WORD = re.compile(r"[\u0621-\u064a]{2,}")


def _name_tokens(text: str, pos: int, limit: int = 5) -> tuple[int, int]:
    """The run of up to ``limit`` name-like Arabic words starting at ``pos``."""
    i = pos
    end = pos
    words = 0
    while i < len(text) and words < limit:
        if words and text[i : i + 2].lstrip()[:1] in ("\"", "'"):
            break  # 'ابو وهاب" يحمل الجنسية': the closing quote ends the name
        while i < len(text) and text[i] in " \"'":
            i += 1
        if words == 0:
            pos = i  # the name starts after any opening quote
        match = _AR_NAME_WORD.match(text, i)
        # "على" folds to the given name "علي": only a name when it comes first.
        if not match or (match.group() in _STOP and not (words == 0 and match.group() == "علي")):
            break
        # A word glued to a preposition clitic ("بريف", "في") ends the name.
        if match.group()[:1] in "بل" and match.group()[1:3] == "ال" and words:
            break
        # "محمد الصالح وإبراهيم البسيس": و after a full name starts the next one.
        if match.group()[:1] == "و" and words >= 2:
            break
        end = match.end()
        i = end
        words += 1
        if i < len(text) and text[i] in ",.;:()\n":
            break
    return (pos, end) if words >= 2 else (pos, pos)


def find_persons(nt: NormalisedText, start: int, end: int) -> list[tuple[int, int]]:
    """Spans (normalised offsets) of people an event happened to or who did it.

    Cues: "يدعى/المدعو/الملقب" + name, victim nouns ("الشاب", "عنصرينا")
    + name, and quoted two-to-four-word names. Names next to a speaker role
    ("فرهاد شامي، المتحدث باسم") are left out: spokespeople are not persons of
    the event.
    """
    text = nt.text
    spans: list[tuple[int, int]] = []
    for regex, gated in ((_NAME_CUES, False), (_GATED_CUES, True)):
        for match in regex.finditer(text, start, end):
            s, e = _name_tokens(text, match.end(), 4)
            # 'القاصر "عايش ميزر"': after a person noun, quotes mark a name whatever it is
            quoted = match.group().rstrip().endswith('"') and bool(_PERSON_NOUN.search(match.group()))
            if e <= s or (
                gated and not quoted and (not given_name(text[s:e]) or text[s:e].startswith("علي "))
            ):
                continue
            # "يدعى حسين العلي ويلقب بأبو عمر": the nickname belongs to the name before it.
            if _ALIAS_CUE.search(match.group()) and any(0 <= match.start() - pe <= 40 for _, pe in spans):
                continue
            spans.append((s, e))
            # "محمد الصالح وإبراهيم البسيس": a second name joined by و.
            rest = re.match(r"\s+و(?=[\u0621-\u064a])", text[e:end])
            if rest:
                s2, e2 = _name_tokens(text, e + rest.end(), 4)
                if e2 > s2 and given_name(text[s2:e2]):
                    spans.append((s2, e2))
    for match in _QUOTED.finditer(text, start, end):
        s, e = _name_tokens(text, match.start(1), 4)
        if _ALIAS_CUE.search(text[max(start, match.start() - 12) : match.start()]):
            continue  # a quoted nickname after "ويلقب ب"
        if e > s and _looks_like_person(text, s, e):
            spans.append((s, e))
    spans.extend(_english_persons(nt, start, end))
    return _dedupe([s for s in spans if not _is_speaker(text, *s)])


_FIRST_NAMES = frozenset(
    _N(w)
    for w in (
        "محمد",
        "أحمد",
        "محمود",
        "علي",
        "حسن",
        "حسين",
        "خالد",
        "عمر",
        "عثمان",
        "ابراهيم",
        "إبراهيم",
        "صالح",
        "عبد",
        "عبدالله",
        "عبود",
        "يوسف",
        "مصطفى",
        "سليمان",
        "حمد",
        "حمود",
        "جاسم",
        "فيصل",
        "سعد",
        "سعيد",
        "ياسر",
        "ياسين",
        "فراس",
        "مهند",
        "عمار",
        "مازن",
        "زياد",
        "رائد",
        "طارق",
        "نايف",
        "فهد",
        "ماجد",
        "حسام",
        "أنس",
        "بشير",
        "بشار",
        "عادل",
        "كمال",
        "جمال",
        "وليد",
        "خليل",
        "موسى",
        "عيسى",
        "هادي",
        "مهدي",
        "قاسم",
        "عامر",
        "سامر",
        "نواف",
        "أملح",
        "املح",
        "ابو",
        "أبو",
        "أم",
        "حسون",
        "جمعة",
        "ناصر",
        "منصور",
        "رياض",
        "عمران",
        "عماد",
        "سامي",
        "غسان",
        "نزار",
        "هاشم",
        "هيثم",
        "وائل",
        "أيمن",
        "أسامة",
        "أنور",
        "باسل",
        "بسام",
        "جميل",
        "حازم",
        "حامد",
        "حمزة",
        "حميد",
        "خضر",
        "خلف",
        "داوود",
        "راكان",
        "رامي",
        "سالم",
        "سلمان",
        "شاكر",
        "صدام",
        "ضياء",
        "طلال",
        "عبيد",
        "عدنان",
        "عزيز",
        "علاء",
        "عواد",
        "فاضل",
        "فرحان",
        "فواز",
        "كريم",
        "لؤي",
        "مالك",
        "محسن",
        "مرعي",
        "مشعل",
        "معاذ",
        "هلال",
        "يحيى",
        "يونس",
        "دحام",
        "شلاش",
        "ضاحي",
        "حسان",
        "ثامر",
        "ظاهر",
        "مثنى",
        "أمينة",
        "أيوب",
        "إدريس",
        "إسماعيل",
        "إياد",
        "إيهاب",
        "باقر",
        "بدر",
        "بدري",
        "بكر",
        "بلال",
        "تركي",
        "ثائر",
        "جبار",
        "جبر",
        "جعفر",
        "جلال",
        "جواد",
        "حاتم",
        "حارث",
        "حكمت",
        "حماد",
        "حمادة",
        "حمادي",
        "حمدان",
        "حمدي",
        "حيدر",
        "خديجة",
        "خطاب",
        "خليفة",
        "دريد",
        "دلشاد",
        "دهام",
        "ذياب",
        "رائد",
        "راشد",
        "رافع",
        "رامز",
        "ربيع",
        "رجب",
        "رزاق",
        "رشيد",
        "رضوان",
        "رعد",
        "رمضان",
        "ريان",
        "ريبر",
        "زكريا",
        "زهير",
        "زيد",
        "زينب",
        "سامح",
        "سربست",
        "سرحان",
        "سطام",
        "سعود",
        "سفيان",
        "سلطان",
        "سلوم",
        "سيف",
        "شادي",
        "شاهر",
        "شعبان",
        "شهاب",
        "شيار",
        "شيرزاد",
        "صادق",
        "صبحي",
        "صفوان",
        "صقر",
        "صهيب",
        "ضرغام",
        "طه",
        "عائشة",
        "عارف",
        "عاشور",
        "عاصم",
        "عباس",
        "عبيد",
        "عبيدة",
        "عدي",
        "عزام",
        "عصام",
        "عطية",
        "عقيل",
        "عكاب",
        "علوان",
        "عمرو",
        "عواد",
        "عياش",
        "عيد",
        "غازي",
        "غانم",
        "فؤاد",
        "فارس",
        "فاروق",
        "فاطمة",
        "فتحي",
        "فرج",
        "فرحان",
        "فرهاد",
        "قتيبة",
        "قصي",
        "كاظم",
        "كامل",
        "كاوه",
        "كرار",
        "كنعان",
        "لطيف",
        "مأمون",
        "مؤيد",
        "ماهر",
        "متعب",
        "مجدي",
        "مجيد",
        "محسن",
        "محيي",
        "مخلف",
        "مدلول",
        "مراد",
        "مرتضى",
        "مروان",
        "مريم",
        "مزاحم",
        "مشاري",
        "مشهور",
        "مصعب",
        "مطلك",
        "مظلوم",
        "معتز",
        "معن",
        "مفلح",
        "ممدوح",
        "مناف",
        "منذر",
        "منير",
        "مهنا",
        "مهيب",
        "ميسر",
        "ناجي",
        "نادر",
        "ناظم",
        "نبيل",
        "نجم",
        "نجيب",
        "نشوان",
        "نصار",
        "نضال",
        "نعمان",
        "نهاد",
        "نوري",
        "نوفل",
        "هاني",
        "هزاع",
        "هشام",
        "هيثم",
        "وحيد",
        "وسام",
        "وسيم",
        "وضاح",
        "يامن",
        "يزن",
        "يعرب",
        "يعقوب",
    )
)


_PERSON_NOUN = re.compile(
    _N(
        r"(?:القاصر|الشاب|الشابه|الطفل|المواطن|المواطنه|المختار|الضحيه|المغدور|المعتقل|القيادي|"
        r"المتزعم|الامير|المطلوب|الوالي)\s"
    )
)


def is_kunya(name: str) -> bool:
    """ "أبو بكر", "أبو محمد": a kunya built on a given name (a person, not the village "أبو خشب")."""
    words = _N(name).split()
    return len(words) == 2 and words[0] in ("ابو", "ام") and (
        words[1] in _FIRST_NAMES or words[1] in _KUNYA_SECOND
    )


_KUNYA_SECOND = frozenset(
    _N(w) for w in ("بكر", "البراء", "الحسن", "الحسين", "خديجة", "هاجر", "قتادة", "مصعب")
)


def given_name(name: str) -> bool:
    first = name.split()[0] if name.split() else ""
    return first in _FIRST_NAMES or (first.startswith("عبد") and len(first) > 3)


def _looks_like_person(text: str, s: int, e: int) -> bool:
    after = text[e : e + 40]
    return given_name(text[s:e]) or bool(
        re.match(_N(r'\s*"?\s*[,،]?\s*(?:مسؤول|وهو|احد|عضو|قائد|امير|الملقب)'), after)
    )


_EN_NAME = re.compile(
    r"(?:[A-Z][a-z'\-]+|al-[A-Z][a-z'\-]+|al|bin|ibn|abu|Abu)(?:[ \-](?:[A-Z][a-z'\-]+|"
    r"al-[A-Z][a-z'\-]+|al|bin|ibn|Abu))+"
)
_EN_CUE = re.compile(
    r"(?:(?:official|leader|member|commander|militant|operative|facilitator|emir|figure|suspect),\s*|"
    r"capture of|arrest of|killing of|killed|captured|arrested|detained|named|identified as|"
    r"identifying (?:him|her|them) as|"
    r"death of|assassination of|targeting)\s+(?:the\s+)?(?:isis\s+\w+\s+)?$"
)


def _english_persons(nt: NormalisedText, start: int, end: int) -> list[tuple[int, int]]:
    """Capitalised names right after an English event cue, read from the original text."""
    o_start, o_end = nt.to_original(start, end)
    original = nt.original
    out = []
    for match in _EN_NAME.finditer(original, o_start, o_end):
        before = original[max(o_start, match.start() - 40) : match.start()].lower()
        chain = re.search(r"(?:^|[;,])\s*and\s+$", before)
        if not (_EN_CUE.search(before) or chain):
            continue
        if len(match.group().split()) < 2:
            continue
        s = _to_normalised(nt, match.start())
        e = _to_normalised(nt, match.end())
        if s is not None and e is not None:
            out.append((s, e))
    return out


def _to_normalised(nt: NormalisedText, original_index: int) -> int | None:
    import bisect

    pos = bisect.bisect_left(nt.offsets, original_index)
    return pos if pos <= len(nt.text) else None


def _is_speaker(text: str, s: int, e: int) -> bool:
    return bool(
        _ROLE_AFTER.match(text[e : e + 30])
        or _ROLE_BEFORE.search(text[max(0, s - 25) : s])
        or _ROLE_APPOSITION.search(text[max(0, s - 70) : s])
    )


# "وزير الداخلية السوري، أنس خطاب", "الناطق باسم القائد العام للقوات المسلحة، مصطفى الكاظمي":
# an office holder named after his title, not a person of the event.
_ROLE_APPOSITION = re.compile(
    _N(
        r"(?<!\w)(?:المتحدث|الناطق|وزير|الوزير|رئيس|قائد|القائد|محافظ|مدير|امين|نائب|سفير|"
        r"minister|president|governor|commander|spokes\w*)(?:\s+[^\s,.;]+){0,6}\s*,\s*$"
    )
)


def _dedupe(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(set(spans)):
        if out and s < out[-1][1]:
            if e - s > out[-1][1] - out[-1][0]:
                out[-1] = (s, e)
            continue
        out.append((s, e))
    return out


# ---------------------------------------------------------------- seized items

_SEIZE_CUE = re.compile(
    _N(
        r"(?<!\w)(?:و|ف)?(?:ضبط\w*|مصادر\w*|صادر\w*|عثر\w* علي|العثور علي|بحوزت\w*|بحوزه\w*|حجز|مضبوطات)"
        r"|seiz\w*|confiscat\w*|recovered|found"
    )
)
_ITEMS: list[tuple[str, str]] = [
    ("explosive belts", r"احزم\w* ناسف\w*|حزام\w* ناسف\w*|suicide belts?|explosive belts?"),
    ("explosive devices", r"عبوات ناسف\w*|عبوه ناسف\w*|explosive devices?|ieds?\b"),
    ("explosives", r"متفجرات|مواد متفجره|explosives"),
    ("ammunition", r"ذخير\w*|ذخائر|ammunition"),
    ("weapons", r"اسلح\w*|سلاح|بنادق|رشاش\w*|weapons?|rifles?"),
    ("grenades", r"قنابل|قنبله|grenades?"),
    ("communication devices", r"اجهز\w* (?:ال)?اتصال\w*|اجهزه لاسلكي\w*|communication devices|radios"),
    ("phones", r"هواتف|هاتف|جوالات|phones?"),
    ("documents", r"وثائق|مستندات|ثبوتيات|documents"),
    ("passports", r"جواز\w* سفر|passports?"),
    ("cash", r"مبالغ مالي\w*|مبلغ مالي|اموال|cash|money"),
    ("vehicles", r"سيارات|سياره|دراج\w* ناري\w*|vehicles?|motorcycles?"),
    ("military equipment", r"معدات عسكري\w*|معدات|equipment"),
    ("drugs", r"مخدرات|حبوب مخدره|كبتاغون|drugs"),
]
_ITEM_RE = [(label, re.compile(rf"(?<!\w)(?:[وبل]?(?:ال)?)(?:{_N(p)})")) for label, p in _ITEMS]


def find_seized(text: str, start: int, end: int) -> list[str]:
    """Seized items (English labels) named after a seizure cue in ``text[start:end]``."""
    out: list[str] = []
    for cue in _SEIZE_CUE.finditer(text, start, end):
        window_end = min(end, cue.end() + 160)
        for label, regex in _ITEM_RE:
            if label not in out and regex.search(text, cue.start(), window_end):
                out.append(label)
    return out


def word_boundary(text: str, start: int, end: int) -> bool:
    return (start == 0 or not is_letter(text[start - 1])) and (end >= len(text) or not is_letter(text[end]))
