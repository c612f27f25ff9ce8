"""Who speaks: the noun phrase before a verb (through appositions, relative clauses, coordinated
verbs and sentence openers), the phrase a clause opens with, and the part of a phrase that names
the speaker."""

from __future__ import annotations

from typing import Final

from facttrack.extract.actors import classify
from facttrack.extract.attribution.complements import verb_follows
from facttrack.extract.attribution.reading import Scan, clause_opening, clause_start_of, name_deictic, span_tokens
from facttrack.extract.attribution.vocabulary import Rules, load_rules, prepositions
from facttrack.extract.memo import word_set
from facttrack.extract.people import names_a_person
from facttrack.extract.phrases import (
    QUOTES,
    bracketed_short_name,
    head_index,
    is_adverb,
    is_age_noun,
    is_data_noun,
    is_day_or_month,
    is_statement_noun,
    name_run,
    phrase_after,
    phrase_before,
    speaker_head,
    trim_opening,
)
from facttrack.extract.places import is_place_name


def is_institution(word: str) -> bool:
    """An organisation or a body of data ("ministry", "agency", "figures", "poll"), not a person noun."""
    from facttrack.extract.phrases import _lex as phrase_lex
    from facttrack.extract.phrases import singular

    lex = phrase_lex()
    word = singular(word)
    return word in lex.data_nouns or word in lex.statement_nouns or word in lex.institution_nouns


def names_people(word: str) -> bool:
    """A noun of people: a role ("representative", "officer") or a group ("officials", "sources")."""
    return word in word_set("person_role_nouns", "actors.json") or word in word_set("group_nouns", "actors.json")


def subject_of(scan: Scan, j: int, rules: Rules, loose: bool = False) -> tuple[int, int] | None:
    """The speaker of a verb whose content follows it: the noun phrase that ends at token ``j``
    (after adverbs were skipped), or the clause's opening noun phrase when an apposition, a
    relative clause or a coordinated verb stands between them."""
    unit, toks = scan.unit, scan.unit.tokens
    if j < 0:
        return None
    tok = toks[j]
    if j >= 1 and (tok.lower in ("who", "which") or tok.text == "that" and _speaking_noun_before(scan, j)):
        k = j - 1 if toks[j - 1].text == "," else j
        phrase = phrase_before(unit, k - 1) if k - 1 >= 0 else None
        if phrase is not None and is_statement_noun(toks[phrase[1]].lower):
            return opening_subject(scan, phrase[0])  # "The group issued a statement, which said ..."
        comma = next((m for m in range(phrase[0] - 1, max(0, phrase[0] - 10), -1) if toks[m].text == ","),
                     None) if phrase is not None else None
        if comma is not None and comma >= 1:
            # "led by Mark Hay, a marine ecologist and professor, who said": the name before the apposition
            name = _named_before_apposition(scan, comma)
            if name is not None:
                return name
        return speaker_text(scan, *phrase, loose=loose) if phrase else None
    if tok.lower in ("and", "but") or tok.text in (",", ")"):
        if tok.lower in ("and", "but"):
            # "The mayor praised the volunteers and added that ...": the verbs share the subject (not the
            # source an "according to" frame named: "According to X, Trump refused ... and referred to")
            spoke = [f for f in scan.frames if f.kind != "according_to"]
            if spoke:
                return span_tokens(scan, spoke[-1].speaker)
            # the clause opens the sentence that holds the verb ("“... I could play! One of the musicians
            # turned round and said, ‘...’”": a quotation's unit holds several sentences)
            sentence = next((m + 1 for m in range(j - 1, -1, -1) if toks[m].text in (".", "!", "?")), 0)
            return opening_subject(scan, j, sentence)
        if tok.text == ",":
            maker = _maker_in_aside(scan, j)
            if maker is not None:  # "The figures, released on Monday by the statistics office, show"
                return maker
            lead = _before_floating_aside(scan, j)
            if lead is not None:  # "researchers from X and Y, both in the United States, reported"
                return subject_of(scan, lead, rules, loose)
            described = _name_before_description(scan, j)
            if described is not None:
                return described  # "NPR reported Adil Abdul-Mahdi, the caretaker Prime Minister, recommended"
        raw = _opening_noun_phrase(scan, j)
        named = _opening_apposition(scan, raw, j)
        if named is not None:
            return named  # "A Republican assemblywoman, Jill Tolles, also commented": the name speaks
        opening = _opening_phrase(scan, raw, j)
        if opening is not None:
            if speaker_head(unit, *opening) == "noun":
                # "The governor of Ohio, Mike DeWine, announced": the name in apposition is the speaker
                name = appositive_name(scan, opening[1] + 1)
                if name is not None:
                    return name
            return opening
        if tok.text == "," and j >= 2:
            # "One of the authors, herpetologist Dana Black, told ...": the name in the last apposition
            phrase = phrase_before(unit, j - 1)
            if phrase is not None and phrase[0] > 0 and toks[phrase[0] - 1].text == ",":
                run = name_run(unit, *phrase)
                if run is not None and run[1] == phrase[1] and run[1] > run[0] and run[0] - phrase[0] <= 3 \
                        and not any(t.lower in prepositions() for t in toks[phrase[0]:run[0]]):
                    return run  # between commas, the words before a name are its role ("herpetologist";
                    # not ", both in the United States,": a place said of the subject)
        if tok.text == ")":
            open_paren = next((k for k in range(j - 1, max(-1, j - 12), -1) if toks[k].text == "("), None)
            if open_paren is not None and open_paren > 0:
                phrase = phrase_before(unit, open_paren - 1)
                if phrase is not None and phrase[0] >= 2 and toks[phrase[0] - 1].text == ":" \
                        and toks[phrase[0]].capital and toks[phrase[0] - 2].capital:
                    # "Sam Wilson of the Center for Microbial Oceanography: Research and Education (C-MORE)
                    # said": a colon inside a name in capitals, then its short name
                    return subject_of(scan, phrase[0] - 2, rules, loose)
                return speaker_text(scan, *phrase) if phrase else None
        return None
    if tok.text in QUOTES or not tok.word:
        return None
    if tok.lower in word_set("subject_pronouns"):
        return j, j  # "On the live television he said": the pronoun alone is the subject
    pp = phrase_before(unit, j)
    if pp is not None and pp[0] >= 2 and toks[pp[0] - 1].lower in prepositions() \
            and toks[pp[0] - 2].lower in ("and", "but"):
        return subject_of(scan, pp[0] - 2, rules, loose)  # "... and on Twitter referred to": no subject of its own
    restricted = before_restrictive_relative(scan, j)
    if restricted is not None:
        return restricted
    aside = _participle_aside(scan, j)
    if aside is not None:
        return aside
    phrase = phrase_before(unit, j)
    if phrase is None:
        return None
    phrase = _before_time_phrase(scan, phrase)
    first, last = phrase
    first = trim_opening(unit, first, last)
    if toks[first].lower in word_set("quantifier_speakers") and first >= 2 and toks[first - 1].lower == "and":
        joined = _with_coordinated(scan, (first, last))  # "Biden and others in the party warned"
        if joined[0] < first:
            return joined
    speaker = speaker_text(scan, first, last, loose)
    if speaker is None:
        return None
    if speaker[0] >= 2 and toks[speaker[0] - 1].text == "," and is_place_name(unit.words(*speaker)):
        # "Jo Smith of the University of California, Los Angeles said": the place completes the name before it
        earlier = subject_of(scan, speaker[0] - 2, rules, loose)
        if earlier is not None and speaker_head(unit, *earlier) in ("name", "noun") \
                and clause_opening(scan, earlier[0]):
            return earlier
    # "Carrie Lam, the chief executive of Hong Kong, announced": prefer the name before the apposition
    if speaker_head(unit, *speaker) == "noun" and speaker[0] >= 2 and toks[speaker[0] - 1].text == ",":
        name = _name_before_comma(scan, speaker[0] - 1)
        if name is not None:
            return name
    return _with_coordinated(scan, speaker)


