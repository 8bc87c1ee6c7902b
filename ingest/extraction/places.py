"""Place names in normalised Arabic/English news text -> gazetteer places.

One Aho-Corasick automaton is built per process over every normalised name
variant of the gazetteer in ``data/gazetteer/`` (admin units, GeoNames, OSM,
hand-curated conflict sites). Matching works on a *folded* copy of the text
that keeps its length (so spans map back 1:1): non-word characters become
spaces, ق is folded to ك and a word-final ي/ا/ه to ه, because news spelling and
the open data disagree on exactly those letters (مركدة/مرقدة, الشدادي/الشدادة).
Keys end with a space, so the automaton only reports matches that end on a
word boundary; the left boundary (optionally behind clitics و ب ل ف ك and ال)
is checked in Python.

A match is then extended to the left over a head word (قرية، بلدة، ريف، محافظة
...), which sets kind and precision, and resolved among the rows that share
the name: by the head word, by the places named right after it ("قرية غريبة
بريف بلدة مركدة"), by the governorates the article mentions, and by a prior
that prefers bigger places and GeoNames/admin rows over OSM. Names that are
also common words (data/gazetteer/common_words_ar.txt) need a head word; a
head word followed by a name the data lacks ("قرية العطالة") gives an
unresolved match whose governorate comes from the place named after it.

``Gazetteer.default()`` is built once and cached; ``find`` and ``lookup`` do
not mutate it, so it can be shared between threads.
"""

from __future__ import annotations

import csv
import math
import re
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import ahocorasick

from .normalise import normalise_word

__all__ = ["PlaceMatch", "Gazetteer", "canonical_admin1"]

DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "gazetteer"
# English spellings for rows that have none (hand-made, CC0; see data/gazetteer/README.md)
ALIASES_FILE = "aliases_en.csv"
CSV_FILES = (
    "admin_units_sy_iq.csv",
    "geonames_cities500_sy_iq.csv",
    "osm_places_sy_2014.csv",
    "curated_sites.csv",
)


@dataclass(frozen=True)
class PlaceMatch:
    """A place mention in the normalised text.

    ``start`` is where the mention starts, including its head word ("ريف",
    "قرية", ...) but not the clitic glued to that word ("بريف" -> at ر);
    ``name_start`` is where the name itself starts (after head word and
    clitics); ``end`` is exclusive and includes a trailing direction adjective
    of "ريف X الشرقي" and a name suffix (الفوقاني/التحتاني). ``name`` is the
    canonical Arabic name of the resolved row (the text's own name when
    unresolved). ``head`` is the canonical head (قريه، بلده، مدينه، ريف، مخيم،
    سجن، حي، ناحيه، منطقه، باديه، محافظه، مركز، قضاء، مزرعه; "province",
    "countryside", "rural" in English); the later names of a list after a
    plural head ("محافظات الحسكة والرقة") carry that head with ``start ==
    name_start``. ``precision`` is exact, district, governorate, region or
    country; ``kind`` is village, town, city, camp, prison, neighbourhood,
    subdistrict, district, governorate, region, country or area.
    """

    start: int
    end: int
    name_start: int
    name: str
    head: str | None
    lat: float | None
    lon: float | None
    admin1: str | None
    admin2: str | None
    precision: str
    kind: str
    place_id: str | None
    resolved: bool


# --------------------------------------------------------------------------
# governorate names: gazetteer spelling -> the evaluation's canonical names
# --------------------------------------------------------------------------
_ADMIN1_CANON = {
    "aleppo": "Aleppo",
    "al-hasakah": "Al-Hasakah",
    "hasakah": "Al-Hasakah",
    "hasaka": "Al-Hasakah",
    "raqqa": "Ar-Raqqah",
    "ar-raqqah": "Ar-Raqqah",
    "as-suwayda": "As-Suwayda",
    "damascus": "Damascus",
    "daraa": "Daraa",
    "dar'a": "Daraa",
    "deir ez-zor": "Deir ez-Zor",
    "deir-ez-zor": "Deir ez-Zor",
    "hama": "Hama",
    "homs": "Homs",
    "idlib": "Idlib",
    "latakia": "Latakia",
    "lattakia": "Latakia",
    "quneitra": "Quneitra",
    "rif dimashq": "Rif Dimashq",
    "rural damascus": "Rif Dimashq",
    "tartus": "Tartus",
    "al-anbar": "Anbar",
    "anbar": "Anbar",
    "babil": "Babil",
    "babylon": "Babil",
    "baghdad": "Baghdad",
    "al-basrah": "Basra",
    "basrah": "Basra",
    "basra": "Basra",
    "thi qar": "Dhi Qar",
    "dhi qar": "Dhi Qar",
    "diyala": "Diyala",
    "duhok": "Duhok",
    "dahuk": "Duhok",
    "erbil": "Erbil",
    "arbil": "Erbil",
    "halabja": "Halabja",
    "kerbala": "Karbala",
    "karbala": "Karbala",
    "kirkuk": "Kirkuk",
    "maysan": "Maysan",
    "missan": "Maysan",
    "al-muthanna": "Muthanna",
    "muthanna": "Muthanna",
    "al-najaf": "Najaf",
    "najaf": "Najaf",
    "ninewa": "Nineveh",
    "nineveh": "Nineveh",
    "al-qadissiya": "Qadisiyah",
    "qadisiyah": "Qadisiyah",
    "salah al-din": "Salah al-Din",
    "salahaddin": "Salah al-Din",
    "al-sulaymaniyah": "Sulaymaniyah",
    "sulaymaniyah": "Sulaymaniyah",
    "wassit": "Wasit",
    "wasit": "Wasit",
}


def canonical_admin1(name: str | None) -> str | None:
    """The evaluation's English governorate name for a gazetteer spelling."""
    if not name:
        return None
    return _ADMIN1_CANON.get(name.strip().lower(), name.strip())


# --------------------------------------------------------------------------
# word lists (all in normalised spelling)
# --------------------------------------------------------------------------
# Head words: normalised form -> (canonical head, kind it implies).
_HEADS: dict[str, tuple[str, str]] = {}
for _forms, _head, _kind in (
    (("قريه", "قريتي", "قري", "القريه"), "قريه", "village"),
    (("بلده", "بلدتي", "بلدات", "البلده"), "بلده", "town"),
    (("مدينه", "مدينتي", "مدن", "المدينه"), "مدينه", "city"),
    (("ريف", "ريفي", "ارياف", "الريف", "ارياف"), "ريف", "district"),
    (("مخيم", "مخيمي", "مخيمات"), "مخيم", "camp"),
    (("سجن", "سجني", "سجون"), "سجن", "prison"),
    (("حي", "حيي", "احياء"), "حي", "neighbourhood"),
    (("ناحيه", "ناحيتي", "نواحي"), "ناحيه", "subdistrict"),
    (("منطقه", "منطقتي", "مناطق"), "منطقه", "area"),
    (("باديه", "بوادي", "صحراء", "صحاري"), "باديه", "region"),
    (("محافظه", "محافظتي", "محافظات", "المحافظه"), "محافظه", "governorate"),
    (("مركز",), "مركز", "district"),
    (("قضاء", "اقضيه"), "قضاء", "district"),
    (("مزرعه",), "مزرعه", "village"),
    (("بلديه",), "بلديه", "town"),
):
    for _f in _forms:
        _HEADS[_f] = (_head, _kind)

