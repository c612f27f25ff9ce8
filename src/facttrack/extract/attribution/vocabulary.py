"""The reporting vocabulary, read once from ``data/reporting.json`` (and the actor and number
lexicons): verb forms by base form, the classes of verbs, and the phrases that frame a cue."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from facttrack.extract.memo import once
from facttrack.extract.scan import Anchored, phrase_starters
from facttrack.lexicon import alternation, load_json

QUOTE_CHARS: Final = "\"“”«»"


class Phrases:
    """Multi-word lexicon entries as token tuples. Looked up by their first or their last word, which
    gives the lengths of the entries it opens or closes, longest first: a unit's words of one such
    length are one set lookup, however many entries share the word ("in" opens dozens)."""

    __slots__ = ("entries", "first_lengths", "last_lengths")

    def __init__(self, words: list[str]) -> None:
        self.entries = frozenset(tuple(w.lower().split()) for w in words)
        first: dict[str, set[int]] = {}
        last: dict[str, set[int]] = {}
        for entry in self.entries:
            first.setdefault(entry[0], set()).add(len(entry))
            last.setdefault(entry[-1], set()).add(len(entry))
        self.first_lengths = {w: tuple(sorted(ns, reverse=True)) for w, ns in first.items()}
        self.last_lengths = {w: tuple(sorted(ns, reverse=True)) for w, ns in last.items()}


def _phrases(words: list[str]) -> Phrases:
    return Phrases(words)


@dataclass(frozen=True)
class Rules:
    forms: dict[str, str]  # written form ("said", "called on") -> base form ("say", "call on")
    gerunds: frozenset[str]
    hearer: frozenset[str]
    directive: frozenset[str]
    as_verbs: frozenset[str]
    clause_verbs: frozenset[str]
    need_quote: frozenset[str]
    noun_forms: frozenset[str]
    statement_verbs: frozenset[str]
    infinitive_verbs: frozenset[str]
    speech_only: frozenset[str]
    number_verbs: frozenset[str]
    gerund_verbs: frozenset[str]
    gerund_object_verbs: frozenset[str]
    gerund_prepositions: frozenset[str]
    gerund_only: frozenset[str]
    object_pronouns: frozenset[str]
    noun_form_modifiers: frozenset[str]
    source_of_nouns: frozenset[str]
    trailing_noun_forms: frozenset[str]
    directive_to_optional: frozenset[str]
    number_words: frozenset[str]
    passive_by: Phrases
    according: Phrases
    nested_cues: frozenset[str]
    nested_verbs: frozenset[str]
    adverbs_before: Phrases
    negations: Phrases
    not_negations: Phrases
    adverbials: Phrases
    name_openers: Phrases
    report_closers: Phrases
    hearer_stop: frozenset[str]
    finite: frozenset[str]
    no_content: frozenset[str]
    taken_objects: dict[str, frozenset[str]]
    at_verbs: frozenset[str]
    at_only_verbs: frozenset[str]
    discovery_verbs: frozenset[str]
    colon_non_speech_verbs: frozenset[str]
    colon_stance_verbs: frozenset[str]
    source_object_verbs: frozenset[str]
    data_participles: frozenset[str]
    figure_end_words: frozenset[str]
    title_case_cues: frozenset[str]
    past_forms: frozenset[str]
    determiners: frozenset[str]
    be_forms: frozenset[str]
    data_re: re.Pattern[str]
    data_suffix_re: re.Pattern[str]
    statement_re: re.Pattern[str]
    unnamed_re: Anchored  # "reportedly", "it is believed": tried only at its phrases' first words
    trigger_starters: frozenset[str]  # words as written where a cue can start (for the word index)
    fronted_forms: frozenset[str]  # verb forms that may open a sentence before their speaker
    title_case_re: re.Pattern[str]
    second_words: dict[str, frozenset[str]]  # first words that start only multi-word cues -> their second
    noun_before_re: re.Pattern[str]  # the end of a text where a verb cannot follow ("the", "his", "of")
    noun_openers: frozenset[str]  # its words, in lower case
    frame_starts: frozenset[str]  # the same in lower case: a frame is tried only at these tokens


_RULES_BUILT: Final[list[Rules]] = []


def load_rules() -> Rules:
    return _RULES_BUILT[0] if _RULES_BUILT else once(_RULES_BUILT, _build_rules)


def _build_rules() -> Rules:
    rep = load_json("reporting.json")
    actors = load_json("actors.json")
    numbers = load_json("numbers.json")
    grammar = load_json("grammar.json")
    forms = {form: lemma for lemma, written in rep["verbs"].items() for form in written}
    data_nouns = alternation(rep["data_nouns"])
    adjectives = alternation(rep["data_prefix_adjectives"])
    made_by = alternation(rep["data_prefix_verbs"])
    determiners = alternation(grammar["common_noun_determiners"])
    data_re = re.compile(
        rf"(?i:(?:{determiners})\s+)?(?:(?i:{adjectives})\s+)*(?i:{data_nouns})\s+"
        rf"(?:(?:{made_by})\s+(?:[^\s,]+\s+){{1,4}}?by\s+|(?:(?:{made_by})\s+)?(?:from|by|of|on behalf of)\s+)(?=\S)")
    data_suffix_re = re.compile(rf"(?:'s|’s|')?\s+(?:(?i:{adjectives})\s+)*(?i:{data_nouns})$")
    statement_re = re.compile(
        rf"^(?P<pre>(?i:(?:a|an|the|in\s+a|in\s+an)\s+)?(?:[\w-]+\s+)?(?i:{alternation(rep['statement_nouns'])})"
        rf"\s+(?:(?:{made_by})\s+)?(?:from|by|of)\s+)(?=\S)|(?P<post>(?:'s|’s|')\s+(?:[\w-]+\s+)?"
        rf"(?i:{alternation(rep['statement_nouns'])}))$")
    # Verbs are cues in lower case; "According to", "Citing", "Per", a participle opening a sentence
    # ("Calling it ...") and a headline's "Says" are the capitalised exceptions.
    verbs = {w.split()[0] for w in forms}
    capitalised = {w.split()[0] for w in [*rep["according"], *forms] if w.split()[0].endswith("ing") or w in
                   rep["according"]}
    lower = verbs | {w.split()[0] for w in [*rep["according"], *rep["nested_cues"]]} - {"as"} | {"per"} \
        | set(rep["data_participles"])
    # "Said one resident: “...”": a finite verb of speech may open a sentence before its speaker
    fronted = {f for f, lemma in forms.items() if (lemma in rep["speech_only_verbs"] or f.endswith("ed"))
               and " " not in f and not f.endswith("ing") and f not in rep["noun_forms"]}
    written = lower | {w[:1].upper() + w[1:] for w in capitalised | fronted | {"per"}} | set(rep["title_case_cues"])
    # words after which a word is a noun, not a verb ("the state", "of reports")
    noun_openers = frozenset(w.lower() for w in actors["determiners"] if w != "that") | {"of", "with", "for", "from"}
    return Rules(
        forms=forms,
        gerunds=frozenset(f for f in forms if f.split()[0].endswith("ing")),
        hearer=frozenset(rep["hearer_verbs"]),
        directive=frozenset(rep["directive_verbs"]),
        as_verbs=frozenset(rep["as_verbs"]),
        clause_verbs=frozenset(rep["clause_verbs"]),
        need_quote=frozenset(rep["need_quote"]),
        noun_forms=frozenset(rep["noun_forms"]),
        statement_verbs=frozenset(rep["statement_verbs"]),
        infinitive_verbs=frozenset(rep["infinitive_verbs"]),
        speech_only=frozenset(rep["speech_only_verbs"]),
        number_verbs=frozenset(rep["number_verbs"]),
        gerund_verbs=frozenset(rep["gerund_verbs"]),
        gerund_object_verbs=frozenset(rep["gerund_object_verbs"]),
        gerund_prepositions=frozenset(rep["gerund_prepositions"]),
        gerund_only=frozenset(rep["gerund_only_verbs"]),
        object_pronouns=frozenset(rep["object_pronouns"]),
        noun_form_modifiers=frozenset(rep["noun_form_modifiers"]),
        source_of_nouns=frozenset(rep["source_of_nouns"]),
        trailing_noun_forms=frozenset(rep["trailing_noun_forms"]),
        directive_to_optional=frozenset(rep["directive_to_optional"]),
        number_words=frozenset(w for key in ("units", "tens", "scales") for w in numbers[key]) | {"a", "an", "half"},
        passive_by=_phrases(rep["passive_by"]),
        according=_phrases(rep["according"]),
        nested_cues=frozenset(rep["nested_cues"]),
        nested_verbs=frozenset(rep["nested_verbs"]),
        adverbs_before=_phrases(rep["adverbs_before"]),
        negations=_phrases(rep["negations"]),
        not_negations=_phrases(rep["not_negations"]),
        adverbials=_phrases(rep["adverbials"]),
        name_openers=_phrases(rep["name_openers"]),
        report_closers=_phrases(rep["report_closers"]),
        hearer_stop=frozenset(rep["hearer_stop"]),
        finite=frozenset(rep["finite_words"]),
        no_content=frozenset(rep["no_content"]),
        taken_objects={verb: frozenset(nouns) for verb, nouns in rep["taken_objects"].items()},
        at_verbs=frozenset(rep["at_verbs"]),
        at_only_verbs=frozenset(rep["at_only_verbs"]),
        discovery_verbs=frozenset(rep["discovery_verbs"]),
        colon_non_speech_verbs=frozenset(rep["colon_non_speech_verbs"]),
        colon_stance_verbs=frozenset(rep["colon_stance_verbs"]),
        source_object_verbs=frozenset(rep["source_object_verbs"]),
        data_participles=frozenset(rep["data_participles"]),
        figure_end_words=frozenset(rep["figure_end_words"]),
        title_case_cues=frozenset(rep["title_case_cues"]),
        past_forms=frozenset(w for f in forms for w in f.split()[:1]
                             if w.endswith("ed") or w in rep["irregular_past_forms"]),
        determiners=frozenset(actors["determiners"]) - {"that"},
        be_forms=frozenset(rep["be_forms"]),
        data_re=data_re,
        data_suffix_re=data_suffix_re,
        statement_re=statement_re,
        unnamed_re=Anchored(re.compile(rf"\b(?:{alternation(rep['unnamed_cues'])})\b", re.IGNORECASE),
                            phrase_starters(rep["unnamed_cues"])),
        trigger_starters=frozenset(written),
        fronted_forms=frozenset(fronted),
        title_case_re=re.compile(rf"\b(?:{alternation(rep['title_case_cues'])})\b"),
        second_words={first: frozenset(w.split()[1] for w in [*forms, *rep["according"]] if w.split()[0] == first)
                      for first in {w.split()[0] for w in [*forms, *rep["according"]] if " " in w}
                      if all(" " in w for w in [*forms, *rep["according"]] if w.split()[0] == first)},
        noun_before_re=re.compile(rf"(?:\b(?:{alternation(noun_openers)})|['’]s|\d)\s+$", re.IGNORECASE),
        noun_openers=noun_openers,
        frame_starts=frozenset(w.lower() for w in written) | {"as"},
    )


_PREPOSITIONS_BUILT: Final[list[frozenset[str]]] = []


def prepositions() -> frozenset[str]:
    return _PREPOSITIONS_BUILT[0] if _PREPOSITIONS_BUILT else once(_PREPOSITIONS_BUILT, _build_prepositions)


def _build_prepositions() -> frozenset[str]:
    return frozenset(load_json("reporting.json")["complement_prepositions"])