def _with_coordinated(scan: Scan, speaker: tuple[int, int]) -> tuple[int, int]:
    """"The mayor and the governor said", "Biden and others in the party warned": a speaker joined by
    "and" to a phrase that opens the clause and can speak too is one speaker with it (not "He met Smith
    and the mayor said": "Smith" is the object of a verb, not where the clause opens)."""
    unit, toks = scan.unit, scan.unit.tokens
    k = speaker[0] - 1
    if k < 1 or toks[k].lower != "and":
        return speaker
    left = phrase_before(unit, k - 1)
    if left is None or not clause_opening(scan, left[0]):
        return speaker
    first = trim_opening(unit, *left)
    why = speaker_head(unit, first, left[1])
    if why not in ("name", "noun") or toks[first].text[:1].isdigit():
        return speaker
    bare_role = toks[first].lower not in load_rules().determiners and not toks[left[1]].lower.endswith("s")
    if why == "noun" and bare_role \
            or first == left[1] and toks[first].lower in word_set("person_role_nouns", "actors.json"):
        return speaker  # "Researcher and co-author Tom Rivinius": a bare role goes with the name, as a title
    return first, speaker[1]


def _speaking_noun_before(scan: Scan, j: int) -> bool:
    """"military records that showed": the noun phrase before "that" can speak, so "that" is its
    relative pronoun (not "said that" or a demonstrative "That showed")."""
    phrase = phrase_before(scan.unit, j - 1)
    return phrase is not None and speaker_head(scan.unit, *phrase) == "noun"


