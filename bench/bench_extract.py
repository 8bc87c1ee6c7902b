"""Throughput of the extractor alone, on one core, for ~3 KB articles.

Uses the dev articles of ../shared/eval when present (padded or cut to about
3 KB), else synthetic Arabic news text written for this bench. Prints one JSON
line: articles_per_s, median_ms, p95_ms, count.

    python bench/bench_extract.py [--rounds N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ingest.extraction import extract_article  # noqa: E402

DEV = ROOT.parent / "shared" / "eval" / "dev" / "articles"
TARGET_CHARS = 3000

_SYNTHETIC = [
    "أعلنت قوات سوريا الديمقراطية، اليوم الثلاثاء، اعتقال ثلاثة عناصر من خلايا تنظيم داعش خلال عملية أمنية "
    "في بلدة الشحيل بريف دير الزور الشرقي، بدعم من التحالف الدولي. وضبطت القوات أسلحة وذخيرة وأجهزة اتصال. ",
    "وفي حادثة منفصلة، قتل عنصران من قوى الأمن الداخلي برصاص مسلحين مجهولين في بلدة البصيرة أمس الإثنين. ",
    "وأعلنت خلية الإعلام الأمني مقتل أربعة إرهابيين بضربة جوية في وادي الشاي بمحافظة كركوك. ",
    "وخلال النصف الأول من العام الجاري نفذت القوات الأمريكية 153 عملية ضد التنظيم أسفرت عن مقتل 44 عنصرا. ",
]


def corpus() -> list[dict]:
    articles = []
    if DEV.is_dir():
        for path in sorted(DEV.glob("*.json")):
            article = json.loads(path.read_text(encoding="utf-8"))
            text = article.get("text") or ""
            while len(text) < TARGET_CHARS and text:
                text += "\n" + text
            article["text"] = text[:TARGET_CHARS]
            articles.append(article)
    if not articles:
        text = ""
        while len(text) < TARGET_CHARS:
            text += "".join(_SYNTHETIC)
        articles = [
            {
                "id": f"synthetic-{i}",
                "published": "2024-07-16",
                "language": "ar",
                "title": None,
                "text": text[:TARGET_CHARS],
            }
            for i in range(20)
        ]
    return articles


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args(argv)
    articles = corpus()
    extract_article(articles[0])  # build the gazetteer and lexicons once, outside the timing
    timings = []
    start = time.perf_counter()
    for _ in range(args.rounds):
        for article in articles:
            t0 = time.perf_counter()
            extract_article(article)
            timings.append((time.perf_counter() - t0) * 1000)
    total = time.perf_counter() - start
    timings.sort()
    print(
        json.dumps(
            {
                "articles_per_s": round(len(timings) / total, 1),
                "median_ms": round(statistics.median(timings), 3),
                "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 3),
                "count": len(timings),
                "mean_chars": round(sum(len(a["text"]) for a in articles) / len(articles)),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
