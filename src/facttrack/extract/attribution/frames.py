"""The frames of the grammar, tried in order at each word of a unit (``FRAMES``): according to,
nested reports, passives with an agent, and reporting verbs in the three orders (S V C, C S V,
C V S) with participles; colon cues after them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import cache
from typing import Final

from facttrack.extract.attribution.complements import (
    after_hearer,
    clause_follows,
    clause_like,
    complement_after,
    count_word,
    finite_like,
    quotation_after_object,
    short_rest,
    skip_after,
    skip_after_cue,
    skip_before,
    verb_follows,
)
from facttrack.extract.attribution.reading import (
    Scan,
    after_quotation,
    before_comma,
    clause_opening,
    clause_start_of,
    content_span,
    inside_quotation,
    last_before_separators,
    opens_new_clause,
    span_tokens,
    strip_quotes,
)
from facttrack.extract.attribution.records import Frame
from facttrack.extract.attribution.speakers import (
    after_lead,
    appositive_name,
    before_restrictive_relative,
    description_speaker,
    is_institution,
    names_people,
    noun_form_is_verb,
    opening_subject,
    speaker_after,
    speaker_text,
    statement_subject,
    subject_of,
)
from facttrack.extract.attribution.vocabulary import QUOTE_CHARS, Rules, load_rules, prepositions
from facttrack.extract.dates import DateMention
from facttrack.extract.memo import word_set
from facttrack.extract.phrases import (
    CLOSE_QUOTES,
    OPEN_QUOTES,
    QUOTES,
    bracketed_short_name,
    head_index,
    is_age_noun,
    is_data_noun,
    is_statement_noun,
    phrase_after,
    phrase_before,
    singular,
    speaker_head,
    trim_opening,
)
from facttrack.lexicon import load_json


def is_title_case(scan: Scan) -> bool:
    """A headline-like line ("Minister Says Toll Will Rise"): most words capitalised, no full stop."""
    if scan.text[scan.unit.end - 1:scan.unit.end] == ".":
        return False
    words = [t for t in scan.unit.tokens if t.word and t.text[0].isalpha()]
    if len(words) < 3:
        return False
    return sum(t.capital for t in words) >= 0.75 * len(words)


def _according_frame(scan: Scan, i: int, rules: Rules, title_case: bool) -> bool:
    unit, toks = scan.unit, scan.unit.tokens
    n = scan.match(i, rules.according)
    if not n:
        return False
    words = " ".join(t.lower for t in toks[i:i + n])
    after_comma = words == "per" and i > 0 and toks[i - 1].text == "," and i + 1 < len(toks) \
        and toks[i + 1].word and not toks[i + 1].text[:1].isdigit()
    if words == "per" and not (toks[i].text == "Per" and clause_opening(scan, i)) and not after_comma:
        return False  # "per day", "per cent": only "Per X," opening a sentence or ", per X" names a source
    if words == "as per" and i > 0 and toks[i - 1].lower in ("such",):
        return False
    found = speaker_after(scan, i + n)
    if found is None:
        return False
    (sp_first, sp_last), last = found
    if words == "citing" and _cites_a_reason(scan, i + n):
        return False  # "citing COVID-19 safety concerns": a reason the subject gave, no source
    if words == "per" and any(t.lower in ("of", "by") for t in toks[i + n:sp_first]):
        return False  # "Per request of the prime minister", "Per the decree signed by X": no source
    if words == "per" and toks[i].text != "Per" and not (last + 1 >= len(toks) or toks[last + 1].text in (",", ".")):
        return False  # ", per X" names a source only when X closes the clause ("57, per local authorities.")
    coordinated = _coordinated_source(scan, last)
    if coordinated is not None:  # "according to police and hospital staff, C": both are the source
        sp_last = last = coordinated
    # "according to the El Paso mayor, Dee Margo, during ...": the name in apposition is the speaker
    appositive = appositive_name(scan, last + 1, last_words=True) if coordinated is None else None
    head = toks[head_index(unit, sp_first, sp_last)].lower
    if appositive is not None and speaker_head(unit, sp_first, sp_last) == "noun" and not _document_noun(head):
        # (not "according to official statements, Trump, now in hospital, is ...": a statement has no name)
        sp_first, sp_last = appositive
        last = appositive[1] + (1 if appositive[1] + 1 < len(toks) and toks[appositive[1] + 1].text == "," else 0)
    cue_span = unit.span(i, i + n - 1)
    cue_text = scan.text[cue_span[0]:toks[sp_first].start].strip() if sp_first > i + n else \
        scan.text[cue_span[0]:cue_span[1]]
    before = clause_start_of(scan, i)
    after_first = last + 1
    d = scan.date_starting(after_first) if after_first < len(toks) else None
    if d is not None:  # "according to the agency late today, 291 patients ...": the date is frame
        after_first = unit.at(d.end)
    if after_first < len(toks) and toks[after_first].text == "(":
        # "According to the agency (which opened in May), C": a bracketed aside after the source is frame
        after_first = next((k for k in range(after_first + 1, min(len(toks), after_first + 20))
                            if toks[k].text == ")"), after_first)
    while after_first < len(toks) and toks[after_first].text in (",", ")"):
        after_first += 1
    if after_first < len(toks) and toks[after_first].lower in word_set("relative_pronouns") \
            and (toks[after_first - 1].text == "," or toks[after_first - 1].word):
        # "According to AFP, which cited sources close to the inquiry, C", "According to officials who asked
        # not to be named, C": the relative clause is frame
        close = next((k for k in range(after_first + 1, min(len(toks), after_first + 20)) if toks[k].text == ","),
                     None)
        if close is not None:
            after_first = close + 1
    citing = words == "citing"
    region = (cue_span[0], unit.span(last, last)[1])
    if citing and i > 0 and toks[i - 1].text == "," and last + 1 < len(toks) and toks[last + 1].text == ",":
        # "CBS reported, citing Y data, there were ...": Y is the source of what follows, no claim of its own
        if after_first < len(toks) and toks[after_first].lower == "that":
            after_first += 1
        content = content_span(scan, after_first, len(toks) - 1)
        if content is None:
            return False
        scan.frames.append(Frame(unit.span(sp_first, sp_last), cue_span, content, region, "according_to",
                                  "attribution.citing", makes_claim=False))
        scan.taken.append((i, last))
        return True
    opening = not any(t.word and t.lower not in word_set("light_openers")
                      for t in toks[before:i])
    closing = after_first >= len(toks) or all(not t.word for t in toks[after_first:]) \
        or toks[after_first].lower in word_set("relative_pronouns") and toks[after_first - 1].word \
        and not any(t.text in (",", ";", ":") for t in toks[after_first:])
    # (", according to a local official who spoke on condition of anonymity.": the relative clause is the source's)
    reporter = _reporter_cited(scan, i) if citing and closing else None
    if reporter is not None:
        # "Prosecutors said C, citing bank records": the records are the source of C, not of the report
        k, prior = reporter
        if prior.content[1] <= prior.region[0]:
            content = prior.content
        else:
            content = content_span(scan, unit.at(prior.content[0]), before_comma(scan, i))
            if content is None:
                return False
            scan.frames[k] = replace(prior, content=(prior.content[0], content[1]), open_end=False)
    elif opening:
        content = content_span(scan, after_first, len(toks) - 1)
    elif closing:
        content = content_span(scan, before, before_comma(scan, i))
    elif _after_coordinator(toks, i):
        content = content_span(scan, after_first, len(toks) - 1)  # "..., but, according to his agent, C"
    else:
        content = content_span(scan, before, len(toks) - 1, skip=(i, last))
    if content is None:
        return False
    # an opening source's content runs on until a clause of its own reports ("According to the UN, C; the
    # government says D")
    scan.frames.append(Frame(unit.span(sp_first, sp_last), (cue_span[0], unit.span(i + n - 1, i + n - 1)[1]),
                              content, region, "according_to", "attribution.according_to",
                              open_end=opening and reporter is None))
    scan.frames[-1] = replace(scan.frames[-1], cue=cue_span)
    if reporter is not None:  # the source cited is the originator; the speaker before relays it
        prior = reporter[1]
        scan.frames[-1] = replace(scan.frames[-1], rule="attribution.citing",
                                  reported_by=scan.text[prior.speaker[0]:prior.speaker[1]])
    scan.taken.append((i, last))
    _ = cue_text
    return True


def _cites_a_reason(scan: Scan, k: int) -> bool:
    """The noun phrase cited from token ``k`` on is a reason ("citing safety concerns"), not a source."""
    unit = scan.unit
    cited = phrase_after(unit, k)
    return cited is not None and unit.tokens[head_index(unit, *cited)].lower in word_set("citing_reasons",
                                                                                          "reporting.json")


def _coordinated_source(scan: Scan, last: int) -> int | None:
    """The last token of a second source joined by "and" to the source that ends at token ``last``, when
    the pair closes the phrase ("according to the ministry and the Red Cross, C"); None otherwise (not
    "according to police, and 40 homes burned": a comma ends the source first)."""
    toks = scan.unit.tokens
    if last + 2 >= len(toks) or toks[last + 1].lower != "and":
        return None
    found = speaker_after(scan, last + 2)
    if found is None:
        return None
    end = found[1]
    return end if end + 1 >= len(toks) or toks[end + 1].text in (",", ".", ";") else None


def _after_coordinator(toks: list, i: int) -> bool:
    """A coordinator (and the commas around it) stands right before token ``i``: what follows is a
    clause of its own."""
    k = i - 1
    while k >= 0 and toks[k].text == ",":
        k -= 1
    return k >= 0 and toks[k].lower in word_set("coordinators")


def _reporter_cited(scan: Scan, i: int) -> tuple[int, Frame] | None:
    """The frame whose content runs on to ", citing" at token ``i`` (its index and itself)."""
    start = scan.unit.tokens[i].start
    for k in range(len(scan.frames) - 1, -1, -1):
        f = scan.frames[k]
        if f.kind == "according_to":
            continue
        if f.content[0] < start <= f.content[1] + 2:
            return k, f  # "X said C, citing Y"
        if f.content[1] <= f.region[0] and 0 <= start - f.region[1] <= 40 \
                and "," not in scan.text[f.region[1]:start].strip(" ,"):
            return k, f  # "C, X said in a report on Tuesday, citing Y"
    return None


def _nested_frame(scan: Scan, i: int, rules: Rules, title_case: bool) -> bool:
    unit, toks = scan.unit, scan.unit.tokens
    tok = toks[i]
    if tok.lower not in rules.nested_cues:
        return False
    # "quoted Y as saying" (active) or "was quoted by X as saying" (passive)
    passive = i > 0 and toks[i - 1].lower in rules.be_forms
    j = i + 1
    reporter: tuple[int, int] | None = None
    if passive and j < len(toks) and toks[j].lower == "by":
        agent = phrase_after(unit, j + 1)
        if agent is None:
            return False
        reporter = agent
        j = agent[1] + 1
    inner: tuple[int, int] | None = None
    if not passive:
        who = phrase_after(unit, j)
        if who is None:
            return False
        # the phrase runs into "as": cut it there
        k = next((k for k in range(who[0], who[1] + 1) if toks[k].lower == "as"), who[1] + 1)
        inner = (who[0], k - 1) if k - 1 >= who[0] else None
        j = k
        if j < len(toks) and toks[j].text == ",":
            # "cited Budi Gunawan, chief of the agency, as saying": step over the apposition
            close = next((m for m in range(j + 1, min(len(toks), j + 16)) if toks[m].text == ","), None)
            if close is not None and close + 1 < len(toks) and toks[close + 1].lower == "as":
                j = close + 1
    if j + 1 < len(toks) and toks[j].lower == "as" and toks[j + 1].lower in rules.nested_verbs:
        verb_end = j + 1
    elif not passive and j < len(toks) and toks[j].lower in rules.nested_verbs:
        verb_end = j  # "The agency quoted Health Minister Ana Ruiz saying ...": "as" left out
    else:
        return False
    if verb_end + 1 < len(toks) and toks[verb_end + 1].lower in rules.no_content and short_rest(scan, verb_end + 1):
        return False  # "quoted the report saying nothing"
    content = content_span(scan, verb_end + 1 + (1 if verb_end + 1 < len(toks) and toks[verb_end + 1].lower == "that"
                                             else 0), len(toks) - 1)
    if content is None:
        return False
    if passive:
        subject = subject_of(scan, i - 2 if i >= 2 else -1, rules)
        if subject is None:
            return False
        inner = subject
    elif reporter is None:
        reporter = subject_of(scan, skip_before(scan, i - 1, rules), rules)  # "The BBC also cited"
    if inner is None or speaker_head(unit, *inner) is None:
        return False
    cue_text_span = unit.span(i, verb_end)
    reporter_text = unit.words(*reporter) if reporter else None
    kind = "direct" if _quoted(scan.text, content[0]) else "indirect"
    scan.frames.append(Frame(unit.span(*inner), cue_text_span, content, (unit.span(*inner)[0], cue_text_span[1]),
                              kind, "attribution.nested", reported_by=reporter_text))
    if reporter is not None:  # the relay reports too: one claim per level
        if passive:  # "A nurse was quoted by the paper as saying C": the paper reports C
            cue, relayed = unit.span(i, i + 1), content
            region = (cue[0], unit.span(*reporter)[1])
        else:  # "The paper quoted a nurse as saying C": the paper reports that the nurse said C
            cue, relayed = unit.span(i, i), (unit.span(*inner)[0], content[1])
            region = (unit.span(*reporter)[0], cue[1])
        scan.frames.append(Frame(unit.span(*reporter), cue, relayed, region, "indirect", "attribution.nested_outer"))
    scan.taken.append((i, verb_end))
    return True


def _passive_frame(scan: Scan, i: int, rules: Rules, title_case: bool) -> bool:
    unit, toks = scan.unit, scan.unit.tokens
    n = scan.match(i, rules.passive_by)
    if not n:
        return False
    found = speaker_after(scan, i + n)
    if found is None:
        return False
    speaker, last = found
    before = clause_start_of(scan, i)
    lead = i - 1 if i > 0 and toks[i - 1].lower == "as" else i
    while lead > 0 and toks[lead - 1].lower in rules.be_forms:
        lead -= 1
    described = last + 2 < len(toks) and toks[last + 1].lower == "as"  # "described by police as dangerous"
    if lead == i and described and i > 0 and toks[i - 1].text == ",":
        # "A cargo plane, reported by local press as belonging to the military, crashed": the aside's description
        end = next((k - 1 for k in range(last + 2, len(toks)) if toks[k].text == ","), len(toks) - 1)
        content = content_span(scan, last + 2, end)
        if content is None:
            return False
        scan.frames.append(Frame(unit.span(*speaker), unit.span(i, i + n - 1), content, unit.span(i, last),
                                  "indirect", "attribution.passive"))
        scan.taken.append((i, last))
        return True
    if lead == i and not (last + 1 >= len(toks) or not toks[last + 1].word):
        return False  # "a report published by the UN estimates ...": part of a subject, not a passive
    content = content_span(scan, before, len(toks) - 1, skip=(lead, last))
    if content is None or all(t.lower in rules.no_content or not t.word
                              for t in toks[before:lead] + toks[last + 1:]):
        return False  # "This was announced by the ministry": bare anaphora
    # "His death was announced by his son": a noun phrase, no clause, is attributed but claims nothing
    # (but "The man was described by police as dangerous" describes, as the active form does)
    clause = described or any(verb_follows(toks, k, rules)
                              for k in (*range(before, lead), *range(last + 1, len(toks))))
    scan.frames.append(Frame(unit.span(*speaker), unit.span(lead, i + n - 1), content,
                              unit.span(lead, last), "indirect", "attribution.passive", makes_claim=clause))
    scan.taken.append((lead, last))
    return True


def _data_agent_frame(scan: Scan, i: int, rules: Rules, title_case: bool) -> bool:
    """"Estimates provided by officials exceeded 100", "death tolls, provided anonymously by officials
    to journalists, exceeded 100": data and the agent who gave them; the agent is the source of the
    clause whatever its verb."""
    unit, toks = scan.unit, scan.unit.tokens
    if toks[i].lower not in rules.data_participles or i == 0:
        return False
    k = i - 1 if toks[i - 1].text != "," else i - 2
    if k < 0 or not is_data_noun(singular(toks[k].lower)):
        return False
    subject = phrase_before(unit, k)
    if subject is not None and subject[0] > 0 and toks[subject[0] - 1].lower in prepositions():
        return False  # "In a new study released by the museum, scientists report": not the subject
    j = i + 1
    while j < len(toks) and toks[j].word and toks[j].lower.endswith("ly"):
        j += 1  # "provided anonymously by"
    if j >= len(toks) or toks[j].lower != "by":
        return False
    found = speaker_after(scan, j + 1)
    if found is None:
        return False
    speaker, last = found
    to = next((m for m in range(speaker[0] + 1, speaker[1] + 1) if toks[m].lower == "to"), None)
    if to is not None:
        speaker = (speaker[0], to - 1)  # "by officials to journalists": the journalists heard it
    verb = next((t for t in toks[last + 1:last + 9]
                 if t.word and not t.capital and (finite_like(t.lower, rules) or t.lower in rules.forms)), None)
    if verb is None or verb.lower in rules.forms:
        return False  # "figures released by the ministry.": no clause; "... showed 12 deaths": the verb reports
    content = content_span(scan, clause_start_of(scan, i), len(toks) - 1, skip=(i, last))
    if content is None:
        return False
    scan.frames.append(Frame(unit.span(*speaker), unit.span(i, j), content, unit.span(i, last), "indirect",
                              "attribution.data_agent"))
    scan.taken.append((i, last))
    return True


def _verb_frame(scan: Scan, i: int, rules: Rules, title_case: bool) -> bool:
    unit, toks = scan.unit, scan.unit.tokens
    found = _verb_at(scan, i, rules, title_case)
    if found is None:
        return False
    lemma, last = found
    form = " ".join(t.lower for t in toks[i:last + 1])
    if form in rules.gerunds and _participle_frame(scan, i, last, lemma, rules):
        return True
    if i > 0 and toks[i - 1].lower in word_set("perfect_participle_auxiliaries") and form not in rules.gerunds:
        # "with analyst Kevin Bonham having declared it on his blog as ...": a perfect participle reports
        # for its subject as "saying" does
        return _participle_frame(scan, i - 1, last, lemma, rules)
    if form in rules.gerunds and toks[i].capital and clause_opening(scan, i):
        return _opening_participle(scan, i, last, lemma, rules)
    if form in rules.gerunds:
        return False
    left = skip_before(scan, i - 1, rules)
    if lemma in rules.as_verbs and left >= 0 and toks[left].text == "," and _naming_aside(scan, i, last):
        # "A witness, identified only as Omar, said", ", reportedly often referred to as": a participle
        # aside names, it reports nothing
        return False
    if any(toks[k].lower in rules.be_forms for k in range(max(0, left), i)) and not (
            last + 1 < len(toks) and toks[last + 1].lower == "by"):
        return False  # "was reported", "is said to", "I have been told": an agentless passive
    if any(scan.match(k, rules.negations) and not scan.match(k, rules.not_negations) for k in range(left + 1, i)):
        return False  # "police did not confirm the number": a negated report is no claim (not "not only said")
    if any(toks[k].lower in word_set("obligation_modals") or toks[k].lower in word_set("possibility_modals")
           for k in range(max(0, left + 1, i - 3), i)):
        return False  # "priests must report abuse": a duty; "a country could demand": a possibility; no report
    if lemma in rules.statement_verbs and not statement_subject(scan, left):
        return False  # "read" reports only after a statement: "the statement read: ..."
    complement = complement_after(scan, last + 1, lemma, rules)
    noun_form = form in rules.noun_forms
    if complement is not None:
        cstart, cue_end, said_on = complement
        if _object_takes(scan, cstart, rules.taken_objects.get(lemma)) or _source_object(scan, cstart, lemma, rules):
            return False
        if inside_quotation(scan, i) and _quotation_closes_between(scan, i, cstart):
            return False  # "“... what we put on last week”, coach Myers said": no report outside the quotation
        # after a verb of speech, or before "that" and a clause, any described person or body speaks
        # ("The museum stated that ...": a clause reported, not an object taken)
        clause = toks[cstart - 1].lower == "that" and (clause_follows(scan, cstart, rules)
                                                        or _words_to_break(toks, cstart) >= 4)
        subject = subject_of(scan, left, rules, loose=lemma in rules.speech_only or clause)
        opening = _speaker_after_quotation(scan, i)
        if opening is not None and (subject is None or subject[0] > opening) and _quoted_content(scan, cstart) \
                and _opens_with_quotation(scan, opening) and _trailing(scan, i, last, left, lemma, rules):
            return True  # "“A,” the commander, known as Abu Khalid, said, “B.”": one split quotation
        if subject is None:
            return _inverted(scan, i, last, left, rules)
        if subject[0] > 0 and toks[subject[0] - 1].lower in word_set("conditional_openers") \
                or toks[subject[0]].lower in word_set("conditional_openers"):
            return False  # "only if a doctor determined the mother was in danger": a condition, not a report
        if subject[0] > 0 and toks[subject[0] - 1].lower in word_set("comment_clause_openers") \
                and unit.words(*subject).lower() in word_set("interlocutor_pronouns"):
            return False  # "as I said before, ...", "like I said": a comment on the talk, no report
        if after_quotation(scan, subject[0]) and _opens_with_quotation(scan, subject[0]) \
                and _trailing(scan, i, last, left, lemma, rules):
            return True  # "“A,” the mayor said, “B.”": a split quotation, not "said B"
        if lemma in rules.discovery_verbs and _count_object(scan, cstart, rules) \
                and not is_institution(toks[head_index(unit, *subject)].lower):
            return False  # "rescuers found 14 bodies" discovered; "the survey found 812 cases" reports
        if noun_form and not noun_form_is_verb(scan, subject, cstart, rules) \
                and not (not form.endswith("s") and toks[subject[1]].lower.endswith("s")):
            return False  # "the police reports show" (but "officials put the toll at 5": a plural subject's verb)
        relative = subject[0] > 0 and toks[subject[0] - 1].lower in word_set("relative_pronouns") | {"that"}
        if toks[cstart].lower in rules.be_forms and not relative and not toks[cstart].lower.endswith("ing"):
            return False  # "The planet they found was ...": a relative clause, not a report
        end = len(toks) - 1
        if relative:
            # "ads, which they've said were too costly, never ran": the relative clause ends at its comma
            end = next((k - 1 for k in range(cstart, len(toks)) if toks[k].text == ","), end)
        elif any(toks[k].lower in word_set("relative_pronouns") for k in range(subject[1] + 1, i)):
            # "The minister, who said on Monday that 40 had died, resigned": the speaker's own verb
            # after the first comma closes the relative clause, and the report with it (a comma before
            # it opened an aside: "said that 40 people, including 12 children, had died")
            comma = next((k for k in range(cstart + 1, len(toks) - 1) if toks[k].text == ","
                          and not inside_quotation(scan, k)), None)
            if comma is not None and verb_follows(toks, comma + 1, rules):
                end = comma - 1
        if lemma in rules.at_verbs:
            end = _at_figure_end(scan, cstart, end, rules)
        cstart = quotation_after_object(scan, cstart, end, rules) or cstart
        end = _before_contrast(scan, cstart, end, rules)
        end = _before_follow_up(scan, cstart, end)
        end = _quotation_end(scan, cstart, end, rules)
        content = content_span(scan, cstart, end)
        if content is None:
            return False
        sep = opens_new_clause(scan, subject[0])
        kind = "direct" if _quoted(scan.text, content[0]) else "indirect"
        speaker_span = unit.span(*subject)
        scan.frames.append(Frame(speaker_span, (toks[i].start, cue_end), content,
                                  (min(speaker_span[0], toks[i].start), cue_end), kind,
                                  "attribution.speaker_verb", open_end=True, said_on=said_on, separate=sep))
        scan.taken.append((i, last))
        return True
    pronoun_subject = left >= 0 and toks[left].lower in word_set("subject_pronouns") and after_quotation(scan, left)
    # "C, the organisers estimate.": after a plural noun of people the word agrees with it as a verb
    people_subject = left >= 0 and not form.endswith("s") and toks[left].lower.endswith("s") \
        and names_people(toks[left].lower)
    if noun_form and form not in rules.trailing_noun_forms and not pronoun_subject and not people_subject \
            or lemma in rules.gerund_only:
        return False  # ("“...,” she recalls.": after a pronoun the word is a verb)
    k = skip_after(scan, last + 1, rules)
    if k < len(toks) and toks[k].lower in rules.no_content and short_rest(scan, k):
        # "Ruth Chanda announced this on Monday": no content, but "she said" later may mean her
        subject = subject_of(scan, left, rules)
        if subject is not None:
            span = unit.span(*subject)
            scan.frames.append(Frame(span, unit.span(i, last), (toks[k].start, toks[k].start), span,
                                      "indirect", "attribution.no_content", has_content=False))
            scan.taken.append((i, last))
            return True
    if lemma in rules.as_verbs or lemma in rules.directive:
        return False  # "..., also called Easter Island": naming, not reporting
    # no content after the verb: "C, X said." / "“C,” said X."
    return _trailing(scan, i, last, left, lemma, rules) or _inverted(scan, i, last, left, rules)


def _words_to_break(toks: list, k: int) -> int:
    """How many words stand from token ``k`` to the next clause break: after "that", a clause of its own
    runs on ("that local management provides a degree of insurance"), a demonstrative's noun does not
    ("show that sensitivity, and ...")."""
    n = 0
    for tok in toks[k:]:
        if tok.text in (",", ";", ":", ".", "(", ")") or tok.lower in word_set("coordinators"):
            break
        n += tok.word
    return n


def _naming_aside(scan: Scan, i: int, last: int) -> bool:
    """", identified only as Omar, said": a participle right before "as" (no object between them)
    after a comma is passive, an aside that names (not "X, of the council, described the raid as a
    massacre")."""
    toks = scan.unit.tokens
    k = last + 1 + (last + 1 < len(toks) and toks[last + 1].lower == "only")
    return k < len(toks) and toks[k].lower == "as" and toks[i].lower.endswith("ed")


def _clause_goes_on(toks: list, k: int) -> bool:
    """After ", X said," the clause goes on with its verb ("killed 12 people", "could cut waste"), not
    with a participle of its own ("quoted ...")."""
    return verb_follows(toks, k, load_rules()) and toks[k].lower not in word_set("participle_asides")


def _before_contrast(scan: Scan, cstart: int, end: int, rules: Rules) -> int:
    """"Amnesty said 106 were killed, but the government disputed the figure": a reported clause ends
    before ", but" and a clause with a subject of its own (not ", but declined to say more"); a
    quotation keeps its own end."""
    toks = scan.unit.tokens
    if cstart > 0 and toks[cstart - 1].text in QUOTES or toks[cstart].text in QUOTES:
        return end
    for k in range(cstart + 1, end - 2):
        if toks[k].text == "," and toks[k + 1].lower in word_set("contrast_openers") \
                and not inside_quotation(scan, k) and not verb_follows(toks, k + 2, rules) \
                and clause_like(scan, k + 2, end) and any(finite_like(t.lower, rules) for t in toks[k + 2:end + 1]):
            return k - 1
    return end


def _quotation_end(scan: Scan, cstart: int, end: int, rules: Rules) -> int:
    """"He said “we will win” on Monday and left": a content that opens with a quotation ends where it
    closes, unless the clause goes on with a verb ("said “the plan” was dead")."""
    toks = scan.unit.tokens
    double = ('"', "''")
    opening = toks[cstart].text if cstart < len(toks) else ""
    if opening not in OPEN_QUOTES and opening not in double and opening != "'":
        return end
    # a straight mark closes with its own kind; a lone "'" is a mark (an apostrophe stays inside its word)
    close = next((k for k in range(cstart + 1, end + 1) if toks[k].text in CLOSE_QUOTES
                  or toks[k].text in double and opening in double or toks[k].text == opening == "'"), None)
    if close is None or close >= end or not any(t.word for t in toks[close + 1:end + 1]):
        return end
    nxt = next((k for k in range(close + 1, end + 1) if toks[k].word), None)
    if nxt is not None and (verb_follows(toks, nxt, rules) and toks[close + 1].word
                            or toks[nxt].lower in rules.be_forms):
        return end  # "said “the plan” was dead": the quotation is a part of the clause reported
    return close


def _before_follow_up(scan: Scan, cstart: int, end: int) -> int:
    """"confirmed that 122 were on board but gave no further details", "said 12 were arrested, without
    elaborating": what the speaker did not say ends what they said (phrases in report_closers); a
    quotation keeps its own end."""
    toks = scan.unit.tokens
    if cstart > 0 and toks[cstart - 1].text in QUOTES or toks[cstart].text in QUOTES:
        return end
    closers = load_rules().report_closers
    for k in range(cstart + 2, end):
        tok = toks[k]
        n = scan.match(k + 1, closers) if tok.lower == "but" else 0
        if n and toks[k + n].lower == "say" and k + n + 1 < len(toks) and toks[k + n + 1].word \
                and toks[k + n + 1].lower not in word_set("say_detail_words", "reporting.json"):
            continue  # "accepted responsibility but did not say he'd ordered it": the content's subject
        if n and not inside_quotation(scan, k):
            return k - 2 if toks[k - 1].text == "," else k - 1
        if tok.text == "," and toks[k + 1].lower == "without" and k + 2 <= end and toks[k + 2].lower.endswith("ing") \
                and not inside_quotation(scan, k):
            return k - 1
        if tok.text == "," and _writers_comment(scan, k, end):
            return k - 1  # "said 5,000 had fled, a figure that could not be verified": the writer's words
        withheld = k + 1 <= end and toks[k + 1].lower in word_set("withheld_gerunds", "reporting.json")
        if tok.lower == "without" and withheld and not inside_quotation(scan, k):
            return k - 1  # "said he died in Britain without elaborating"

    return end


def _writers_comment(scan: Scan, k: int, end: int) -> bool:
    """After the comma at token ``k``, "a figure that ...", "a claim the army denied", "a number disputed
    by ...": a noun of comment in reporting.json's comment_nouns with a clause or participle of its own."""
    toks = scan.unit.tokens
    if k + 3 > end or toks[k + 1].lower not in word_set("indefinite_articles") \
            or toks[k + 2].lower not in word_set("comment_nouns", "reporting.json") or inside_quotation(scan, k):
        return False
    nxt = toks[k + 3]
    rules = load_rules()
    return nxt.lower in ("that", "which") or nxt.lower.endswith("ed") and nxt.lower not in prepositions() \
        or nxt.lower in word_set("articles") or nxt.capital \
        or any(t.lower in rules.forms for t in toks[k + 4:min(end + 1, k + 6)])  # "a figure aid groups say is low"


def _at_figure_end(scan: Scan, cstart: int, end: int, rules: Rules) -> int:
    """"put the death toll at 87 after the typhoon struck": the content ends with the figure after
    "at" (and the words that belong to it: "87 people", "$5 million"); without such a figure, ``end``."""
    toks = scan.unit.tokens
    if cstart > 0 and toks[cstart - 1].lower == "that":
        return end  # "estimated that unemployment stood at 5% in May": a clause is reported whole
    qualifiers = load_json("qualifiers.json")["before"]  # "at least 43%" is a qualifier, not "at N"
    at = next((k for k in range(cstart, min(end, cstart + 10))
               if toks[k].lower == "at" and not (k + 1 < len(toks) and f"at {toks[k + 1].lower}" in qualifiers)),
              None)
    if at is None or at == cstart:
        return end
    determiners = word_set("common_noun_determiners")
    if any((t.lower in rules.finite or t.lower in rules.forms) and not (k > cstart and toks[k - 1].lower in determiners)
           for k, t in enumerate(toks[cstart:at], cstart)):
        return end  # "estimated unemployment stood at 5%": a clause before "at" ("the number of" is no verb)
    number = next((k for k in range(at + 1, min(end + 1, at + 5)) if toks[k].text[:1].isdigit()), None)
    if number is None:
        return end
    last = number
    while last + 1 <= end and (toks[last + 1].text[:1].isdigit() or toks[last + 1].text in (",", ".")
                               and last + 2 <= end and toks[last + 2].text[:1].isdigit()
                               or toks[last + 1].lower in rules.figure_end_words):
        last += 1
    if last + 1 <= end and toks[last + 1].word and toks[last + 1].lower.endswith("s") \
            and toks[last + 1].lower not in prepositions():
        last += 1  # "at 1.7 million Hongkongers", "at 40 villages": the counted noun
    if last + 2 <= end and toks[last + 1].text == ",":
        # "at 1.7 million, about a quarter of the population,": an apposition restating the figure
        fractions = load_json("numbers.json")["fractions"]
        stop = next((k - 1 for k in range(last + 2, end + 1) if toks[k].text == ","), end)
        apposition = toks[last + 2:min(stop + 1, last + 6)]
        clause = any(finite_like(t.lower, rules) for t in toks[last + 2:stop + 1])
        if any(t.text[:1].isdigit() or t.lower in fractions for t in apposition) and not clause:
            last = stop  # (a clause after the comma is not one: "at 5, witnesses counted 12")
    return last


def _source_object(scan: Scan, cstart: int, lemma: str, rules: Rules) -> bool:
    """"which cited sources close to the investigation", "cited a police officer": the object of
    "cite" names people as a source, not what is said; "cited age and health concerns", "cited an
    IRS audit" give reasons, said."""
    if lemma not in rules.source_object_verbs or cstart > 0 and scan.unit.tokens[cstart - 1].lower == "that":
        return False
    phrase = phrase_after(scan.unit, cstart)
    if phrase is None:
        return False
    return names_people(scan.unit.tokens[head_index(scan.unit, *phrase)].lower)


def _count_object(scan: Scan, cstart: int, rules: Rules) -> bool:
    """The words after a verb are a count and no clause: "14 bodies", "an additional one"."""
    toks = scan.unit.tokens
    if cstart > 0 and toks[cstart - 1].lower == "that" or toks[cstart].lower in prepositions() \
            or clause_follows(scan, cstart, rules):
        return False  # "found that ...", "found in 36 states most of the people ...": a finding reported
    return any(t.text[:1].isdigit() or t.lower in rules.number_words for t in toks[cstart:cstart + 3])


def _object_takes(scan: Scan, cstart: int, nouns: frozenset[str] | None) -> bool:
    """"claimed 15,393 lives", "claimed the lives of 40 people", "claimed the title": the object's head
    gives the verb another sense than reporting (words read within the first few of the object)."""
    if not nouns:
        return False
    toks = scan.unit.tokens
    if cstart > 0 and (toks[cstart - 1].lower == "that" or toks[cstart - 1].text in QUOTES):
        return False  # "claimed that the lives of 40 people were at risk": a clause is reported
    free = 2  # words of the object's own before its number or head ("the world title", "more than 100 lives")
    counted = False
    for tok in toks[cstart:cstart + 6]:
        if tok.lower in nouns:
            return True
        if tok.text[:1].isdigit() or counted and tok.text == ",":
            counted = True
            continue
        if counted or not tok.word:
            return False  # "claimed 12 soldiers lost their lives": the number counts something else
        if tok.lower in word_set("common_noun_determiners"):
            continue
        free -= 1
        if free < 0:
            return False
    return False


def _verb_at(scan: Scan, i: int, rules: Rules, title_case: bool) -> tuple[str, int] | None:
    """(base form, last token) when a reporting verb form starts at token ``i`` and is a verb here."""
    toks = scan.unit.tokens
    tok = toks[i]
    low = tok.lower
    last = i
    lemma = None
    if i + 1 < len(toks) and f"{low} {toks[i + 1].lower}" in rules.forms:
        lemma, last = rules.forms[f"{low} {toks[i + 1].lower}"], i + 1
    elif low in rules.forms:
        lemma = rules.forms[low]
    if lemma is None:
        return None
    if tok.capital and not (title_case and tok.text in rules.title_case_cues) and not (
            low in rules.gerunds and clause_opening(scan, i)):
        return None  # "Says" in running text is a name or a headline; verbs are lower case
    prev = toks[i - 1] if i > 0 else None
    if i == 1 and prev.capital and prev.lower in word_set("quantifier_speakers") and low not in rules.noun_forms \
            and (lemma in rules.speech_only or " " in lemma or not low.endswith("ed")):
        return lemma, last  # "Some said", "Many argued": the subject (not "Some reported cases", "Some reports")
    if prev is not None and prev.word and (prev.lower in rules.determiners
                                           or prev.lower.endswith(("'s", "’s", "s'", "s’"))
                                           or prev.text[0].isdigit() and not is_age_noun(prev.lower)
                                           or prev.lower in word_set("verb_blocking_prepositions")):
        return None  # "the stated goals", "his claims", "the agency's report", "3 reports", "with said licence"
    nxt = toks[last + 1] if last + 1 < len(toks) else None
    if nxt is not None and nxt.lower in ("of",) and low in rules.noun_forms:
        return None  # "reports of", "claims of"
    if prev is not None and prev.lower in rules.noun_form_modifiers and low in rules.noun_forms:
        return None  # "the only state", "the same reports"
    if prev is not None and low in rules.noun_forms and (prev.capital or not low.endswith("s")) and i >= 2 \
            and (toks[i - 2].lower in word_set("indefinite_articles")
                 or toks[i - 2].lower in word_set("articles") and prev.capital and i + 1 < len(toks)
                 and toks[i + 1].lower in rules.forms):
        return None  # "A UN report said", "a government report", "The Amnesty report said": a noun phrase
    if prev is not None and low in rules.noun_forms and prev.lower != "to" and prev.lower in prepositions():
        return None  # "In comments to reporters, she said": after a preposition the word is a noun
    if nxt is not None and low in rules.noun_forms and low == lemma and prev is not None and prev.capital \
            and prev.lower not in word_set("subject_pronouns") and nxt.word and not nxt.capital \
            and names_people(nxt.lower):
        return None  # "Republican state representative Terri Collins": a noun before a role
    return lemma, last


def _trailing(scan: Scan, i: int, last: int, left: int, lemma: str, rules: Rules) -> bool:
    """C S V: "C, the statistics office said on Tuesday." / "“C,” Mayor Ruiz told a radio station."
    / "C, X, who heads the office, said." — the speaker stands between the content and the verb."""
    unit, toks = scan.unit, scan.unit.tokens
    if left < 0:
        return False
    j = left
    if toks[j].text == "," and j >= 2:
        # "C, Jane Okoro, who heads the office, said.": step back over the apposition or relative clause
        comma = next((k for k in range(j - 1, max(-1, j - 16), -1) if toks[k].text == ","), None)
        if comma is None:
            return False
        j = comma - 1
    if toks[j].text in QUOTES or not toks[j].word:
        return False
    # "“C,” a rescue official who asked not to be named told AFP": the phrase before "who" speaks
    phrase = before_restrictive_relative(scan, j) or phrase_before(unit, j)
    if phrase is None:
        return False
    first, plast = phrase
    opening = trim_opening(unit, first, plast)
    said = toks[first + 1].lower if first + 1 <= plast else ""
    if first + 2 <= plast and toks[first].lower in word_set("articles") \
            and toks[first + 2].lower in word_set("articles") and (_document_noun(said) or said in rules.noun_forms):
        first += 2  # "C, a claim the army denied": the statement noun is C again, the army speaks
    speaker = speaker_text(scan, first, plast, loose=lemma in rules.speech_only)
    if speaker is None or speaker[0] > opening and (any(t.capital for t in toks[opening:speaker[0]])
                                                    or _object_words(toks[opening:speaker[0]])):
        return False  # (nor "C, due to the Pennock Trust established in 1930": a preposition's object)
    if j != left and speaker_head(unit, *speaker) == "noun":
        # "C, the mayor's spokeswoman, Ana Ruiz, said.": the name in apposition speaks
        named = appositive_name(scan, plast + 1)
        if named is not None and named[1] + 1 == left:
            speaker = named
    if inside_quotation(scan, opening):
        return False  # “We have said for years that ...”: a quoted speaker is no frame for the words before
    k = opening - 1
    if k < 0 or not (toks[k].text in (",", "—", "–") or toks[k].text in CLOSE_QUOTES or toks[k].text in ('"', "''")):
        return False
    hearer_end = after_hearer(scan, last + 1, lemma, rules)
    after, words_end = skip_after_cue(scan, hearer_end, rules, after_noun=hearer_end > last + 1)
    said_on = next((d for d in scan.dates
                    if toks[last].end <= d.start and (after >= len(toks) or d.end <= toks[after].start)), None)
    return _content_before(scan, k, speaker, (toks[i].start, toks[max(last, words_end - 1)].end), after,
                           "attribution.trailing", said_on, quote_only=lemma in rules.need_quote)


def _speaker_after_quotation(scan: Scan, i: int) -> int | None:
    """The first token after a quotation that closes a few words before the verb at token ``i``, with
    the speaker and its apposition or relative clause between ("“A,” the commander, who is 40, said"),
    or None."""
    toks = scan.unit.tokens
    for k in range(i - 1, max(-1, i - 18), -1):
        if toks[k].text in QUOTES:
            closes = toks[k].text in CLOSE_QUOTES or toks[k].text in ('"', "''")
            return k + 1 if closes and after_quotation(scan, k + 1) else None
    return None


def _quoted_content(scan: Scan, k: int) -> bool:
    """The content at token ``k`` is (or opens) a quotation."""
    toks = scan.unit.tokens
    return k < len(toks) and (toks[k].text in QUOTES or k > 0 and toks[k - 1].text in QUOTES)


def _quotation_closes_between(scan: Scan, i: int, k: int) -> bool:
    """A quotation mark that closes the quotation holding token ``i`` stands before token ``k`` or at it."""
    toks = scan.unit.tokens
    return any(toks[m].text in CLOSE_QUOTES or toks[m].text in ('"', "''") for m in range(i + 1, min(k + 1, len(toks))))


def _breakdown_follows(scan: Scan, k: int) -> bool:
    """After the frame, a phrase without a verb of its own that breaks the reported number down ("12 of
    them in serious condition", "including two children"): it is part of what was reported."""
    toks = scan.unit.tokens
    if k >= len(toks) or not toks[k].word:
        return False
    rules = load_rules()
    if toks[k].lower == "with" and any(count_word(t, rules) for t in toks[k + 1:k + 4]):
        return not any(t.lower in rules.be_forms for t in toks[k + 1:])  # ", with 25 others injured"
    opens = count_word(toks[k], rules) \
        or any(" ".join(t.lower for t in toks[k:k + len(m.split())]) == m for m in _breakdown_markers())
    return opens and not any(t.word and not t.capital and t.lower in rules.finite for t in toks[k + 1:])


@cache
def _breakdown_markers() -> tuple[str, ...]:
    return tuple(m for m in load_json("metrics.json")["breakdown_markers"] if m[:1].isalpha())


def _opens_with_quotation(scan: Scan, first: int) -> bool:
    """The quotation that closes before token ``first`` opens its clause or follows a colon ("“A,” X
    said, “B.”", "X was disappointed: “A,” he said, “B.”"), not
    "Calling it “another apology”, X told Reuters “B”" or "excitement and “stress”, she shared that B"."""
    toks = scan.unit.tokens
    k = first - 1
    while k >= 0 and (toks[k].text == "," or toks[k].text in CLOSE_QUOTES or toks[k].text in ('"', "''")):
        k -= 1  # back over the closing mark
    opening = next((m for m in range(k, -1, -1) if toks[m].text in QUOTES), None)
    return opening is not None and (clause_opening(scan, opening) or opening > 0 and toks[opening - 1].text == ":")


def _quoted(text: str, start: int) -> bool:
    """A quotation mark (or two apostrophes, as some newspapers print one, or one after a space, as
    British papers print them) opens the content at ``start``."""
    return text[start - 1:start] in QUOTE_CHARS or text[max(0, start - 2):start] == "''" \
        or text[start - 1:start] == "'" and (start < 2 or not text[start - 2].isalnum())


def _object_words(toks: list) -> bool:
    """Words before a speaker phrase that make it the object of a preposition ("due to the trust",
    "on the death to The EastAfrican"); "one of the officials" is still the speaker."""
    return any(t.lower != "of" and (t.lower in prepositions() or t.lower == "to") for t in toks)


def _inverted(scan: Scan, i: int, last: int, left: int, rules: Rules) -> bool:
    """C V S: "“C,” said Jane Okoro." / "C, says the report, which ..." """
    toks = scan.unit.tokens
    if left < 0 or not (toks[left].text in (",", "—") or toks[left].text in CLOSE_QUOTES
                        or toks[left].text in ('"', "''")):
        return False
    lemma = rules.forms.get(" ".join(t.lower for t in toks[i:last + 1]))
    if lemma in rules.hearer:
        return False  # "“...,” told reporters": after "told" comes who heard it, never who spoke
    if toks[i].lower in word_set("participle_only_forms", "reporting.json"):
        return False  # "..., written many letters": a participle, never "C, V S"
    found = speaker_after(scan, last + 1, loose=lemma in rules.speech_only)
    if found is None or _object_words(toks[skip_after(scan, last + 1, rules):found[0][0]]):
        return False  # (not "C, also commented on the death to The EastAfrican": an object, no speaker)
    speaker, plast = found
    if any(t.lower == "of" for t in toks[last + 1:speaker[0]]):
        return False  # "..., announced the death of cosmonaut Alexei Leonov": a name inside the object
    named = appositive_name(scan, plast + 1, last_words=True) if description_speaker(scan, *speaker) else None
    if named is not None:  # "“C,” said a police spokesman, Tom Baker.": the name in apposition speaks
        speaker, plast = named, named[1]
    cue_end = skip_after(scan, plast + 1, rules)
    if cue_end < len(toks) and toks[cue_end].lower in prepositions():
        # "“...,” said Kipchoge after the run.": a short phrase after the speaker is part of the frame
        stop = next((k for k in range(cue_end, min(len(toks), cue_end + 8)) if not toks[k].word), None)
        if stop is not None and not any(t.lower in rules.finite for t in toks[cue_end:stop]):
            cue_end = stop
    if cue_end < len(toks) and toks[cue_end].text not in (",", ".", "!", "?", ";", "(", "—", "–"):
        return False  # "... says Zelensky “has ...”": the name opens the content, it does not speak
    if cue_end < len(toks) and toks[cue_end].text == ",":
        # ", who heads the office,": a relative clause or apposition after the speaker is frame, too
        nxt = next((k for k in range(cue_end + 1, len(toks)) if toks[k].text in (",", ".")), len(toks))
        if cue_end + 1 < len(toks) and toks[cue_end + 1].lower in word_set("aside_openers"):
            cue_end = nxt
    said_on = next((d for d in scan.dates
                    if toks[plast].end <= d.start and d.end <= toks[min(cue_end, len(toks)) - 1].end), None)
    return _content_before(scan, left, speaker, (toks[i].start, toks[last].end), cue_end,
                           "attribution.inverted", said_on)


def _content_before(scan: Scan, k: int, speaker: tuple[int, int], cue: tuple[int, int], after: int,
                    rule: str, said_on: DateMention | None, quote_only: bool = False) -> bool:
    """Record a frame whose content ends at token ``k`` (the comma or quotation mark before the
    speaker or verb). A quotation is the content; otherwise the clause. A split quotation
    ("“A,” X said, “B.”") runs on to the end of its second part."""
    unit, toks = scan.unit, scan.unit.tokens
    end_tok = last_before_separators(toks, k)
    if end_tok < 0:
        return False
    start_tok = clause_start_of(scan, end_tok)
    closes = toks[end_tok].text in CLOSE_QUOTES or toks[end_tok].text in ('"', "''")
    if closes:
        # the opening mark, also before a ";" that ended the clause inside the quotation ("“I pledge C;
        # that D,” Pelosi said")
        opening = next((m for m in range(end_tok - 1, -1, -1) if toks[m].text in QUOTES), None)
        if opening is not None and not (toks[opening].text in OPEN_QUOTES or toks[opening].text in ('"', "''")):
            opening = None  # a closing mark first: the quotation opened in the clause or not at all
        if opening is not None and opening < start_tok and not (opening == 0 or toks[opening - 1].text in (":", ",")
                                                                   or not toks[opening - 1].word):
            opening = None
        inner = opening is not None and any(toks[start_tok].start <= f.speaker[0] < toks[opening].start
                                            for f in scan.frames)
        if opening is not None and not inner:
            start_tok = opening  # the quotation is the content; with a cue before it the whole clause is
    continues = after < len(toks) and toks[after].text == "," and any(t.word for t in toks[after:])
    parenthetical = False
    if not closes and (quote_only or not clause_like(scan, start_tok, end_tok)):
        # "The storm, officials said, killed 12 people.": the frame stands inside the clause it reports
        parenthetical = not quote_only and continues and _clause_goes_on(toks, after + 1)
        if not parenthetical:
            return False  # "In his victory speech, Johnson stressed ...": a phrase, not a report
    if not closes and not continues and toks[start_tok].lower in word_set("subordinators") \
            and not any(t.text == "," for t in toks[start_tok:end_tok]):
        # "While prices rose, the bank announced a plan": an adverbial clause alone (but "Because the
        # water is warm, says the study, it rises": the main clause follows the frame)
        return False
    if not parenthetical and continues and toks[end_tok].lower in word_set("relative_pronouns") \
            and _clause_goes_on(toks, after + 1):
        start_tok = after + 1  # "areas of open water, which, they observed, occurred ...": what they observed
        parenthetical = True
    if not parenthetical and not closes and continues and after + 2 < len(toks) \
            and toks[after + 1].lower in word_set("coordinators") and not verb_follows(toks, after + 2, load_rules()) \
            and clause_like(scan, after + 2, len(toks) - 1):
        # "Eleven people died, officials said, and 40 were injured": a clause with a subject of its own is
        # reported too (not "..., officials said, and destroyed 40 homes": the verb's subject is not theirs)
        parenthetical = True
    if not parenthetical and not closes and continues and _breakdown_follows(scan, after + 1):
        parenthetical = True  # "The hospital treated 73 people, a spokeswoman said, 12 of them in serious condition"
    content = content_span(scan, start_tok, len(toks) - 1 if parenthetical else end_tok)
    if content is None:
        return False
    kind = "direct" if closes and _quoted(scan.text, content[0]) else "indirect"
    region_end = toks[min(after, len(toks)) - 1].end
    if after < len(toks) - 1 and toks[after].text == "," and toks[after + 1].text in QUOTES:
        second = next((m for m in range(after + 2, len(toks)) if toks[m].text in CLOSE_QUOTES
                       or toks[m].text in ('"', "''")), len(toks) - 1)
        content = (content[0], strip_quotes(scan.text, toks[after + 1].start, toks[second].end)[1])
        region_end = toks[second].end
    sp = unit.span(*speaker)
    scan.frames.append(Frame(sp, cue, content, (min(sp[0], cue[0]), max(region_end, sp[1], cue[1])), kind, rule,
                              said_on=said_on))
    # the frame's words, with an aside after the speaker (", who requested anonymity"), are read
    scan.taken.append((unit.at(min(sp[0], cue[0])), max(unit.at(cue[1]) - 1, speaker[1], unit.at(region_end) - 1)))
    return True


def _document_noun(word: str) -> bool:
    """"statement", "message", "report", "study": what a speaker issues, so a participle after it
    ("issued a statement saying C", "released a report saying C") reports for the issuer."""
    return is_statement_noun(word) or is_data_noun(word)


def _statement_before_place(scan: Scan, k: int, rules: Rules) -> int:
    """"posted a message on Facebook on Friday announcing C": back over where and when the statement
    appeared to the statement noun itself; ``k`` when no statement noun stands a few words back."""
    toks = scan.unit.tokens
    for m in range(k, max(0, k - 6), -1):
        if toks[m].lower in prepositions() and m > 0 and _document_noun(toks[m - 1].lower):
            return m - 1
        if not toks[m].word:
            break
    return k


def _participle_frame(scan: Scan, i: int, last: int, lemma: str, rules: Rules) -> bool:
    """", adding that C" / ", saying C" / "by saying C" / ", with X claiming C": the speaker is the
    subject of the clause the participle belongs to."""
    unit, toks = scan.unit, scan.unit.tokens
    prev = skip_before(scan, i - 1, rules)
    subject: tuple[int, int] | None = None
    if prev >= 0 and toks[prev].word and toks[prev].lower not in word_set("participle_preceders"):
        prev = _statement_before_place(scan, prev, rules)
        phrase = phrase_before(unit, prev)
        if phrase is not None and phrase[0] > 0 and toks[phrase[0] - 1].lower == "with":
            subject = speaker_text(scan, *phrase)  # ", with some local press claiming C"
        elif not _document_noun(toks[prev].lower):  # "issued a statement saying C": the issuer speaks
            return False
        if subject is None and not _document_noun(toks[prev].lower):
            return False
    elif prev >= 0 and toks[prev].text not in (",", "—", "–") \
            and toks[prev].lower not in word_set("participle_preceders") \
            and not (toks[prev].text in QUOTES and prev >= 1 and toks[prev - 1].text == ","):
        return False  # (but '"...," further saying': a comma inside the closing quotation mark)
    complement = complement_after(scan, last + 1, lemma, rules)
    if complement is None:
        return False
    cstart, cue_end, said_on = complement
    if subject is None and prev >= 1 and toks[prev].text == ",":
        subject = _document_maker_before(scan, prev)  # "published a report by a team from X, saying C"
    if subject is None:
        earlier = [f for f in scan.frames if f.speaker[1] <= toks[i].start and f.kind != "according_to"]
        if earlier:
            subject = span_tokens(scan, earlier[-1].speaker)
        else:  # a clause reported lets any described body speak, as a verb of speech does
            subject = opening_subject(scan, i, loose=lemma in rules.speech_only or clause_follows(scan, cstart, rules))
    if subject is None:
        return False
    end = len(toks) - 1
    if i > 0 and toks[i - 1].text == ",":
        # "The governor, saying 40 had died, asked for help": the aside ends where the main verb follows
        # (its first comma only: one before that opens an aside, "saying 40 bodies, mostly children, were found")
        comma = next((k for k in range(cstart + 1, len(toks) - 1) if toks[k].text == ","
                      and not inside_quotation(scan, k)), None)
        if comma is not None and verb_follows(toks, comma + 1, rules):
            end = comma - 1
    content = content_span(scan, cstart, _quotation_end(scan, cstart, end, rules))
    if content is None:
        return False
    kind = "direct" if _quoted(scan.text, content[0]) else "indirect"
    cue_start = toks[i].start
    region_start = toks[prev].start if prev >= 0 and toks[prev].text in (",", "—", "–") else cue_start
    scan.frames.append(Frame(unit.span(*subject), (cue_start, cue_end), content, (region_start, cue_end), kind,
                              "attribution.participle", open_end=True, said_on=said_on, separate=True))
    scan.taken.append((i, last))
    return True


def _document_maker_before(scan: Scan, comma: int) -> tuple[int, int] | None:
    """The maker X of a document named right before the comma at token ``comma`` ("the journal published
    a report by a team from the University of Hawaii, saying C"): the document says C, as its maker's."""
    unit, toks = scan.unit, scan.unit.tokens
    by = next((k for k in range(comma - 1, max(0, comma - 24), -1) if toks[k].lower == "by"
               and k >= 1 and _document_noun(toks[k - 1].lower)), None)
    if by is None:
        return None
    maker = phrase_after(unit, by + 1, comma)
    if maker is None:
        return None
    closing = bracketed_short_name(toks, maker[1], comma)  # "... (USC), saying": a short name may follow
    if (maker[1] if closing is None else closing) + 1 != comma:
        return None  # the maker's phrase closes the object
    return speaker_text(scan, *maker)


def colon_frame(scan: Scan, rules: Rules) -> None:
    """"The mayor: “We need help.”" — a speaker phrase that opens the unit, then a colon and a quotation."""
    unit, toks = scan.unit, scan.unit.tokens
    if scan.text.find(":", unit.start, unit.end) < 0:
        return  # a colon is always a token of its own: no colon in the text, none among the tokens
    colon = next((k for k, t in enumerate(toks) if t.text == ":"), None)
    if colon is None or colon == 0 or colon + 1 >= len(toks) or toks[colon + 1].text not in QUOTES:
        return
    if any(f.cue[0] <= toks[colon].start <= f.content[1] or f.content[0] <= toks[colon].start < f.content[1]
           for f in scan.frames):
        return
    content = content_span(scan, colon + 1, len(toks) - 1)
    if content is None or inside_quotation(scan, colon):
        return
    phrase = phrase_before(unit, colon - 1)
    if phrase is not None and (phrase[0] == trim_opening(unit, 0, phrase[1]) or clause_opening(scan, phrase[0])):
        speaker = speaker_text(scan, *phrase)
        if speaker is not None and speaker_head(unit, *speaker) in ("name", "noun"):
            scan.frames.append(Frame(unit.span(*speaker), unit.span(colon, colon), content,
                                      (unit.span(*speaker)[0], toks[colon].end), "direct", "attribution.colon"))
            return
    found = _clause_before_colon(scan, colon, rules)
    if found is not None:
        speaker, verb = found
        cue = (toks[verb].start, toks[colon - 1].end)
        scan.frames.append(Frame(unit.span(*speaker), cue, content, (unit.span(*speaker)[0], toks[colon].end),
                                  "direct", "attribution.colon_clause"))


def _clause_before_colon(scan: Scan, colon: int, rules: Rules) -> tuple[tuple[int, int], int] | None:
    """"The minister disagreed with the report: “...”" / "Park praised the crews on Twitter: “...”": a
    clause whose subject can speak, its verb in a finite form, introduces the quotation after the
    colon, whatever the verb. The speaker and the verb's index, or None ("The sign read: “...”" has
    no speaker; "The rules are simple: “...”" no finite verb after a speaker; "Police found a note:
    “...”" quotes the note's writer). A verb that is no reporting or stance verb needs an object: "The
    team met after the storm: “...”" says nothing of the team's words."""
    unit, toks = scan.unit, scan.unit.tokens
    start = after_lead(scan, clause_start_of(scan, colon), colon)  # "In a statement released on Friday, X ..."
    for v in range(start + 1, colon):
        tok = toks[v]
        if not verb_follows(toks, v, rules) or inside_quotation(scan, v):
            continue
        j = skip_before(scan, v - 1, rules)
        subject = subject_of(scan, j, rules) if j >= start else None
        if subject is None or speaker_head(unit, *subject) not in ("name", "noun", "pronoun") \
                or tok.lower in rules.colon_non_speech_verbs \
                or unit.words(*subject).lower() in word_set("interlocutor_pronouns"):
            return None  # the clause's first verb has no speaker as its subject, or reports no speech
        nxt = toks[v + 1]
        if tok.lower in rules.forms or tok.lower in rules.colon_stance_verbs \
                or nxt.word and nxt.lower not in prepositions():
            return subject, v
        return None  # "The team met after the storm: “...”": no object, no report
    return None


def _opening_participle(scan: Scan, i: int, last: int, lemma: str, rules: Rules) -> bool:
    """V C, S ...: "Saying that 40 people had died, the governor asked for help." / "Calling it “a
    culture of death”, the archbishop said ...": a participle opening the sentence reports for the
    subject of the clause after its comma."""
    unit, toks = scan.unit, scan.unit.tokens
    complement = complement_after(scan, last + 1, lemma, rules)
    if complement is None:
        return False
    cstart, cue_end, said_on = complement
    if lemma == "cite" and _cites_a_reason(scan, cstart):
        return False  # "Citing safety concerns, the airline cancelled 40 flights": a reason, no report
    comma = next((k for k in range(cstart + 1, len(toks) - 1) if toks[k].text == ","
                  and not inside_quotation(scan, k)), None)
    if comma is None:
        # "Calling it a “culture of death” the archbishop said": the quotation closes the participle's clause
        comma = next((k for k in range(cstart + 1, len(toks) - 1) if toks[k].text in CLOSE_QUOTES
                      or toks[k].text in ('"', "''") and not inside_quotation(scan, k + 1)), None)
        if comma is None:
            return False
    phrase = phrase_after(unit, comma + 1)
    if phrase is None:
        return False
    after = phrase[1] + 1
    if after + 1 < len(toks) and toks[after].lower in word_set("quoted_name_prepositions") \
            and toks[after + 1].text in QUOTES:
        # "Anna Franowska of “Have no fear”, ...": the organisation in quotation marks goes with the name
        closing = next((k for k in range(after + 2, min(len(toks), after + 12)) if toks[k].text in QUOTES), None)
        after = closing + 1 if closing is not None else after
    named = appositive_name(scan, after) if after < len(toks) and toks[after].text == "," else None
    if named is None and after < len(toks) and toks[after].text == ",":
        # "Anna Franowska of “Have no fear”, an abuse victim support charity, told": over the apposition
        close = next((k for k in range(after + 1, min(len(toks), after + 14)) if toks[k].text == ","), None)
        after = close + 1 if close is not None else after
    elif named is not None:
        after = named[1] + 2
    if not (verb_follows(toks, after, rules) or after < len(toks) and _verb_at(scan, after, rules, False)):
        return False  # the clause after the comma opens with its subject and its verb
    speaker = speaker_text(scan, *phrase, loose=True)
    content = content_span(scan, cstart, comma - 1 if toks[comma].text == "," else comma)
    if speaker is None or content is None:
        return False
    kind = "direct" if _quoted(scan.text, content[0]) else "indirect"
    scan.frames.append(Frame(unit.span(*speaker), (toks[i].start, cue_end), content, (toks[i].start, cue_end), kind,
                             "attribution.opening_participle", said_on=said_on))
    scan.taken.append((i, last))
    return True


def _fronted_frame(scan: Scan, i: int, rules: Rules, title_case: bool) -> bool:
    """V S: "C": a verb of speech opening the sentence, then its speaker and a quotation ("Said one
    resident: “We lost everything.”", "Added the mayor, “We need trucks.”")."""
    toks = scan.unit.tokens
    tok = toks[i]
    if not tok.capital or tok.lower not in rules.fronted_forms or not clause_opening(scan, i):
        return False
    found = speaker_after(scan, i + 1)
    if found is None:
        return False
    (first, last), end = found
    k = end + 1
    if k + 1 >= len(toks) or toks[k].text not in (",", ":") or toks[k + 1].text not in QUOTES \
            or toks[k + 1].text in CLOSE_QUOTES and toks[k + 1].text not in OPEN_QUOTES:
        return False
    content = content_span(scan, k + 1, len(toks) - 1)
    if content is None:
        return False
    unit = scan.unit
    scan.frames.append(Frame(unit.span(first, last), unit.span(i, i), content, unit.span(i, end), "direct",
                             "attribution.fronted", open_end=True))
    scan.taken.append((i, i))
    return True


FRAMES: Final[tuple[Callable[[Scan, int, Rules, bool], bool], ...]] = (
           _according_frame,  # according to X / citing X / as per X
           _nested_frame,  # X quoted Y as saying / Y was quoted by X as saying
           _passive_frame,  # as reported by X / was claimed by X
           _data_agent_frame,  # estimates provided by X exceeded N
           _fronted_frame,  # Said X: "C"
           _verb_frame,  # S V C, then C S V, then C V S; participles continue the speaker's clause
)
"""The frames tried at each word of a unit, in this order; the first that reads a cue there wins.
A new construction is a new entry here (a function of the unit's tokens) plus its test table."""