def before_restrictive_relative(scan: Scan, j: int) -> tuple[int, int] | None:
    """"The official who spoke to us said", "People who attended the rally said": the speaker is the
    noun phrase before "who", when no comma or verb of another clause stands between."""
    unit, toks = scan.unit, scan.unit.tokens
    start = clause_start_of(scan, j)
    for k in range(j, max(start, j - 12) - 1, -1):
        if not toks[k].word or toks[k].lower in ("that", "which"):
            return None
        if toks[k].text == "who" and k >= 1:  # (not "Who" of a name: "producer Who Gives a Crap said")
            phrase = phrase_before(unit, k - 1)
            if phrase is None:
                return None
            speaker = speaker_text(scan, *phrase)
            if speaker is not None and speaker_head(unit, *speaker) in ("name", "noun"):
                return speaker
            # "The man who killed 12 people said": a common noun phrase speaks, not the relative's object
            return phrase if toks[phrase[0]].lower in word_set("articles") else None
    return None


def _before_time_phrase(scan: Scan, phrase: tuple[int, int]) -> tuple[int, int]:
    """"The ministry during the weekend said": a phrase of time before the verb is no subject; the
    noun phrase before it is."""
    unit, toks = scan.unit, scan.unit.tokens
    first, last = phrase
    if toks[last].lower not in word_set("time_nouns"):
        return phrase
    k = next((m for m in range(last - 1, max(-1, first - 2, last - 5), -1)
              if toks[m].lower in word_set("time_prepositions")), None)
    if k is None or k < 1 or not toks[k - 1].word:
        return phrase
    before = phrase_before(unit, k - 1)
    return before if before is not None and before[1] == k - 1 else phrase


def _participle_aside(scan: Scan, j: int) -> tuple[int, int] | None:
    """"Kyriakos Mitsotakis speaking to the Atlantic Council called ...": a name, then a participle
    phrase that ends before the verb; the name is the subject."""
    unit, toks = scan.unit, scan.unit.tokens
    for k in range(j, max(-1, j - 12), -1):
        if not toks[k].word or toks[k].text in QUOTES:
            return None
        if toks[k].lower in word_set("participle_asides") and k > 0:
            run = name_run(unit, max(0, k - 6), k - 1) if toks[k - 1].capital else None
            if run is not None and speaker_head(unit, *run) == "name":
                return run
            return None
    return None


def _opening_noun_phrase(scan: Scan, j: int) -> tuple[int, int] | None:
    """The noun phrase that opens the clause ending at token ``j``, after openers and a leading
    adverbial segment."""
    return phrase_after(scan.unit, after_lead(scan, clause_start_of(scan, j), j), j + 1)


def _opening_phrase(scan: Scan, phrase: tuple[int, int] | None, j: int) -> tuple[int, int] | None:
    """The opening noun phrase ``phrase`` of the clause ending at token ``j``, when it is a speaker and
    is followed by a comma or bracket (an apposition)."""
    unit, toks = scan.unit, scan.unit.tokens
    if phrase is None:
        return None
    first, last = phrase
    if last + 1 > j or toks[last + 1].text not in (",", "("):
        return None
    speaker = speaker_text(scan, first, last)
    if speaker is None or speaker_head(unit, *speaker) is None:
        return None
    return speaker


def _opening_apposition(scan: Scan, phrase: tuple[int, int] | None, j: int) -> tuple[int, int] | None:
    """The name in apposition after ``phrase``, the common noun phrase that opens the clause ending at
    ``j`` ("Her mother, Anwar, wept and said"; "A Republican assemblywoman, Jill Tolles, commented")."""
    toks = scan.unit.tokens
    if phrase is None or phrase[1] + 1 > j or not toks[phrase[1]].word:
        return None
    if toks[phrase[1]].capital and not (phrase[1] > phrase[0]
                                        and toks[phrase[0]].lower in word_set("common_noun_determiners")):
        return None  # a name opens the clause; "A Republican Assemblywoman, Jill Tolles," is a role
    return appositive_name(scan, phrase[1] + 1)


def _named_before_apposition(scan: Scan, comma: int) -> tuple[int, int] | None:
    """The name that ends right before ``comma``, wherever it stands in its clause ("was led by Mark
    Hay, a marine ecologist, who ..."); only a name with given name and surname or two capitalised
    words, so that a place or an organisation is not taken for the person."""
    unit, toks = scan.unit, scan.unit.tokens
    found = _name_before(scan, comma)
    if found is None:
        return None
    run = found[1]
    if run[1] != comma - 1 or run[1] == run[0] or speaker_head(unit, *run) != "name":
        return None
    return run if classify(scan.text[toks[run[0]].start:toks[run[1]].end]) == "person" else None


def _name_before(scan: Scan, comma: int) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """The noun phrase that ends right before ``comma`` and the run of capitalised words closing it."""
    phrase = phrase_before(scan.unit, comma - 1)
    run = name_run(scan.unit, *phrase) if phrase is not None else None
    return (phrase, run) if run is not None else None  # type: ignore[return-value]  # a run needs a phrase