# every clitic + head token -> (head form, clitic length); "القضاء على", "المنطقة":
# with the article only الريف is a head
_HEAD_TOKENS: dict[str, tuple[str, int]] = {}
for _pre in ("", "و", "ب", "ل", "ف", "وب", "فب", "ول", "وال", "بال", "فال", "ال"):
    for _form, (_head, _) in _HEADS.items():
        if _pre.endswith("ال") and _head != "ريف":
            continue
        _HEAD_TOKENS.setdefault(_pre + _form, (_form, len(_pre)))

_DIRECTION_ADJ = {
    "الشرقي",
    "الغربي",
    "الشمالي",
    "الجنوبي",
    "الشمالي الشرقي",
    "الشمالي الغربي",
    "الجنوبي الشرقي",
    "الجنوبي الغربي",
    "الشرقيه",
    "الغربيه",
    "الشماليه",
    "الجنوبيه",
}

# Clitic sequences allowed in front of a name (or of a head word).
_PROCLITICS = ("", "و", "ف", "ب", "ل", "ك", "وب", "فب", "ول", "فل", "وك", "فك")
_ALLOWED_PREFIX = frozenset(
    list(_PROCLITICS) + [p + "ال" for p in _PROCLITICS if p != "ل"] + ["لل", "ولل", "فلل"]
)

# Two-letter tokens that are real parts of transliterated names.
_ARTICLES = frozenset({"al", "el", "as", "ad", "ar", "an", "at", "az", "ash", "es", "ed", "ez", "abu", "um"})


def _load_common_words(path: Path) -> frozenset[str]:
    """Gazetteer names that are also frequent words ("السلام", "حول", "المدينة",
    person names, months...): matched only after a head word (قرية X, بلدة X).
    The list lives in data/gazetteer/common_words_ar.txt (see its README)."""
    if not path.exists():
        return frozenset()
    with path.open(encoding="utf-8") as handle:
        return frozenset(
            normalise_word(line.strip()) for line in handle if line.strip() and not line.startswith("#")
        )


_AR_LETTER = re.compile(r"[\u0621-\u064a]")
_NONWORD = re.compile(r"[^0-9a-z\u0621-\u064a\u00c0-\u024f ]")
_FINAL = re.compile(r"[يها](?=\s|$)")
_LATIN = re.compile(r"[a-z]")
# "ez-Zor", "as-Safira", "el Hol": one article in transliterations. Only hyphenated
# forms and "el" are folded, so English "at"/"an"/"as" stay words.
_LATIN_ARTICLE = re.compile(r"(?<![a-z])(?:[ae][dnrstz](?=-)|el(?=[- ]))")


def _fold(text: str) -> str:
    """Length-preserving folding used for matching (see module docstring)."""
    text = _LATIN_ARTICLE.sub("al", text)
    text = _NONWORD.sub(" ", text)
    text = text.replace("ق", "ك")
    return _FINAL.sub("ه", text)


class _Words:
    """Word boundaries of one text, read off its folded copy (non-word chars are spaces there)."""

    __slots__ = ("text", "folded")

    def __init__(self, text: str, folded: str) -> None:
        self.text = text
        self.folded = folded

    def start_of(self, pos: int) -> int:
        """Start of the word that has the character before ``pos`` (``pos`` itself if none)."""
        return self.folded.rfind(" ", 0, pos) + 1

    def before(self, pos: int) -> tuple[int, int]:
        """(start, end) of the word before ``pos``, across spaces and quotes only; (pos, pos) if none."""
        end = pos
        while end > 0 and self.text[end - 1] in " \"'":  # 'بلدة "الكرامة"'
            end -= 1
        if end == 0 or self.folded[end - 1] == " ":
            return pos, pos
        return self.folded.rfind(" ", 0, end) + 1, end


# --------------------------------------------------------------------------
# gazetteer rows
# --------------------------------------------------------------------------
@dataclass(frozen=True)
class _Row:
    idx: int
    name: str
    lat: float | None
    lon: float | None
    admin1: str | None
    admin2: str | None
    kind: str
    precision: str
    place_id: str
    source: str  # admin | geonames | osm | curated
    feature_type: str
    population: int
    country: str


def _row_kind(rec: dict[str, str], source: str) -> tuple[str, str]:
    ftype = rec.get("feature_type", "")
    if ftype.startswith("ADM1"):
        return "governorate", "governorate"
    if ftype.startswith("ADM2"):
        return "district", "district"
    if ftype.startswith("ADM3"):
        return "subdistrict", "district"
    if ftype.startswith("curated:"):
        kind = ftype.split(":", 1)[1]
        if kind in ("region", "country"):
            return kind, kind
        return kind, "exact"
    if source == "geonames":
        pop = int(rec.get("population") or 0)
        return ("city" if pop >= 100_000 else "town"), "exact"
    place = ftype.split("=", 1)[-1]
    if place in ("city", "town"):
        return place, "exact"
    if place in ("suburb", "neighbourhood"):
        return "neighbourhood", "exact"
    if place == "region":
        return "region", "region"
    if place == "locality":
        return "locality", "exact"
    return "village", "exact"


def _source_of(rec: dict[str, str], filename: str) -> str:
    if filename.startswith("admin"):
        return "admin"
    if filename.startswith("geonames"):
        return "geonames"
    if filename.startswith("curated"):
        return "curated"
    return "osm"


def _strip_latin_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if unicodedata.category(c) != "Mn")


def _clean(name: str) -> str:
    name = normalise_word(name)
    name = re.sub(r"[()\[\]\"'`.]", " ", name)
    return " ".join(name.split())


