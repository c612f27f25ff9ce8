"""The lexicons in facttrack/data are read by the rules: no key is dead data, no word list hides in code."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import facttrack

PACKAGE = Path(facttrack.__file__).parent
DATA = sorted((PACKAGE / "data").glob("*.json"))
CODE = "\n".join(p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", DATA, ids=lambda p: p.name)
def test_every_lexicon_key_is_read(path: Path) -> None:
    keys = [k for k in json.loads(path.read_text(encoding="utf-8")) if not k.startswith("_")]
    unread = [k for k in keys if not re.search(rf"""["']{re.escape(k)}["']""", CODE)]
    assert not unread, f"{path.name}: keys no code reads: {unread}"


# a token or a word tested against a literal tuple of three or more words: `tok.lower in ("a", "b", "c")`
_WORDS_TESTED = re.compile(r'(?:\.lower\(?\)?|\.text|\bword|\blow|\bform)\s+(?:not\s+)?in\s+[({]\s*"[a-z][a-z\' -]*"'
                           r'(?:\s*,\s*"[a-z][a-z\' -]*"){2,}')


def test_no_word_list_is_written_in_the_extraction_code() -> None:
    """A tuple or set of three or more words in a rule belongs in a data file (grammar.json for the
    closed classes): adding a word must be a data change."""
    offenders = []
    for path in sorted((PACKAGE / "extract").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for m in (*_WORDS_TESTED.finditer(text), *re.finditer(r'frozenset\(\s*"""', text)):
            lineno = text.count("\n", 0, m.start()) + 1
            offenders.append(f"{path.relative_to(PACKAGE)}:{lineno}: {m.group(0)[:80]}")
    assert not offenders, "\n".join(offenders)


# the lists of reporting.json that name verbs by their base form: each is a class of the verbs the lexicon
# spells out, so an entry the verb list lacks can never match ("recount" was a gerund verb with no forms)
_VERB_CLASSES = ("hearer_verbs", "directive_verbs", "as_verbs", "clause_verbs", "need_quote", "statement_verbs",
                 "infinitive_verbs", "speech_only_verbs", "number_verbs", "gerund_verbs", "gerund_object_verbs",
                 "gerund_only_verbs", "at_verbs", "at_only_verbs", "discovery_verbs", "source_object_verbs",
                 "directive_to_optional")


def test_every_verb_class_names_verbs_of_the_lexicon() -> None:
    lexicon = json.loads((PACKAGE / "data" / "reporting.json").read_text(encoding="utf-8"))
    verbs = lexicon["verbs"]
    missing = {key: [w for w in lexicon[key] if w not in verbs] for key in _VERB_CLASSES}
    assert not any(missing.values()), {k: v for k, v in missing.items() if v}