def _name_before_comma(scan: Scan, comma: int) -> tuple[int, int] | None:
    """"Carrie Lam, the chief executive ...": the capitalised name that ends right before ``comma``
    and opens its clause."""
    unit, toks = scan.unit, scan.unit.tokens
    found = _name_before(scan, comma)
    if found is None:
        return None
    phrase, run = found
    if run[0] != trim_opening(unit, phrase[0], phrase[1]):
        return None
    before = run[0] - 1
    if before >= 0 and toks[before].word and toks[before].lower not in ("the",) and not clause_opening(scan, run[0]):
        return None
    if run[0] == run[1] and _leading_participle(toks, run[0]):
        return None  # "Smiling, the mayor said": a participle, not a name in apposition
    return run if speaker_head(unit, *run) == "name" else None


def speaker_text(scan: Scan, first: int, last: int, loose: bool = False) -> tuple[int, int] | None:
    """Trim a phrase to the part that names the speaker: no sentence openers, a name without the
    common nouns glued before it ("a process Zapata" -> "Zapata"), and only when it can speak.
    ``loose`` (after a verb that only reports speech: said, told, insisted): any common noun with a
    determiner can speak ("the bus driver said")."""
    unit, toks = scan.unit, scan.unit.tokens
    first = trim_opening(unit, first, last)
    while first < last and toks[first].lower in word_set("ordinary_openers"):
        first += 1
    for d in scan.dates:
        # "NDRRMC report on Saturday", "John McCormick on Saturday": a date ends the phrase, unless
        # the maker follows it ("a survey published in 2017 by the Royal Society")
        if toks[first].start < d.start <= toks[last].start:
            if name_deictic(scan, d):
                continue  # "USA Today": a capitalised "Today" after a name is part of it
            after = unit.at(d.end)
            if not (after <= last and toks[after].lower == "by"):
                last = unit.at(d.start) - 1
    for k in range(first + 1, last):
        if toks[k].lower in word_set("participle_clause_openers") and toks[k + 1].lower.endswith("ing"):
            last = k - 1  # "Richard Ferrand in relaying the news": a participle clause ends the phrase
            break
    if last < first or first == last and toks[first].lower in word_set("articles"):
        return None  # (an article alone names no one: "A number of senators" read no further)
    h = head_index(unit, first, last)
    if toks[h].lower in load_rules().source_of_nouns and h + 2 <= last and toks[h + 1].lower in ("of", "by"):
        first = h + 2  # "the hypothesis of the report": the report is the source
    why = speaker_head(unit, first, last)
    if why != "name" or not toks[first].capital:
        named = next((m for m in range(last, first, -1)
                      if toks[m - 1].lower in word_set("naming_words", "reporting.json") and toks[m].capital), None)
        run = name_run(unit, named, last) if named is not None else None
        if run is not None and named is not None and run == (named, last) and speaker_head(unit, *run) == "name" \
                and not any(t.lower in prepositions() for t in toks[first:named - 1]):
            return run  # "a protester using the pseudonym Katya", "a nurse named Ana Ruiz": the name
            # (not "officials at the agency known as FEMA": the name is the agency's)
    if why is None and loose and _common_noun_phrase(scan, first, last):
        return first, last
    if why is None:
        # "the home of Prime Minister Tuilaepa" / "Johns Hopkins Center late today": the name in it
        runs = [k for k in range(first, last + 1) if toks[k].capital and (k == first or not toks[k - 1].capital)]
        for k in runs:
            run = name_run(unit, k, next((m - 1 for m in range(k + 1, last + 1) if not toks[m].capital
                                          and toks[m].lower not in word_set("name_joiners")), last))
            if run is not None and run[0] >= k and speaker_head(unit, *run) == "name" and (
                    k == first or toks[k - 1].lower in word_set("source_prepositions")
                    or run[1] == last and run[1] > run[0]):
                return run  # "speaker of the parliament Ali Larijani": a description, then the name
        return None
    if why == "name" and not toks[first].capital and head_index(unit, first, last) == last:
        run = name_run(unit, first, last)
        if run is not None and run[0] > first and not _titles_before(scan, first, run[0]):
            first = run[0]
    return first, last


def description_speaker(scan: Scan, first: int, last: int) -> bool:
    """The phrase is a description of a person or body, not a name: its head is a speaker noun
    ("the provost", "a spokesman") or any lower-case noun after a determiner or a possessive."""
    return speaker_head(scan.unit, first, last) == "noun" or _common_noun_phrase(scan, first, last)


def _name_possessive(toks: list, first: int, h: int) -> bool:
    """The phrase opens with a possessive ("Acme's", "Northfield University's", "the city's" is a
    determiner's): capitalised words up to one ending in 's, then lower-case words to the head."""
    for k in range(first, h):
        if toks[k].lower.endswith(("'s", "’s")):
            return True
        if not toks[k].capital:
            return False
    return False


