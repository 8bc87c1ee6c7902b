from ingest.extraction.normalise import normalise
from ingest.extraction.sentences import Span, split_clauses, split_sentences, split_text


def _texts(text: str) -> list[str]:
    nt = normalise(text)
    return [nt.text[s.start : s.end] for s in split_sentences(nt)]


def test_splits_on_period_question_and_newline():
    parts = _texts("قتل عنصران. هل اعتقل احد؟ نعم\nسطر جديد")
    assert parts == ["قتل عنصران.", "هل اعتقل احد?", "نعم", "سطر جديد"]


def test_semicolon_splits_arabic_comma_does_not():
    parts = _texts("ووفقا لمصادر محلية؛ فإن المسلحين فروا، وتم اعتقال اثنين.")
    assert len(parts) == 2
    assert "," in parts[1]


def test_decimals_and_abbreviations_do_not_split():
    assert len(_texts("The U.S. forces said 3.5 tonnes were seized. Col. Smith spoke.")) == 2


def test_offsets_are_trimmed_spans():
    text = "  أولا.   ثانيا.  "
    spans = split_text(text)
    assert [text[s.start : s.end] for s in spans] == ["أولا.", "ثانيا."]


def test_clause_split_at_bainama():
    nt = normalise(
        "نفذت القوات حملة واسعة في مخيم للنازحين شرق المدينة، بينما نفذت قوة أخرى عملية مماثلة في قرية قريبة."
    )
    clauses = split_clauses(nt.text, Span(0, len(nt.text)))
    assert len(clauses) == 2
    assert nt.text[clauses[1].start :].startswith("بينما")


def test_short_clause_is_not_split():
    nt = normalise("قتل اثنان، كما جرح ثلاثة.")
    assert len(split_clauses(nt.text, Span(0, len(nt.text)))) == 1


def test_empty_and_punctuation_only():
    assert _texts("") == []
    assert _texts("... ؟؟ !!") == []