def _variants(rec: dict[str, str], source: str) -> dict[str, str]:
    """Normalised name variants of a row (Arabic and Latin) -> the spelling they come from."""
    raw: list[str] = []
    for value in (rec.get("name_ar", ""), rec.get("name_en", "")):
        raw.extend(part for part in value.split(",") if part.strip())
    for alt in (rec.get("alt_names") or "").split("|"):
        alt = alt.strip()
        if not alt:
            continue
        if _AR_LETTER.search(alt) is None:
            # GeoNames ships lower-case ASCII transliterations of the Arabic
            # ("alhwl"); they are noise and collide with English words.
            if alt == alt.lower() and alt.isascii():
                continue
            if any(c.isdigit() for c in alt):
                continue
        raw.append(alt)
    out: dict[str, str] = {}
    for name in raw:
        if any(ch in name for ch in "ۆێە۔ڕڵپچژگڤ"):
            continue  # Kurdish/Persian script: not what Arabic news writes
        clean = _clean(name)
        if not clean:
            continue
        if _LATIN.search(clean):
            for form in {clean, _strip_latin_accents(clean)}:
                tokens = re.split(r"[\s\-]+", form)
                # "as sa an", "der a": broken transliterations, not names
                if any(len(t) == 1 or (len(t) == 2 and t not in _ARTICLES) for t in tokens):
                    continue
                if len(form.replace(" ", "")) >= 4:
                    out.setdefault(form, name)
                    # "Deir ez-Zor" is also written "Deir Ezzor"
                    joined = re.sub(r"\b([ae][dlnrstz]h?)[ -](?=\w)", r"\1", form)
                    if joined != form:
                        out.setdefault(joined, name)
            continue
        words = clean.split()
        # "البو كمال" / "البوكمال", "ابو خشب" / "ابوخشب": both spellings occur
        if words[0] in ("البو", "ابو") and len(words) > 1:
            out.setdefault(words[0] + " ".join(words[1:]), name)
        elif len(words) == 1 and clean.startswith("البو") and len(clean) > 6:
            out.setdefault("البو " + clean[4:], name)
        # "محافظة الحسكة", "ناحية الهول", "مركز الشدادي" (admin aliases): the head
        # word is matched on its own, so index the bare name. OSM "منطقة X" points
        # are rough areas and keep their full name only.
        if source == "admin" and len(words) > 1 and words[0] in _HEADS and words[0] != "ريف":
            out.setdefault(" ".join(words[1:]), " ".join(name.split()[1:]))
            continue
        out.setdefault(clean, name)
    return out


def _distance_km(a: _Row, b: _Row) -> float:
    if a.lat is None or b.lat is None or a.lon is None or b.lon is None:
        return 1e9
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


# --------------------------------------------------------------------------
# candidate spans before resolution
# --------------------------------------------------------------------------
@dataclass
class _Span:
    start: int  # incl. head word (after its clitic)
    end: int
    name_start: int
    name_end: int
    head: str | None
    head_kind: str | None
    rural: bool  # "ريف X" (district-level)
    badia: bool
    governorate_head: bool  # "محافظة X", also inside "ريف محافظة X"
    surface: str  # normalised name text as written (clitics removed)
    cands: list[tuple[int, float]]  # (row idx, match-quality score)
    display: dict[int, str] = field(default_factory=dict)  # row idx -> spelling that matched
    base: dict[int, float] = field(default_factory=dict)  # row idx -> quality + prior (pass 1)
    choice: int | None = None
    context_admin1: str | None = None  # the article's governorate, for a village the data lacks