def _common_noun_phrase(scan: Scan, first: int, last: int) -> bool:
    """"the bus driver", "a local shopkeeper": a determiner, then lower-case words."""
    from facttrack.extract.phrases import _lex as phrase_lex

    toks = scan.unit.tokens
    lex = phrase_lex()
    h = head_index(scan.unit, first, last)
    head = toks[h]
    return (toks[first].lower in word_set("common_noun_determiners") or _name_possessive(toks, first, h)) \
        and head.word and (head.lower.isalpha() or is_age_noun(head.lower)) and not head.capital \
        and head.lower not in lex.non_speakers and first < last




def _titles_before(scan: Scan, first: int, name_first: int) -> bool:
    """True when the lower-case words before a name are its title or role ("businessman and Trump
    loyalist", "the Wooster professor", "co-lead author")."""
    from facttrack.extract.phrases import _lex as phrase_lex

    lex = phrase_lex()
    words = [t for t in scan.unit.tokens[first:name_first] if t.word and not t.capital]
    return bool(words) and any(t.lower.split("-")[-1] in lex.role_nouns or t.lower in lex.speaker_nouns
                               for t in words)


def _name_before_description(scan: Scan, j: int) -> tuple[int, int] | None:
    """The name before an apposition that describes it and ends with the comma at token ``j``
    ("Adil Abdul-Mahdi, the caretaker Prime Minister,"): the description opens with an article or a
    possessive, and the name is the whole phrase before it (not "Researchers from X and Y, both in")."""
    toks = scan.unit.tokens
    opening = next((m for m in range(j - 1, max(-1, j - 14), -1) if toks[m].text == ","), None)
    if opening is None or opening < 1 or opening + 2 >= j \
            or toks[opening + 1].lower not in word_set("description_openers") \
            or any(not t.word for t in toks[opening + 1:j]):
        return None
    end = opening - 1
    if toks[end].text in QUOTES:
        # "Anna Franowska of “Have no fear”, an abuse victim support charity,": over the quoted name of the
        # organisation and its preposition to the person
        quoted = next((m for m in range(end - 1, max(-1, end - 12), -1) if toks[m].text in QUOTES), None)
        if quoted is None or quoted < 2 or toks[quoted - 1].lower not in word_set("quoted_name_prepositions"):
            return None
        end = quoted - 2
    phrase = phrase_before(scan.unit, end)
    run = name_run(scan.unit, *phrase) if phrase is not None else None
    if run is None or run != phrase or run[0] == run[1] and not names_a_person(
            scan.text[toks[run[0]].start:toks[run[1]].end]):
        return None
    return run


def appositive_name(scan: Scan, k: int, *, last_words: bool = False) -> tuple[int, int] | None:
    """", Dee Margo," after a description: the name in apposition. With ``last_words`` the name may
    also end the sentence ("..., said a police spokesman, Tom Baker.")."""
    toks = scan.unit.tokens
    if k >= len(toks) or toks[k].text != ",":
        return None
    opener = scan.match(k + 1, load_rules().name_openers)  # ", known as Abu Khalid,"
    phrase = phrase_after(scan.unit, k + 1 + opener)
    if phrase is None:
        return None
    while phrase[1] + 2 < len(toks) and toks[phrase[1] + 1].lower == "and" and not toks[phrase[1]].capital:
        # ", civil and environmental engineering professor Julian Marshall,": coordinated modifiers
        more = phrase_after(scan.unit, phrase[1] + 2)
        if more is None:
            break
        phrase = (phrase[0], more[1])
    run = name_run(scan.unit, *phrase)
    # ", the Syrian Democratic Forces (SDF),": a short name in brackets closes the apposition
    after = bracketed_short_name(toks, phrase[1], len(toks)) or phrase[1]
    ends = after + 1 >= len(toks) or toks[after + 1].text in _SENTENCE_ENDS if last_words else False
    if run is None or not ends and (after + 1 >= len(toks) or toks[after + 1].text != ","):
        return None
    if scan.date_starting(run[0]) is not None or any(
            t.lower in prepositions() or t.lower.endswith("ed") for t in toks[phrase[0]:run[0]]):
        return None  # ", published in May,": a participle phrase, not a role before a name
    if run[0] - phrase[0] > 3 and not (run[0] - phrase[0] <= 6 and names_a_person(
            scan.text[toks[run[0]].start:toks[run[1]].end])):
        return None  # ", herpetologist David Blackburn,": a role of a few words before the name is allowed
    if ends and run[1] != phrase[1]:
        return None  # the name must close the apposition, or it may be only part of one
    if run[0] == run[1] and toks[phrase[0]].lower in ("a", "an"):
        return None  # ", a Democrat,", ", an American,": a description, not a name
    return run


_SENTENCE_ENDS: Final = frozenset(".!?;")


