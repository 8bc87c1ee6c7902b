"""Score the extractor on the shared dev set (skipped when ../shared is absent)."""

import importlib.util
import json
from pathlib import Path

import pytest

from ingest.extraction import extract_article

EVAL = Path(__file__).resolve().parents[2].parent / "shared" / "eval"

pytestmark = pytest.mark.skipif(not (EVAL / "score.py").is_file(), reason="../shared/eval not available")


def _score_module():
    spec = importlib.util.spec_from_file_location("eval_score", EVAL / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_dev_set_incident_f1(tmp_path):
    predictions = tmp_path / "pred.jsonl"
    with predictions.open("w", encoding="utf-8") as handle:
        for path in sorted((EVAL / "dev" / "articles").glob("*.json")):
            article = json.loads(path.read_text(encoding="utf-8"))
            handle.write(json.dumps(extract_article(article), ensure_ascii=False) + "\n")
    result = _score_module().evaluate(EVAL / "dev" / "gold", predictions)
    assert not [p for p in result["problems"] if "no prediction" in p]
    assert result["incidents"]["f1"] >= 0.70, result["incidents"]
