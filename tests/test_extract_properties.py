"""Properties that hold for any text: extraction never raises, is deterministic, spans index the text."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from facttrack.document import Document
from facttrack.extract import extract

NEWSY = st.lists(
    st.sampled_from([
        "At least", "more than", "1,200", "people", "died", "said", "the ministry", "“", "”", ",", ".",
        "according to", "Officials", "on Sunday", "between", "and", "30", "$4 billion", "percent",
        "President Ana Kol", "(UN)", "United Nations", "seventeen", "half a million", "since October",
        "\n\n", "'", "\"", "-", "told", "reporters", "that", "12%", "2023", "9:30", "Brigade",
    ]),
    max_size=60,
).map(" ".join)


def check(text: str) -> None:
    doc = Document(text=text, published=date(2024, 5, 5))
    first = extract(doc)
    assert first == extract(doc)
    for item in (*first.figures, *first.claims):
        assert 0 <= item.start <= item.end <= len(text)
        assert text[item.start:item.end] == item.text


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_any_text(text: str) -> None:
    check(text)


@settings(max_examples=300, deadline=None)
@given(NEWSY)
def test_news_like_text(text: str) -> None:
    check(text)


HOSTILE = {
    "reporting verbs": "he said " * 20000,
    "adverbs before a verb": "aly " * 50000 + "X said that 5 people died.",
    "according to": "according to " * 10000,
    "open quotes": "“" * 50000,
    "abbreviations": "Mr. " * 20000,
    "capitalised words": "Alpha " * 30000 + "said 4.",
    "long number": "1" * 5000 + " people",
    "digit groups": "1," * 20000,
    "no spaces": "a" * 500_000,
    "number words": "one two three " * 10000,
    "coordinated figures": "killed 5 and " * 5000,
}


def test_hostile_text_finishes() -> None:
    """Every rule works sentence by sentence on bounded windows, so these finish; a hang would
    show as the subprocess timeout (generous, and not a speed assertion)."""
    import subprocess
    import sys

    script = (
        "import json, sys\n"
        "from facttrack.document import Document\n"
        "from facttrack.extract import extract\n"
        "for text in json.load(sys.stdin):\n"
        "    ex = extract(Document(text=text))\n"
        "    assert all(text[f.start:f.end] == f.text for f in ex.figures)\n"
        "print('ok')\n"
    )
    import json

    result = subprocess.run([sys.executable, "-c", script], input=json.dumps(list(HOSTILE.values())),
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr[-2000:]


def test_long_words_after_a_hearer_verb_finish() -> None:
    """A hearer ("told reporters") is split into words only at spaces: a long word cannot be cut into
    pieces in many ways (that was exponential before)."""
    import subprocess
    import sys

    script = ("from facttrack.document import Document\nfrom facttrack.extract import extract\n"
              "extract(Document(text='The mayor told ' + 'b' * 3000 + '/ 5 people died.'))\nprint('ok')\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.stdout.strip() == "ok", result.stderr[-2000:]