def speaker_after(scan: Scan, k: int, loose: bool = False) -> tuple[tuple[int, int], int] | None:
    """The speaker named by the noun phrase that starts at token ``k`` ("according to X", "said X",
    "reported by X"), and the phrase's last token, before any word that opens the content. ``loose``
    as for ``speaker_text`` (after a verb of speech: "said a person familiar with the talks")."""
    phrase = phrase_after(scan.unit, k)
    if phrase is None:
        return None
    last = cut_at_verbish(scan, *phrase)
    rules = load_rules()
    # "wrote Trump on Twitter", "said the minister in a statement": a frame phrase ends the speaker
    toks = scan.unit.tokens
    last = next((m - 1 for m in range(phrase[0] + 1, last + 1)
                 if toks[m - 1].capital and not toks[m].capital and scan.match(m, rules.adverbials)), last)
    speaker = speaker_text(scan, phrase[0], last, loose=loose)
    if speaker is None:
        return None
    # "the World Health Organization (WHO)": a short name in brackets after the speaker is the frame's
    closing = bracketed_short_name(toks, last, len(toks))
    return speaker, last if closing is None else closing


def _maker_in_aside(scan: Scan, j: int) -> tuple[int, int] | None:
    """The maker named by "by X" in an aside that the comma at ``j`` closes after data or a document
    (", released on Monday by the statistics office,", ", published by the WHO in May,"), or None."""
    toks = scan.unit.tokens
    opening = next((c for c in range(j - 2, max(0, j - 14), -1) if toks[c].text == ","), None)
    if opening is None or opening < 1 or toks[opening + 1].lower not in word_set("data_participles", "reporting.json"):
        return None
    noun = toks[opening - 1].lower
    if not (is_data_noun(noun) or is_statement_noun(noun)):
        return None
    by = next((m for m in range(opening + 2, j) if toks[m].lower == "by"), None)
    phrase = phrase_after(scan.unit, by + 1, j) if by is not None else None
    return speaker_text(scan, *phrase) if phrase is not None else None


def _before_floating_aside(scan: Scan, j: int) -> int | None:
    """The last token before an aside that the comma at ``j`` closes and that a floating quantifier (", both
    in the United States,", ", each based in Paris,", ", both of whom resigned,") or a hedging adverb before
    a name or a description (", apparently the driver,", ", seemingly Honcharuk,") opens, or None."""
    toks = scan.unit.tokens
    opening = next((c for c in range(j - 2, max(0, j - 10), -1) if toks[c].text == ","), None)
    if opening is None or opening < 1:
        return None
    first, second = toks[opening + 1], toks[opening + 2]
    if first.lower in word_set("floating_quantifiers") \
            and (second.lower in prepositions() or second.lower.endswith("ed")):
        return opening - 1
    if first.lower.endswith("ly") and is_adverb(first.lower) \
            and (second.capital or second.lower in word_set("articles")):
        return opening - 1  # "someone, seemingly Honcharuk, audibly says": a hedged apposition
    return None


def cut_at_verbish(scan: Scan, first: int, last: int) -> int:
    """A phrase after "according to" ends before a word that opens the content ("according to police
    officers arrived" is rare; "according to X there were" is not)."""
    toks = scan.unit.tokens
    forms = load_rules().forms
    for k in range(first + 1, last + 1):
        if toks[k].lower in word_set("content_subjects"):
            return k - 1
        if toks[k].lower in forms and k + 1 < len(toks) and (
                toks[k + 1].lower == "that" or toks[k + 1].text in QUOTES or toks[k + 1].text[:1].isdigit()):
            return k - 1  # "by the UN estimates that ...": the verb of the next clause
    return last


def statement_subject(scan: Scan, j: int) -> bool:
    """A statement is the subject that ends at token ``j`` ("the statement read"), also through a
    relative pronoun ("released a statement which read")."""
    toks = scan.unit.tokens
    if j >= 1 and toks[j].lower in word_set("relative_pronouns") | {"that"}:
        j -= 1 + (toks[j - 1].text == ",")
    phrase = phrase_before(scan.unit, j) if j >= 0 else None
    if phrase is None:
        return False
    return is_statement_noun(toks[phrase[1]].lower)


def _subject_after_phrase(scan: Scan, k: int, limit: int) -> int | None:
    """Where the subject starts after a leading phrase of place with no comma ("In the filing itself
    Ford also made this point"): the first capitalised word after a lower-case one whose phrase a finite
    verb follows (adverbs between), or None."""
    toks = scan.unit.tokens
    rules = load_rules()
    for m in range(k + 2, min(limit, k + 10)):
        if not (toks[m].capital and toks[m - 1].word and not toks[m - 1].capital):
            continue
        phrase = phrase_after(scan.unit, m, limit)
        if phrase is None:
            return None
        after = phrase[1] + 1
        while after < limit and toks[after].word and (is_adverb(toks[after].lower)
                                                      or scan.match(after, rules.adverbs_before)):
            after += 1
        return m if verb_follows(toks, after, rules) else None
    return None