class Gazetteer:
    """Offline gazetteer with an Aho-Corasick name matcher."""

    _default: Gazetteer | None = None
    _lock = threading.Lock()

    def __init__(
        self,
        rows: list[_Row],
        keys: dict[str, list[tuple[int, str, bool, str]]],
        common_words: frozenset[str] = frozenset(),
    ) -> None:
        self.rows = rows
        self.common_words = common_words
        self._keys = keys
        self._automaton = ahocorasick.Automaton()
        for key in keys:
            # trailing space = the match must end on a word boundary
            self._automaton.add_word(key + " ", key)
        self._automaton.make_automaton()
        self._by_name: dict[str, list[int]] = {}
        for row in rows:
            self._by_name.setdefault(_clean(row.name), []).append(row.idx)

    # ---------------------------------------------------------------- loading
    @classmethod
    def default(cls) -> Gazetteer:
        """The gazetteer of ``data/gazetteer``, built once per process."""
        if cls._default is None:
            with cls._lock:
                if cls._default is None:
                    cls._default = cls.from_dir(DATA_DIR)
        return cls._default

    @classmethod
    def from_dir(cls, path: str | Path) -> Gazetteer:
        """Build from a directory holding the gazetteer CSVs."""
        path = Path(path)
        rows: list[_Row] = []
        keys: dict[str, list[tuple[int, str, bool, str]]] = {}
        for filename in CSV_FILES:
            file = path / filename
            if not file.exists():
                continue
            with file.open(encoding="utf-8", newline="") as handle:
                for rec in csv.DictReader(handle):
                    cls._add_row(rec, filename, rows, keys)
        cls._add_english_aliases(path / ALIASES_FILE, rows, keys)
        return cls(rows, keys, _load_common_words(path / "common_words_ar.txt"))

    @staticmethod
    def _add_english_aliases(
        file: Path, rows: list[_Row], keys: dict[str, list[tuple[int, str, bool, str]]]
    ) -> None:
        """English spellings news use for places whose open-data rows have Arabic names only."""
        if not file.exists():
            return
        by_id = {row.place_id: row.idx for row in rows}
        with file.open(encoding="utf-8", newline="") as handle:
            for rec in csv.DictReader(handle):
                idx = by_id.get(rec["place_id"])
                if idx is None:
                    continue
                for alias in rec["aliases"].split("|"):
                    clean = _clean(alias)
                    forms = {clean, _strip_latin_accents(clean)}
                    forms |= {re.sub(r"^a[ln][- ]", "", f) for f in forms}
                    for form in forms:
                        if len(form.replace(" ", "")) >= 4:
                            keys.setdefault(_fold(form), []).append((idx, form, False, rows[idx].name))

    @staticmethod
    def _add_row(
        rec: dict[str, str],
        filename: str,
        rows: list[_Row],
        keys: dict[str, list[tuple[int, str, bool, str]]],
    ) -> None:
        source = _source_of(rec, filename)
        if source == "osm" and normalise_word(rec.get("name_ar", "")).startswith("محافظه"):
            return  # OSM 2014 "محافظة X" region points are rough and some sit in the wrong governorate
        kind, precision = _row_kind(rec, source)
        try:
            lat: float | None = float(rec["lat"]) if rec.get("lat") else None
            lon: float | None = float(rec["lon"]) if rec.get("lon") else None
        except ValueError:
            lat = lon = None
        name = rec.get("name_ar") or rec.get("name_en") or ""
        if "," in name:  # "Maţarī, مطري"
            parts = [p.strip() for p in name.split(",")]
            name = next((p for p in parts if _AR_LETTER.search(p)), parts[0])
        row = _Row(
            idx=len(rows),
            name=name.strip(),
            lat=lat,
            lon=lon,
            admin1=canonical_admin1(rec.get("admin1_en")),
            admin2=(rec.get("admin2") or None) if kind not in ("governorate",) else None,
            kind=kind,
            precision=precision,
            place_id=rec.get("source_id") or "",
            source=source,
            feature_type=rec.get("feature_type", ""),
            population=int(float(rec.get("population") or 0)),
            country=rec.get("country_code", ""),
        )
        rows.append(row)
        for variant, spelling in _variants(rec, source).items():
            is_latin = bool(_LATIN.search(variant))
            forms = [(variant, False)]
            if is_latin:
                art = re.match(r"(?:[ae][dlnrstz]h?)[ -]", variant)
                if art and len(variant) - art.end() >= 4:
                    forms.append((variant[art.end() :], True))
                elif not art:
                    forms.append(("al-" + variant, True))
            else:
                if variant.startswith("ال") and len(variant) > 5:  # not "الدير" -> "دير"
                    forms.append((variant[2:], True))
                elif not variant.startswith("ال"):
                    forms.append(("ال" + variant, True))
            for form, toggled in forms:
                key = _fold(form)
                if len(key.replace(" ", "")) < 2:
                    continue
                display = spelling if not is_latin and not toggled else row.name
                keys.setdefault(key, []).append((row.idx, form, toggled, display))

    # --------------------------------------------------------------- matching
    def find(self, text: str) -> list[PlaceMatch]:
        """Places in normalised ``text``: non-overlapping, in text order."""
        if not text:
            return []
        spans = self._spans(text)
        self._resolve(text, spans)
        return [m for m in (self._to_match(text, s) for s in spans) if m is not None]

    def lookup(self, name: str, near_admin1: str | None = None) -> PlaceMatch | None:
        """Resolve one place name (any spelling, with or without head word)."""
        text = normalise_word(name).strip()
        if not text:
            return None
        # a name given on its own is a place: no stoplist, no head word needed
        spans = self._spans(text, lenient=True)
        if not spans:
            return None
        # the span covering most of the query is the place asked for
        best = max(spans, key=lambda s: (s.end - s.start, -s.start))
        self._resolve(text, [best], near_admin1=near_admin1)
        return self._to_match(text, best)

    # candidate spans ---------------------------------------------------------
    def _spans(self, text: str, lenient: bool = False) -> list[_Span]:
        folded = _fold(text) + " "
        words = _Words(text, folded)
        raw: list[_Span] = []
        for end_idx, key in self._automaton.iter(folded):
            end = end_idx  # index of the trailing space = exclusive end
            start = end - len(key)
            ws = words.start_of(start)
            if ws < start:
                prefix = text[ws:start]
                if prefix not in _ALLOWED_PREFIX or _LATIN.match(key):
                    continue
            else:
                prefix = ""
            span = self._make_span(text, words, key, start, end, prefix, lenient)
            if span is not None:
                raw.append(span)
        if not raw:
            return self._unknown_after_heads(text, [])
        # longest first, then earliest; exact spellings beat folded ones
        raw.sort(key=lambda s: (-(s.name_end - s.name_start), -max(q for _, q in s.cands), s.start))
        taken: list[_Span] = []
        occupied = bytearray(len(text) + 1)
        for span in raw:
            if any(occupied[span.name_start : span.name_end]):
                continue
            taken.append(span)
            occupied[span.name_start : span.name_end] = b"\x01" * (span.name_end - span.name_start)
        taken.sort(key=lambda s: s.start)
        # a head word span must not swallow the previous match
        for prev, cur in zip(taken, taken[1:], strict=False):
            if cur.start < prev.end:
                cur.start = cur.name_start
                cur.head = None
                cur.head_kind = None
                cur.rural = cur.badia = cur.governorate_head = False
        self._inherit_list_heads(text, taken)
        for span in taken:
            # "الباغوز الفوقاني", "الكسار التحتاني": the qualifier is part of the name
            m = _NAME_SUFFIX.match(text, span.end)
            if m and (span.head is None or not span.rural):
                span.end = span.name_end = m.end()
                span.surface = text[span.name_start : span.end]
        return self._unknown_after_heads(text, taken)

    @staticmethod
    def _inherit_list_heads(text: str, spans: list[_Span]) -> None:
        """ "محافظتي الحسكة والرقة", "بريفي حلب وادلب": the plural head covers the list."""
        carrying = False
        for prev, cur in zip(spans, spans[1:], strict=False):
            words = text[prev.start : prev.name_start].split()
            carrying = carrying or bool(words and words[0] in _PLURAL_HEADS)
            if not carrying or cur.head is not None or not _LIST_GAP.match(text[prev.end : cur.name_start]):
                carrying = False
                continue
            cur.head, cur.head_kind = prev.head, prev.head_kind
            cur.rural, cur.badia, cur.governorate_head = prev.rural, prev.badia, prev.governorate_head

    def _make_span(
        self, text: str, words: _Words, key: str, start: int, end: int, prefix: str, lenient: bool = False
    ) -> _Span | None:
        surface = text[start:end]
        full = prefix[-2:] + surface if prefix.endswith("ال") else surface
        if full in _HEADS or surface in _HEADS or self._strip_clitic_head(prefix + surface)[0]:
            return None  # "مدينة", "المحافظة", "بريفي" are head words, never places themselves
        if not lenient and (full in _NOT_NAMES or surface in _NOT_NAMES):
            return None
        name_start = start - (2 if prefix.endswith("ال") else 0)
        head, head_kind, head_start, inner = self._head_before(
            words, name_start - len(prefix) + (2 if prefix.endswith("ال") else 0)
        )
        if not lenient and head is None and full in self.common_words:
            return None  # cheap early exit for the most frequent rejections
        if not lenient and _ORG_TAIL.match(text, end):
            return None  # "قوات سوريا الديمقراطية" is an organisation, not a place
        cands: list[tuple[int, float]] = []
        display: dict[int, str] = {}
        full_noal = full.replace("ال", "", 1)
        latin = _LATIN.match(surface) is not None
        for idx, form, toggled, spelling in self._keys[key]:
            if latin or form in (surface, full):  # Latin keys differ only in al-/ez-/hyphens
                quality = 3.0
            elif form.replace("ال", "", 1) == full_noal:
                quality = 2.0
            else:
                quality = 1.0  # matched through ق/ك or final-letter folding
            if toggled:
                quality -= 0.5
            cands.append((idx, quality))
            if quality >= 2.0 and (idx not in display or not toggled):
                display[idx] = spelling
        rural = head == "ريف"
        span = _Span(
            start=head_start if head else name_start,
            end=end,
            name_start=name_start,
            name_end=end,
            head=head,
            head_kind=head_kind,
            rural=rural,
            badia=head == "باديه",
            governorate_head=head == "محافظه" or inner == "محافظه",
            surface=full,
            cands=cands,
            display=display,
        )
        if _LATIN.match(surface):
            self._english_head(text, span)
        # "ريف X الشرقي": keep the direction adjective in the span
        if rural:
            tail = text[end : end + 24]
            m = _DIRECTION_TAIL.match(tail)
            if m and rural:
                span.end = end + m.end()
        if not lenient and not self._acceptable(span, words):
            return None
        return span

    @staticmethod
    def _english_head(text: str, span: _Span) -> None:
        """ "Raqqa province", "rural Hasakah", "the Deir ez-Zor countryside"."""
        after = _EN_AFTER.match(text, span.end)
        before = _EN_BEFORE.search(text, max(0, span.start - 30), span.start)
        if after and after.group(1) in ("province", "governorate"):
            span.head, span.head_kind, span.governorate_head = "province", "governorate", True
            span.end = after.end()
        elif after and after.group(1) == "countryside":
            span.head, span.head_kind, span.rural = "countryside", "district", True
            span.end = after.end()
        elif before:
            span.head, span.head_kind, span.rural = "rural", "district", True
            span.start = before.start(1)

    def _head_before(self, words: _Words, word_start: int) -> tuple[str | None, str | None, int, str | None]:
        """Head word right before ``word_start`` ("بريف", "في قرية", "الريف الشرقي ل").

        Returns (head, kind it implies, where the head starts, inner head of
        "ريف محافظة X" / "ريف مدينة X").
        """
        text = words.text
        j, i = words.before(word_start)
        word = text[j:i]
        if not word:
            return None, None, word_start, None
        # "الريف الشرقي لدير الزور": the head is two words back, name has ل
        if word in _DIRECTION_ADJ or word.rstrip("ه") in _DIRECTION_ADJ:
            m, k = words.before(j)
            prev = text[m:k]
            base, off = self._strip_clitic_head(prev)
            if base is not None and _HEADS[base][0] == "ريف":
                return "ريف", "district", m + off, None
            return None, None, word_start, None
        base, off = self._strip_clitic_head(word)
        if base is None:
            return None, None, word_start, None
        head, kind = _HEADS[base]
        start = j + off
        # "ريف محافظة X" / "بريف مدينة X": the outer head decides the precision
        if head in ("محافظه", "مدينه", "بلده") and j > 0:
            outer, _, outer_start, _ = self._head_before(words, j)
            if outer == "ريف":
                return "ريف", "district", outer_start, head
        return head, kind, start, None

    @staticmethod
    def _strip_clitic_head(word: str) -> tuple[str | None, int]:
        """("ريف", 1) for "بريف": the head word in a token and the length of its clitic."""
        return _HEAD_TOKENS.get(word, (None, 0))

    def _acceptable(self, span: _Span, words: _Words) -> bool:
        """Stoplist and head-word requirements for risky names."""
        bare = span.surface
        bare_noal = bare[2:] if bare.startswith("ال") else bare
        if bare in _NOT_NAMES or bare_noal in _NOT_NAMES:
            return False
        text = words.text
        if self._after_kunya(words, span.name_start):
            return False  # "ابو حمزة", "ابن الشيخ": part of a person's name
        best_quality = max(q for _, q in span.cands)
        letters = len(bare_noal.replace(" ", ""))
        if best_quality < 2.0 and letters < 5:
            return False  # only a ق/ك or final-letter folding of a short name
        if span.head is not None:
            if span.head in _SITE_HEADS and all(self.rows[i].kind == "country" for i, _ in span.cands):
                return False  # "مدينة سورية" is "a Syrian city"
            # still not a place: "منطقة" + a common noun is usually not one
            return not (span.head in ("منطقه", "حي") and bare in self.common_words and not self._strong(span))
        if bare in self.common_words:
            return False
        if _LATIN.search(bare):
            return True
        rows = [self.rows[i] for i, _ in span.cands]
        strong = [r for r in rows if r.source != "osm" or r.kind in ("city", "town")]
        token_start = words.start_of(span.name_start)
        if text[token_start : span.name_end] in self.common_words:
            return False  # "بواسطة", "برميل": clitic + name is itself a common word
        if not strong:
            # OSM-only names: villages need some length, localities a head word
            villages = [r for r in rows if r.kind in ("village", "neighbourhood", "region")]
            if not villages:
                # "وادي العجيج", "جبل X": a name that starts with its own feature word
                # ("بوادي الرقة" is the plural of بادية, not ب + a wadi)
                first = bare.split()[0]
                clitic = text[token_start : span.name_start]
                return " " in bare and first in _FEATURE_FIRST and not (first == "وادي" and clitic == "ب")
            return letters >= 4
        return True

    @staticmethod
    def _after_kunya(words: _Words, pos: int) -> bool:
        j, i = words.before(words.start_of(pos))
        return words.text[j:i] in _KUNYA

    def _unknown_after_heads(self, text: str, spans: list[_Span]) -> list[_Span]:
        """ "قرية X" where X is not in the gazetteer -> an unresolved span."""
        covered = bytearray(len(text) + 1)  # positions inside a span already found
        for s in spans:
            covered[s.start : s.end] = b"\x01" * (s.end - s.start)
        extra: list[_Span] = []
        for m in _HEAD_RE.finditer(text):
            head_word = m.group("head")
            base = head_word if head_word in _HEADS else None
            if base is None:
                continue
            head, kind = _HEADS[base]
            if head_word not in _UNKNOWN_OK_HEADS:
                continue  # plurals ("مناطق", "قرى") introduce no single place
            hs = m.start("head")
            ns, ne = m.start("name"), m.end("name")
            name = m.group("name")
            words = name.split()
            first = words[0]
            compound = first == "جديده" and len(words) > 1 and words[1] not in _NOT_NAMES  # "جديدة بكارة"
            if (first in _NOT_NAMES or first in self.common_words or len(first) < 3) and not compound:
                continue
            if first.endswith("يه") and not first.startswith("ال"):
                continue  # indefinite nisba adjective: "قرية نائية", "مدينة عراقية"
            if first in _HEADS or (first[0] == "و" and first[1:] in _HEADS):
                continue
            # "منطقة مخروم على طريق ..." is a place; "منطقة سيطرة قسد" is not
            if (
                head in ("منطقه", "حي", "سجن", "مخيم")
                and not first.startswith("ال")
                and (
                    head != "منطقه"
                    or first in _GENERIC_AREA
                    or not _PLACE_FOLLOWS.match(text, ns + len(first))
                )
            ):
                continue
            if len(words) > 1 and not (words[1] in _NAME_SECOND or first in _NAME_FIRST):
                ne = ns + len(first)
                name = first
            if any(covered[ns:ne]):
                continue
            extra.append(
                _Span(
                    start=hs,
                    end=ne,
                    name_start=ns,
                    name_end=ne,
                    head=head,
                    head_kind=kind,
                    rural=False,
                    badia=head == "باديه",
                    governorate_head=False,
                    surface=name,
                    cands=[],
                )
            )
            covered[hs:ne] = b"\x01" * (ne - hs)
        if not extra:
            return spans
        return sorted(spans + extra, key=lambda s: s.start)

    # resolution ----------------------------------------------------------------
    def _prior(self, span: _Span, row: _Row) -> float:
        kind_prior = {
            "city": 2.0,
            "town": 1.6,
            "governorate": 1.2,
            "district": 1.0,
            "subdistrict": 0.8,
            "camp": 2.5,
            "prison": 2.5,
            "village": 1.0,
            "neighbourhood": 0.9,
            "locality": 0.6,
            "region": 1.2,
            "country": 1.3,
            "area": 1.5,
        }.get(row.kind, 1.0)
        if row.source == "geonames":
            kind_prior += 0.3
        elif row.source == "osm" and row.kind in ("city", "town"):
            kind_prior -= 0.1
        if row.country == "SY":
            kind_prior += 0.1  # the project is Syria first
        if row.population >= 10000 and not any(self.rows[i].kind == "governorate" for i, _ in span.cands):
            # "Sinjar": the town of 38,000 in Nineveh, not the Idlib village of the same name (a
            # governorate's capital against the governorate keeps the rules below)
            kind_prior += min(1.0, math.log10(row.population / 1000) / 2)
        head = "محافظه" if span.governorate_head else ("ريف" if span.rural else span.head)
        if head == "محافظه":
            kind_prior += 6.0 if row.kind == "governorate" else 0.0
        elif head == "ريف":
            kind_prior += {"district": 3.0, "governorate": 1.0, "city": 1.2, "town": 1.0}.get(row.kind, 0.0)
        elif head == "ناحيه":
            kind_prior += 4.0 if row.kind == "subdistrict" else 0.0
        elif head == "قضاء":
            kind_prior += 4.0 if row.kind == "district" else 0.0
        elif head == "مدينه":
            kind_prior += 1.5 if row.kind in ("city", "town") else (-1.0 if row.source == "admin" else 0.0)
        elif head in ("قريه", "بلده", "مزرعه"):
            kind_prior += -2.0 if row.source == "admin" or row.kind == "city" else 1.0
        elif head == "مخيم":
            kind_prior += 3.0 if row.kind == "camp" else 0.0
        elif head == "سجن":
            kind_prior += 3.0 if row.kind == "prison" else 0.0
        elif head == "حي":
            kind_prior += 2.0 if row.kind == "neighbourhood" else 0.0
        elif head == "باديه":
            kind_prior += 1.0 if row.kind in ("governorate", "region") else 0.0
        elif head is None and row.kind == "governorate":
            if self._governorate_only(span):
                kind_prior += 2.0
            else:
                kind_prior -= 0.3  # "في الرقة" is the city unless the text says محافظة
        return kind_prior

    def _score(
        self,
        span: _Span,
        idx: int,
        quality: float,
        near: list[tuple[_Row, float]],
        admin1_weights: dict[str, float],
    ) -> float:
        row = self.rows[idx]
        score = span.base[idx] if idx in span.base else quality + self._prior(span, row)
        if row.admin1 and row.admin1 in admin1_weights:
            score += admin1_weights[row.admin1]
        best_near = 0.0
        for other, weight in near:
            if other.idx == row.idx:
                continue
            if other.kind in ("governorate", "region", "country"):
                # a governorate centroid says nothing about distance, only about admin1
                if other.admin1 and other.admin1 == row.admin1:
                    best_near = max(best_near, weight * 0.5)
                continue
            d = _distance_km(row, other)
            if d < 80:
                # flat within 25 km: two rows of one town must not flip on a few km
                best_near = max(best_near, weight * min(1.0, (80.0 - d) / 55.0))
        return score + best_near

    def _resolve(self, text: str, spans: list[_Span], near_admin1: str | None = None) -> None:
        # pass 1: without context
        for span in spans:
            if span.cands:
                for i, q in span.cands:  # one row can match through several variants: keep its best
                    score = q + self._prior(span, self.rows[i])
                    if score > span.base.get(i, -1e9):
                        span.base[i] = score
                span.choice = max(span.base, key=lambda i: (span.base[i], -i))
        admin1_weights: dict[str, float] = {}
        for span in spans:
            if span.choice is None:
                continue
            row = self.rows[span.choice]
            if row.admin1 and row.kind in ("city", "governorate", "district", "town") and self._unique(span):
                admin1_weights[row.admin1] = min(1.0, admin1_weights.get(row.admin1, 0.0) + 0.5)
        if near_admin1:
            canon = canonical_admin1(near_admin1)
            if canon:
                admin1_weights[canon] = 3.0
        # pass 2: names with several rows, using what follows them
        for pos, span in enumerate(spans):
            if len({i for i, _ in span.cands}) < 2:
                continue
            near: list[tuple[_Row, float]] = []
            sent_end = _sentence_end(text, span.end)
            prev_end = span.end
            for other in spans[pos + 1 : pos + 4]:
                if other.start > sent_end or other.choice is None:
                    break
                gap = other.start - span.end
                # "X بريف Y", "X جنوب Y" qualify X; "X وY" is just a list of places
                listed = _LIST_GAP.match(text[prev_end : other.name_start]) is not None
                weight = 0.5 if listed else (4.0 if gap < 40 else 2.0)
                near.append((self.rows[other.choice], weight))
                prev_end = other.end
            for other in spans[max(0, pos - 2) : pos]:
                if other.choice is not None and span.start - other.end < 80:
                    near.append((self.rows[other.choice], 1.0))
            span.choice = max(
                span.cands,
                key=lambda c: (self._score(span, c[0], c[1], near, admin1_weights), -c[0]),
            )[0]
        # one name, one place per article: a bare mention follows the headed one
        headed = {
            s.surface: s.choice
            for s in spans
            if s.head and s.choice is not None and not s.rural and self.rows[s.choice].kind != "governorate"
        }
        for span in spans:
            if span.head is None and span.surface in headed:
                choice = headed[span.surface]
                if any(i == choice for i, _ in span.cands):
                    span.choice = choice
        for span in spans:
            # "ريف X" is X's countryside: X's district row when the data has one
            if span.rural and not span.governorate_head and span.choice is not None:
                row = self.rows[span.choice]
                if row.kind in ("city", "town"):
                    for i, _ in span.cands:
                        other = self.rows[i]
                        if other.kind == "district" and other.admin1 == row.admin1:
                            span.choice = i
                            break
        self._drop_far_homonyms(text, spans)
        self._drop_off_context_villages(spans)

    def _article_governorate(self, spans: list[_Span], minimum: int = 2) -> str | None:
        """The governorate most of an article's unambiguous towns and governorates lie in."""
        tally: dict[str, int] = {}
        for span in spans:
            if span.choice is None or not self._unique(span):
                continue
            row = self.rows[span.choice]
            if row.admin1 and row.kind in ("city", "town", "governorate", "district", "subdistrict", "camp"):
                tally[row.admin1] = tally.get(row.admin1, 0) + 1
        if not tally:
            return None
        top = max(tally, key=lambda a: tally[a])
        if tally[top] < minimum or tally[top] < 0.6 * sum(tally.values()):
            return None
        return top

    def _admin1_before(self, spans: list[_Span], pos: int, reach: int = 250) -> str | None:
        """Governorate of the nearest unambiguous place named shortly before ``spans[pos]``."""
        for other in reversed(spans[:pos]):
            if spans[pos].start - other.end > reach:
                return None
            if other.choice is not None and self._unique(other) and self.rows[other.choice].admin1:
                return self.rows[other.choice].admin1
        return None

    def _drop_off_context_villages(self, spans: list[_Span]) -> None:
        """A small village resolved outside the article's governorate is a homonym the data lacks.

        Local reporting names villages of one area; when every row of a village name
        lies in a governorate the article never mentions, its coordinates would be
        hundreds of km off: keep the name, take the article's governorate, drop the point.
        """
        # a village the data lacks lies where the text just was, or in the article's one governorate
        lone = self._article_governorate(spans, minimum=1)
        for pos, span in enumerate(spans):
            if span.choice is None:
                span.context_admin1 = self._admin1_before(spans, pos) or lone
        home = self._article_governorate(spans)
        if home is None:
            return
        # governorate -> the names that place it there without ambiguity
        names_in: dict[str | None, set[str]] = {}
        for s in spans:
            if s.choice is not None and self._unique(s):
                names_in.setdefault(self.rows[s.choice].admin1, set()).add(s.surface)
        for span in spans:
            if span.choice is None:
                continue
            # governorates the rest of the article names (a name does not vouch for itself)
            mentioned = {a for a, names in names_in.items() if names - {span.surface}}
            row = self.rows[span.choice]
            if row.source != "osm" or row.kind not in ("village", "locality", "neighbourhood"):
                continue
            if row.admin1 in mentioned or any(self.rows[i].admin1 in mentioned for i, _ in span.cands):
                continue
            span.choice = None
            span.context_admin1 = home

    def _drop_far_homonyms(self, text: str, spans: list[_Span]) -> None:
        """Unresolve a small village whose only rows lie far from the place the text puts it in.

        "قرية الكسار بريف دير الزور" while the data's only كسار is in Aleppo: the
        village is a homonym missing from the data, so its coordinates would be
        wrong by hundreds of km. Towns and cities keep their row (the named place
        wins over the qualifier, GUIDELINES rule 6).
        """
        for pos, span in enumerate(spans[:-1]):
            if span.choice is None:
                continue
            row = self.rows[span.choice]
            if row.source != "osm" or row.kind not in ("village", "locality", "neighbourhood"):
                continue
            qual = spans[pos + 1]
            if (
                qual.choice is None
                or qual.start - span.end > 40
                or _SENT_END.search(text, span.end, qual.start)
            ):
                continue
            qrow = self.rows[qual.choice]
            if not qrow.admin1 or qrow.admin1 == row.admin1:
                continue
            if qrow.kind in ("governorate", "region", "country") or _distance_km(row, qrow) > 100:
                span.choice = None

    def _strong(self, span: _Span) -> bool:
        return any(self.rows[i].source != "osm" for i, _ in span.cands)

    def _governorate_only(self, span: _Span) -> bool:
        """ "صلاح الدين", "الانبار": a governorate name with no town of it in the same governorate."""
        govs = {self.rows[i].admin1 for i, _ in span.cands if self.rows[i].kind == "governorate"}
        if not govs:
            return False
        return not any(
            self.rows[i].kind in ("city", "town") and self.rows[i].admin1 in govs for i, _ in span.cands
        )

    def _unique(self, span: _Span) -> bool:
        names = {self.rows[i].name for i, _ in span.cands}
        admin1s = {self.rows[i].admin1 for i, _ in span.cands}
        return len(names) == 1 or len(admin1s) == 1

    # output ------------------------------------------------------------------------
    def _to_match(self, text: str, span: _Span) -> PlaceMatch | None:
        if span.choice is None:
            admin1 = self._admin1_after(text, span) or span.context_admin1
            kind = span.head_kind or "village"
            precision = {"region": "region", "subdistrict": "district", "district": "district"}.get(
                span.head_kind or "", "exact"
            )
            return PlaceMatch(
                start=span.start,
                end=span.end,
                name_start=span.name_start,
                name=span.surface,
                head=span.head,
                lat=None,
                lon=None,
                admin1=admin1,
                admin2=None,
                precision=precision,
                kind=kind,
                place_id=None,
                resolved=False,
            )
        row = self.rows[span.choice]
        kind, precision = row.kind, row.precision
        if kind == "locality":
            kind = "village"
        if span.rural and row.kind not in ("village", "locality", "neighbourhood", "camp", "prison"):
            kind, precision = "district", "district"
        elif span.badia:
            kind, precision = "region", "region"
            # "بوادي الرقة" -> the curated "بادية الرقة" region when there is one
            for idx, *_ in self._keys.get(_fold("باديه " + _clean(row.name)), ()):
                if self.rows[idx].kind == "region":
                    row = self.rows[idx]
                    break
        elif span.governorate_head and row.kind == "governorate":
            kind, precision = "governorate", "governorate"
        elif span.head == "منطقه" and row.kind == "region" and row.source == "osm":
            kind, precision = "area", "exact"  # "منطقة الفيضة": a named area with its own point
        elif span.head in ("قريه", "بلده", "مدينه") and row.precision == "exact":
            kind = {"قريه": "village", "بلده": "town", "مدينه": "city"}[span.head]
        return PlaceMatch(
            start=span.start,
            end=span.end,
            name_start=span.name_start,
            # GeoNames' name_ar was picked heuristically (e.g. "القامشلو"); the
            # Arabic alternate name the text matched is the better label there
            name=span.display.get(row.idx, row.name) if row.source == "geonames" else row.name,
            head=span.head,
            lat=row.lat,
            lon=row.lon,
            admin1=row.admin1,
            admin2=row.admin2,
            precision=precision,
            kind=kind,
            place_id=row.place_id,
            resolved=True,
        )

    def _admin1_after(self, text: str, span: _Span) -> str | None:
        """Governorate of the place named right after an unknown one."""
        window = text[span.end : span.end + 60]
        if len(window) == 60 and " " in window:
            window = window[: window.rindex(" ")]  # no half word at the end
        sub = self._spans_light(window)
        for idx in sub:
            row = self.rows[idx]
            if row.admin1:
                return row.admin1
        return None

    def _spans_light(self, text: str) -> list[int]:
        spans = self._spans(text)
        self._resolve(text, spans)
        return [s.choice for s in spans if s.choice is not None]

    def names(self) -> Iterable[str]:
        """Canonical names of all rows (for editors' autocomplete)."""
        return (row.name for row in self.rows)


