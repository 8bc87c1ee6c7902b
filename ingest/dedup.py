"""Near-duplicate articles: the same story republished or lightly edited.

Exact copies are caught by ``content_hash``. Near copies (a changed headline,
a dropped sentence, another outlet's byline on the same wire text) are caught
here with MinHash over word shingles of the normalised text:

* each article gets a 64-value MinHash signature of its 3-word shingles;
* the signature is cut into 16 bands of 4 values; each band's hash is stored
  in ``ArticleBand`` (indexed), so finding candidates is one indexed query
  whatever the number of stored articles (LSH: articles sharing a band);
* candidates (only articles received in the last ``WINDOW_DAYS``) are
  confirmed by the estimated Jaccard similarity of the signatures, and by
  rapidfuzz over the normalised texts when the estimate is borderline.

A confirmed near-duplicate is linked to the original and not extracted, so it
creates no incidents (a copy is not independent corroboration).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from datetime import timedelta

import numpy as np
from django.utils import timezone

from ingest.extraction.normalise import normalise_word

NUM_PERM = 64
BANDS = 16
ROWS = NUM_PERM // BANDS
SHINGLE = 3
THRESHOLD = 0.6  # estimated Jaccard over 3-shingles
BORDERLINE = 0.45  # between this and THRESHOLD, rapidfuzz decides
FUZZ_THRESHOLD = 85.0
WINDOW_DAYS = 90
MIN_WORDS = 8  # shorter texts are too small for shingling to mean anything

_P = (1 << 61) - 1  # Mersenne prime for the universal hash family
# Fixed coefficients derived from a constant seed: signatures must be stable
# across processes and releases (they are stored).
_COEFFS = [
    (
        int.from_bytes(hashlib.blake2b(f"a{i}".encode(), digest_size=8).digest(), "big") % (_P - 1) + 1,
        int.from_bytes(hashlib.blake2b(f"b{i}".encode(), digest_size=8).digest(), "big") % _P,
    )
    for i in range(NUM_PERM)
]
_WORD = re.compile(r"\w+", re.UNICODE)


def words(text: str) -> list[str]:
    """Normalised word tokens (spelling variants folded)."""
    return _WORD.findall(normalise_word(text))


def shingles(tokens: Sequence[str], size: int = SHINGLE) -> set[int]:
    if len(tokens) < size:
        return {_hash64(" ".join(tokens))} if tokens else set()
    return {_hash64(" ".join(tokens[i : i + size])) for i in range(len(tokens) - size + 1)}


def _hash64(value: str) -> int:
    return int.from_bytes(hashlib.blake2b(value.encode("utf-8"), digest_size=8).digest(), "big")


def signature(text: str) -> list[int] | None:
    """The MinHash signature of ``text``, or None when it is too short."""
    tokens = words(text)
    if len(tokens) < MIN_WORDS:
        return None
    return _minhash(list(shingles(tokens)))


# The coefficients as 32-bit halves, for _minhash (a = a_hi * 2**32 + a_lo; a_hi < 2**29).
_A_HI = np.array([[a >> 32] for a, _ in _COEFFS], dtype=np.uint64)
_A_LO = np.array([[a & 0xFFFFFFFF] for a, _ in _COEFFS], dtype=np.uint64)
_B = np.array([[b] for _, b in _COEFFS], dtype=np.uint64)
_M61 = np.uint64(_P)
_LOW32 = np.uint64(0xFFFFFFFF)
_LOW29 = np.uint64((1 << 29) - 1)


def _minhash(hashes: Sequence[int]) -> list[int]:
    """``[min((a * h + b) % _P for h in hashes) for a, b in _COEFFS]``, exactly, with
    64-bit integer arrays: every 122-bit product a * h is folded modulo the Mersenne
    prime 2**61 - 1 (2**61 = 1, 2**64 = 8) without overflowing 64 bits."""
    h = np.array([value % _P for value in hashes], dtype=np.uint64)[None, :]
    h_hi, h_lo = h >> np.uint64(32), h & _LOW32  # h_hi < 2**29
    high = (_A_HI * h_hi) << np.uint64(3)  # a_hi*h_hi * 2**64 = a_hi*h_hi * 8 (< 2**61)
    mid = _A_HI * h_lo + _A_LO * h_hi  # < 2**62, times 2**32:
    mid = (mid >> np.uint64(29)) + ((mid & _LOW29) << np.uint64(32))  # m_hi*2**61 + m_lo*2**32
    low = _A_LO * h_lo  # < 2**64
    low = (low & _M61) + (low >> np.uint64(61))
    total = high + mid + low + _B  # < 2**63
    total = (total & _M61) + (total >> np.uint64(61))  # < _P + 4
    total = np.where(total >= _M61, total - _M61, total)
    return [int(v) for v in total.min(axis=1)]


def band_keys(sig: Sequence[int]) -> list[str]:
    """One short key per band; articles sharing a key are candidates."""
    keys = []
    for band in range(BANDS):
        chunk = ",".join(str(v) for v in sig[band * ROWS : (band + 1) * ROWS])
        keys.append(f"{band:02d}" + hashlib.blake2b(chunk.encode(), digest_size=8).hexdigest())
    return keys


def similarity(a: Sequence[int], b: Sequence[int]) -> float:
    """Estimated Jaccard similarity of the two signatures' shingle sets."""
    if not a or not b or len(a) != len(b):
        return 0.0
    return sum(1 for x, y in zip(a, b, strict=True) if x == y) / len(a)


def _fuzz(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    return fuzz.token_set_ratio(" ".join(words(a)), " ".join(words(b)))


def find_original(article_id: int | None, text: str, sig: Sequence[int] | None) -> int | None:
    """The id of an earlier stored article that ``text`` nearly duplicates."""
    from .models import Article, ArticleBand

    if not sig:
        return None
    since = timezone.now() - timedelta(days=WINDOW_DAYS)
    candidate_ids = set(
        ArticleBand.objects.filter(key__in=band_keys(sig), article__received_at__gte=since)
        .exclude(article_id=article_id)
        .values_list("article_id", flat=True)[:200]
    )
    if not candidate_ids:
        return None
    best: tuple[float, int] | None = None
    rows = Article.objects.filter(pk__in=candidate_ids, near_duplicate_of__isnull=True).values_list(
        "pk", "minhash", "text"
    )
    for pk, other_sig, other_text in rows:
        if article_id is not None and pk >= article_id:
            continue  # the original is the earlier article
        score = similarity(sig, other_sig or [])
        if score < THRESHOLD and (score < BORDERLINE or _fuzz(text, other_text) < FUZZ_THRESHOLD):
            continue
        if best is None or score > best[0]:
            best = (score, pk)
    return best[1] if best else None


def store_signature(article_id: int, sig: Sequence[int] | None) -> None:
    from .models import ArticleBand

    if not sig:
        return
    ArticleBand.objects.bulk_create(
        [ArticleBand(article_id=article_id, key=key) for key in band_keys(sig)], ignore_conflicts=True
    )


def backfill(article_ids: Iterable[int] | None = None) -> int:
    """Compute missing signatures (articles stored before this module)."""
    from .models import Article

    qs = Article.objects.filter(minhash__isnull=True)
    if article_ids is not None:
        qs = qs.filter(pk__in=list(article_ids))
    count = 0
    for pk, text in qs.values_list("pk", "text").iterator():
        sig = signature(text)
        Article.objects.filter(pk=pk).update(minhash=sig or [])
        store_signature(pk, sig)
        count += 1
    return count