def after_lead(scan: Scan, k: int, limit: int) -> int:
    """Skip what leads a clause before its subject: openers ("However,"), dates ("On Wednesday,"),
    and a leading phrase set off by a comma that opens with a preposition, a participle or a
    lower-case word ("In a livestream,", "Following the vote,", "Post-war,")."""
    unit, toks = scan.unit, scan.unit.tokens
    for _ in range(4):
        k = trim_opening(unit, k, limit)
        d = scan.date_starting(k)
        if d is not None:
            k = unit.at(d.end)
            continue
        if k < limit and toks[k].text == ",":
            k += 1
            continue
        seg_end = next((m for m in range(k, limit) if toks[m].text == ","), None)
        if seg_end is None or k >= len(toks) or seg_end >= limit:
            subject = _subject_after_phrase(scan, k, limit) if k < len(toks) and toks[k].lower in prepositions() \
                else None
            k = subject if subject is not None else k  # "In the filing itself Ford also made this point, writing"
            break
        first = toks[k]
        inner = _subject_after_phrase(scan, k, seg_end) if first.lower in prepositions() else None
        if inner is not None:
            k = inner  # "In the filing itself Ford also made this point, writing": the clause is in the segment
            break
        if not first.capital and first.lower not in word_set("articles") or first.lower in prepositions() \
                or _leading_participle(toks, k) or "-" in first.lower and first.lower.split("-")[0] in (
                "post", "pre", "mid", "late", "early") or _time_lead(toks, k, seg_end):
            k = seg_end + 1
            continue
        break
    return k


def _time_lead(toks: list, k: int, seg_end: int) -> bool:
    """The segment ``toks[k:seg_end]`` is a phrase of time ("A month later,", "Two days earlier,"): a
    noun of time as its head, before the comma or before one adverb."""
    last = seg_end - 1
    if last > k and toks[last].word and (is_adverb(toks[last].lower)
                                         or toks[last].lower in word_set("adverbs_before", "reporting.json")):
        last -= 1
    return last > k and toks[last].lower in word_set("time_nouns")


def _leading_participle(toks: list, k: int) -> bool:
    """"Speaking to reporters,", "Citing the report,", "Smiling,": an -ing word that opens a phrase;
    "Boeing released figures," / "Boeing said" / "Boeing's statement" is a name before its verb."""
    if not toks[k].lower.endswith("ing"):
        return False
    if not toks[k].capital or k + 1 >= len(toks):
        return True
    nxt = toks[k + 1]
    if nxt.text in ("'s", "’s") or nxt.word and nxt.capital:
        return False
    rules = load_rules()
    return not nxt.word or not (nxt.lower.endswith("ed") or nxt.lower in rules.forms or nxt.lower in rules.finite)


def opening_subject(scan: Scan, limit: int, start: int = 0, loose: bool = False) -> tuple[int, int] | None:
    """The noun phrase that opens the clause at token ``start`` (the unit's first by default), when it
    can speak ("The ministry raised the toll, saying ..."; with ``loose``, as after a verb of speech, any
    described body: "The panel criticized the plan, saying ..."); a member of a group before "of" goes
    with it ("One of the musicians stood up and said")."""
    unit = scan.unit
    k = after_lead(scan, start, limit)
    toks = unit.tokens
    m = k + (k < limit and toks[k].lower in word_set("indefinite_articles"))
    if m + 2 < limit and toks[m].lower in word_set("member_partitives") and toks[m + 1].lower == "of":
        found = _subject_at(scan, m + 2, limit, loose)
        return (k, found[1]) if found is not None and found[0] == m + 2 else found
    return _subject_at(scan, k, limit, loose)


def _subject_at(scan: Scan, k: int, limit: int, loose: bool = False) -> tuple[int, int] | None:
    """The speaker named by the noun phrase at token ``k``, which ends before its verb."""
    unit, toks = scan.unit, scan.unit.tokens
    phrase = phrase_after(unit, k, limit)
    if phrase is None or unit.tokens[phrase[0]].lower in prepositions():
        return None  # "In the blog post announcing ...": a phrase of place, not a subject
    first, last = phrase
    rules = load_rules()
    verb = next((m for m in range(first + 1, last + 1)
                 if verb_follows(toks, m, rules) or toks[m].word and not toks[m].capital
                 and toks[m].lower in rules.forms and toks[m - 1].lower not in rules.determiners), None)
    if verb is not None:
        last = verb - 1  # "The ministry put out a statement saying ...": the subject ends at its verb
    if unit.tokens[last].word and not unit.tokens[last].capital:
        named = appositive_name(scan, last + 1)
        if named is not None:
            return named  # "Her mother, Anwar, wept and said ...": the name in apposition
    if last > first and speaker_head(unit, first, last) is None:
        # "Defence lawyers dispute that figure, saying", "Local farmers oppose the dam, saying": the phrase
        # ran into a present verb; the speaker is the longest part before a lower-case word that speaks
        last = next((m for m in range(last - 1, first, -1) if toks[m + 1].word and not toks[m + 1].capital
                     and speaker_head(unit, first, m) == "noun"), last)
    run = name_run(unit, first, last)
    speaker = speaker_text(scan, first, last, loose=loose)
    if speaker is None and run is not None:
        speaker = run
    return speaker