_GENERIC_AREA = frozenset(
    normalise_word(w)
    for w in (
        "سيطرة", "نفوذ", "عمليات", "اشتباك", "اشتباكات", "تماس", "نزاع", "خفض", "عازلة", "حدودية",
        "صحراوية", "جبلية", "زراعية", "صناعية", "سكنية", "عسكرية", "أمنية", "مفتوحة", "وعرة", "قريبة",
        "بعيدة", "محددة", "معينة", "واسعة", "نائية", "خاضعة", "تقع", "تسيطر", "يسيطر", "شرق", "غرب",
    )
)
_PLACE_FOLLOWS = re.compile(
    r"\s*(?:[,.;:]|$|(?:علي|في|قرب|بالقرب|التابعه|الواقعه|بين|قضاء|ناحيه|محافظه|ب(?:ريف|مدينه|محافظه|باديه)|"
    r"(?:شمال|جنوب|شرق|غرب)\w*)(?!\w))"
)


def _sentence_end(text: str, pos: int) -> int:
    m = _SENT_END.search(text, pos)
    return m.start() if m else len(text)


def _wordset(words: str) -> frozenset[str]:
    """Word list in normalised spelling (so it compares with normalised text)."""
    return frozenset(normalise_word(w) for w in words.split())


_SENT_END = re.compile(r"[.!?\n;]")
_ORG_TAIL = re.compile(r" (?:الديمقراطيه|الديموقراطيه)(?![\w])")
_EN_AFTER = re.compile(r" (province|governorate|countryside)\b")
_EN_BEFORE = re.compile(r"\b(rural|(?:eastern|western|northern|southern) countryside of|countryside of) $")
_NAME_SUFFIX = re.compile(r" (ال(?:فوقاني|تحتاني|فوكاني|فوقا|تحتا))(?![\w])")
_LIST_GAP = re.compile(r"^\s*,?\s*و?$")
_PLURAL_HEADS = _wordset("محافظتي محافظات ريفي ارياف مدينتي مدن بلدتي بلدات قريتي قري مخيمي مخيمات بوادي")
_DIRECTION_TAIL = re.compile(
    r" (ال(?:شمالي|جنوبي)(?: ال(?:شرقي|غربي))?|ال(?:شرقي|غربي)(?:ه)?|ال(?:شماليه|جنوبيه))(?![\w])"
)
_SITE_HEADS = frozenset({"قريه", "بلده", "مدينه", "مخيم", "سجن", "حي", "مزرعه", "بلديه"})
_UNKNOWN_OK_HEADS = {"قريه", "بلده", "مدينه", "مخيم", "سجن", "حي", "منطقه", "ناحيه", "مزرعه", "بلديه"}
_KUNYA = frozenset(["ابو", "ابي", "ابا", "ابن", "بن", "بنت", "ام", "abu", "ibn", "bin", "umm"])
_HEAD_RE = re.compile(
    r"(?<![\w])(?:و|ف|ب|وب|فب|ل|ول)?(?P<head>"
    + "|".join(sorted((h for h in _HEADS if not h.startswith("ال")), key=len, reverse=True))
    + r")\s+(?=(?P<name>[\u0621-\u064a]{2,}(?:\s+[\u0621-\u064a]{2,})?))"
)
# words that cannot be a place name right after a head word
_NOT_NAMES = _wordset(
    "في من على الى عن مع قرب بين التي الذي الذين حيث خلال ضمن تابعه التابعه خاضعه الخاضعه نفوذ "
    "عمليات سيطره واحده اخري اخرى اخر عده عدد كل بعض جديده قديمه كبيره صغيره مجاوره المجاوره "
    "محاذيه قريبه القريبه البعيده نائيه الواقعه تقع يقع وهي وهو هي هو كانت كان قد لا لم ما او ثم "
    "انه الي عند امس اليوم قيد حدوديه الحدوديه سكنيه السكنيه ريفيه الريفيه زراعيه الزراعيه صحراويه "
    "الصحراويه عسكريه العسكريه امنيه الامنيه مدنيه المدنيه الشرقي الغربي الشمالي الجنوبي الشرقيه "
    "الغربيه الشماليه الجنوبيه شرق غرب شمال جنوب شرقي غربي شمالي جنوبي محيط اطراف داخل خارج بالقرب "
    "وسط بمحيط باطراف العمليات النفوذ السيطره المسؤوليه مسؤوليه الاشتباك الاشتباكات الهجوم الحادث "
    "الحادثه التفجير علي عليه عليها الا اما ان انها سابقا سابق حاليا لاحقا ايضا فقط بعد قبل منذ "
    "حتي اثناء النظام الحكومه المعارضه التنظيم الدوله داعش قسد الاحتلال الاكراد العشاير العشيره "
    "الاخري المذكوره المذكور نفسها نفسه ذاتها ذاته ذلك تلك هذه هذا الانزال العمليه المداهمه "
    "الاستهداف الاشتباكات الاستهدافات الهجمات الكمين الضربه الغاره الحمله التمشيط الانفجار"
)
_NAME_FIRST = _wordset(
    "ابو ام تل عين دير بير بئر خربه جسر كفر سد حاوي وادي جبل راس رأس شيخ الشيخ بني حقل قصر جب جديده "
    "مزرعه ذات بيت عرب سيد حمام"
)
_FEATURE_FIRST = _wordset("وادي جبل جبال حقل سد تل تلال")
_NAME_SECOND = _wordset(
    "الفوقاني التحتاني الفوقا التحتا الكبير الصغير الكبيره الصغيره الشرقي الغربي الشمالي الجنوبي "
    "الشرقيه الغربيه الشماليه الجنوبيه القديمه الجديده"
)