def noun_form_is_verb(scan: Scan, subject: tuple[int, int], cstart: int, rules: Rules) -> bool:
    """"reports", "claims", "states" are verbs after a name or a pronoun, or before "that" or a quotation."""
    toks = scan.unit.tokens
    if cstart > 0 and (toks[cstart - 1].lower == "that" or toks[cstart - 1].text == ":"
                       or toks[cstart].text in QUOTES):
        return True
    head = toks[head_index(scan.unit, *subject)]
    return head.capital or head.lower in word_set("subject_pronouns") or is_institution(head.lower)


def plural_subject(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span of the subject that opens the sentence ``text[start:end]`` when "they" can point back
    to it: a plural group ("researchers", "The study's lead authors") or a collective noun ("The
    Montreal team"), not a person or a thing ("The Italian foreign minister", "The vote")."""
    return _opening_subject_of(text, start, end, plural=True)


def organisation_subject(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span of the subject that opens the sentence ``text[start:end]`` when "it" can point back to
    it: an organisation named with capitals ("The Health Ministry", "Acme Corp"), not a thing ("The
    vote") nor a description ("The company")."""
    return _opening_subject_of(text, start, end, plural=False)


def person_subject(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span of the subject that opens the sentence ``text[start:end]`` when "he" or "she" can point
    back to it: one person described, not named ("A nurse treated the boy", "One of the victims
    decided to speak")."""
    scan = Scan(text, start, end, [])
    toks = scan.unit.tokens
    k = after_lead(scan, 0, len(toks))
    if k + 2 < len(toks) and toks[k].lower == "one" and toks[k + 1].lower == "of":
        group = _opening_subject_of(text, toks[k + 2].start, end, plural=True)
        return (toks[k].start, group[1]) if group is not None and group[0] == toks[k + 2].start else None
    phrase = _sentence_subject_phrase(scan, k, past_time=False)
    if phrase is None or toks[phrase[0]].capital and toks[phrase[0]].lower not in word_set("articles"):
        return None
    h = head_index(scan.unit, *phrase)
    person = not toks[h].capital and toks[h].lower in word_set("person_role_nouns", "actors.json")
    return scan.unit.span(*phrase) if person else None


def _sentence_subject_phrase(scan: Scan, k: int, past_time: bool = True) -> tuple[int, int] | None:
    """The noun phrase that opens a sentence at token ``k``, cut before its verb, and with ``past_time``
    without a time before it ("This Thursday the commission ...")."""
    toks = scan.unit.tokens
    phrase = phrase_after(scan.unit, k)
    if phrase is None:
        return None
    first, last = phrase[0], cut_at_verbish(scan, *phrase)
    rules = load_rules()
    last = next((m - 1 for m in range(first + 1, last + 1) if verb_follows(toks, m, rules)), last)
    # ("The team arrived on Monday": the phrase ends at its verb, though "arrived on X" can read as a participle)
    while past_time and first < last and (toks[first].lower in word_set("time_deictics")
                                          or is_day_or_month(toks[first].lower)):
        first += 1
    return first, last


def _singular_of(word: str) -> str:
    """The singular of a regular plural ("companies" -> "company", "firms" -> "firm"), or "" when the word
    is no plural."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else ""


def _opening_subject_of(text: str, start: int, end: int, *, plural: bool) -> tuple[int, int] | None:
    scan = Scan(text, start, end, [])
    toks = scan.unit.tokens
    phrase = _sentence_subject_phrase(scan, after_lead(scan, 0, len(toks)))
    if phrase is None:
        return None
    first, last = phrase
    h = head_index(scan.unit, first, last)
    head = toks[h].lower
    if not plural:
        named = toks[h].capital and any(t.capital for t in toks[first:h]) or toks[h].text.isupper() and len(head) > 1
        institution = is_institution(head) or head in word_set("organisation_roles", "actors.json") \
            or classify(scan.unit.words(first, last)) == "organization"
        return scan.unit.span(first, last) if named and institution and not head.endswith("s") else None
    if head in word_set("group_nouns", "actors.json") or head in word_set("collective_nouns", "actors.json") \
            or head.endswith("s") and head[:-1] in word_set("person_role_nouns", "actors.json") \
            or _singular_of(head) in word_set("organisation_roles", "actors.json"):
        return scan.unit.span(first, last)  # (also "The two companies announced a merger. They said")
    return None
