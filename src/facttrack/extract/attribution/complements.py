"""What follows a reporting verb: adverbials and asides to skip ("in a statement", "on Sunday"), a
hearer ("told reporters"), and whether content follows ("that ...", a quotation, a clause) or the
verb acts ("announced new rules")."""

from __future__ import annotations

from facttrack.extract.attribution.reading import Scan, name_deictic
from facttrack.extract.attribution.vocabulary import Rules, load_rules, prepositions
from facttrack.extract.dates import DateMention
from facttrack.extract.memo import word_set
from facttrack.extract.phrases import (
    CLOSE_QUOTES,
    QUOTES,
    is_adverb,
)


def skip_before(scan: Scan, j: int, rules: Rules) -> int:
    """From the token before a verb, skip adverbs, auxiliaries and a date ("also", "has since",
    "on Tuesday"): the index of the last token of what stands before them."""
    toks = scan.unit.tokens
    while j >= 0:
        n = scan.match_ending(j, rules.adverbs_before)
        if n:
            j -= n
            continue
        d = scan.date_ending(j)
        if d is not None and d.start > scan.unit.start and not name_deictic(scan, d):
            j = scan.unit.at(d.start) - 1
            # "Residents in the past week said": the article and the preposition before the date go too
            while j >= 1 and toks[j].lower in word_set("articles"):
                j -= 1
            if j >= 1 and toks[j].lower in word_set("time_prepositions"):
                j -= 1
            if j >= 1 and toks[j].lower in word_set("frame_participles", "reporting.json") and toks[j - 1].word:
                j -= 1  # "A UN report released Thursday said": the participle of the date goes with it
            continue
        if toks[j].word and not toks[j].capital and is_adverb(toks[j].lower):
            j -= 1
            continue
        break
    return j


def complement_after(scan: Scan, k: int, lemma: str, rules: Rules) -> tuple[int, int, DateMention | None] | None:
    """Where the content after a verb starts: (token index, end of the cue words, date said), or None
    when nothing that can be reported follows."""
    toks = scan.unit.tokens
    n = len(toks)
    said_on = None
    cue_end = toks[k - 1].end
    start = k
    k, words_end = skip_after_cue(scan, k, rules)
    if words_end > start:
        cue_end = toks[words_end - 1].end
    d_seen = [d for d in scan.dates if toks[min(k, n) - 1].end >= d.end > cue_end - 200 and d.start >= cue_end - 200]
    if d_seen:
        said_on = d_seen[0]
    if k >= n:
        return None
    if lemma in rules.gerund_verbs and toks[k].lower in rules.gerund_prepositions and k + 1 < n \
            and toks[k + 1].lower.endswith("ing") and not toks[k + 1].capital:
        return k + 1, toks[k].end, said_on  # "confessed to killing his sister", "told of being forced"
    if toks[k].lower == "about" and k + 2 < n and lemma in word_set("about_clause_verbs", "reporting.json") \
            and toks[k + 1].lower in word_set("about_clause_openers", "reporting.json") \
            and clause_follows(scan, k + 2, rules):
        return k + 1, toks[k].end, said_on  # "talked about how the series had been underestimated"
    if toks[start].lower in ("of", "about") and lemma in word_set("about_clause_verbs", "reporting.json") \
            and _quotation_opens(toks, start + 1):
        return start + 1, toks[start].end, said_on  # "talked of Munk's “countless discoveries”": words quoted
    if lemma in rules.gerund_only:
        return None
    if lemma in rules.hearer and toks[k].lower not in ("that",) and toks[k].text not in (",", ":") \
            and toks[k].text not in QUOTES:
        hearer = _hearer(scan, k, rules)
        to = next((m for m in range(k + 1, min(n - 1, k + 8)) if toks[m].lower in ("to", "that") or not toks[m].word),
                  None)
        if hearer is not None and to is not None and to > hearer and toks[to].lower == "to" and toks[to + 1].word \
                and not toks[to + 1].capital and toks[to + 1].lower not in rules.determiners:
            return k, toks[k - 1].end, said_on  # "warned people in the area to stay inside": a directive
        if hearer is not None:
            k, words_end = skip_after_cue(scan, hearer + 1, rules, after_noun=True)
            cue_end = toks[max(hearer, words_end - 1)].end
            if k >= n:
                return None
    if toks[k].text == "," and k > start and k + 1 < n and toks[k + 1].text not in QUOTES and toks[k + 1].word:
        if scan.match(k + 1, rules.according) or toks[k + 1].lower in rules.forms \
                and toks[k + 1].lower.endswith("ing"):
            return None  # "C, the UN said in a report, citing local authorities": a frame follows, no content
        if verb_follows(toks, k + 1, rules):
            return None  # "The minister, officials said on Monday, resigned": the clause around the frame
        k += 1  # "said on Saturday, about 20 buildings collapsed"
    tok = toks[k]
    if tok.lower in rules.object_pronouns and k + 2 < n and toks[k + 1].text in (",", ":") \
            and toks[k + 2].text in QUOTES and toks[k + 2].text not in CLOSE_QUOTES:
        return k + 2, cue_end, said_on  # "people would ask me, ‘Is it true?’": the words said to the hearer
    if lemma in rules.at_only_verbs and not _number_after_object(scan, k, rules):
        return None  # "we put that coating on a toilet": a verb of moving things, no report
    if tok.lower == "that":
        return (k + 1, cue_end, said_on) if k + 1 < n else None
    if tok.text == ":":
        return (k + 1, cue_end, said_on) if k + 1 < n else None
    if tok.text == "," and k + 1 < n and toks[k + 1].text in QUOTES:
        return k + 1, cue_end, said_on
    if tok.text in QUOTES and tok.text not in CLOSE_QUOTES:
        return k, cue_end, said_on
    if lemma in rules.need_quote or not tok.word:
        return None
    if lemma in rules.directive and scan.match(k, rules.negations):
        return None  # "a UNICEF official, who asked not to be named, said": no addressee, no report
    if lemma in rules.directive:
        # "urged the government to ...": the content starts at the addressee; "asked the Queen for
        # this" and "asked for patience" request, they do not report
        if lemma in rules.directive_to_optional or _infinitive_follows(scan, k):
            return k, cue_end, said_on
        return None
    if lemma in rules.as_verbs:
        if tok.lower.endswith("ing") and lemma in rules.gerund_verbs:
            return k, cue_end, said_on  # "described witnessing 35 bodies"
        if _has_as(scan, k, lemma) or quotation_after_object(scan, k, n - 1, rules) is not None:
            return k, cue_end, said_on  # "described her as ...", "described her to the BBC: “...”"
        return None
    declaring = lemma in word_set("declaring_verbs", "reporting.json")
    if declaring and _has_as(scan, k, lemma):
        return k, cue_end, said_on  # "declared it on his blog as “the most boring by-election”"
    if declaring and _to_be_after_object(scan, k):
        return None  # "declared the outbreak, which ..., to be a pandemic": an act, no report
    if tok.lower == "to":
        return (k, cue_end, said_on) if lemma in rules.infinitive_verbs and _infinitive_follows(scan, k) else None
    if tok.lower in rules.object_pronouns and (k + 1 >= n or not toks[k + 1].word):
        return None  # "confirmed him", "announced it": an object, not a report
    if lemma in rules.gerund_verbs and tok.lower.endswith("ing") and not tok.capital and tok.word \
            and tok.lower not in rules.no_content:
        return k, cue_end, said_on  # "recalled meeting 12 ministers", "denied taking the money" (not "nothing")
    if lemma in rules.gerund_object_verbs and tok.lower.endswith("ing") and not tok.capital and tok.word \
            and _object_opens(toks, k + 1, rules):
        return k, cue_end, said_on  # "announced closing 12 stores" (not "announced spending cuts")
    if tok.lower in prepositions() and not _number_follows(scan, k + 1, rules):
        if lemma in rules.speech_only and clause_follows(scan, k + 1, rules):
            return k, cue_end, said_on  # "said as a teenager she was forced ...": the clause opens with it
        return None  # "wrote for other artists", "reported on a fire that destroyed 12 homes"
    at_figure = lemma in rules.at_verbs and k + 1 < n and toks[k + 1].lower == "at" \
        and _number_follows(scan, k + 2, rules)
    if tok.lower in rules.no_content and short_rest(scan, k) and not at_figure:
        return None  # "announced this" (but "said over 100 people", "estimated it at 30,000")
    if tok.lower.endswith("ing") and not tok.capital and lemma not in rules.gerund_verbs \
            and not verb_follows(toks, k + 1, rules):
        return None  # "announced investigating ...", "promised cutting ...": an action, not a report
        # (but "showed spending fell 3%": a noun in -ing is the subject of the clause reported)
    if tok.lower in word_set("coordinators"):
        return None  # "Third place and the bronze medal went to ...": no report begins with a conjunction
    if lemma in rules.clause_verbs and not clause_follows(scan, k, rules, numbers=lemma in rules.number_verbs,
                                                          shares=lemma in word_set("share_verbs", "reporting.json")):
        return None  # "announced new rules", "declared a state of emergency"
    return k, cue_end, said_on


def finite_like(word: str, rules: Rules) -> bool:
    """A finite verb form: one listed ("fell", "had", "stood") or a past form in -ed ("killed")."""
    return word in rules.finite or word.endswith("ed") and len(word) > 4


def verb_follows(toks: list, k: int, rules: Rules) -> bool:
    """A finite verb stands at token ``k`` ("fell", "grew", "had", "rose by")."""
    return k < len(toks) and toks[k].word and not toks[k].capital and finite_like(toks[k].lower, rules)


def skip_after(scan: Scan, k: int, rules: Rules) -> int:
    """Skip adverbials, dates and asides between a cue and its content."""
    return skip_after_cue(scan, k, rules)[0]


def skip_after_cue(scan: Scan, k: int, rules: Rules, *, after_noun: bool = False) -> tuple[int, int]:
    """Skip adverbials, dates and asides between a cue and its content: (index after them, index
    after the last adverbial, which the cue's words include: "said in a statement", not the date).
    ``after_noun``: ``k`` follows a noun phrase of the frame (a hearer), which a participle may modify."""
    toks = scan.unit.tokens
    n = len(toks)
    cue_words_end = k
    while k < n:
        m = scan.match(k, rules.adverbials) if scan.date_starting(k) is None else 0
        if m:  # (a date first: "said late Tuesday" is a date, not the adverbial "late")
            k += m
            cue_words_end = k
            after_noun = True
            continue
        if after_noun:
            after_noun = False
            end = _participle_phrase_end(toks, k, rules)
            if end is not None:
                k = end  # "said in a video posted online", "told reporters gathered outside the court"
                continue
        d = scan.date_starting(k)
        if d is not None:
            k = scan.unit.at(d.end)
            continue
        if toks[k].text == "," and k + 1 < n and toks[k + 1].lower == "citing":
            close = next((j for j in range(k + 2, min(n, k + 16)) if toks[j].text == ","), None)
            if close is not None:
                k = close + 1  # "reported, citing Y data, that ...": the source is read by its own frame
                continue
        clock = _clock_time(toks, k)
        if clock > k:
            k = clock  # "announced via Twitter around 11:30 am, ...": a time of day
            continue
        if toks[k].text == "(":
            close = next((j for j in range(k + 1, min(n, k + 10)) if toks[j].text == ")"), None)
            if close is not None:
                k = close + 1  # "announced via Twitter around 11:30 am (1830 UTC), ..."
                continue
        if toks[k].text == "," and k + 1 < n and (scan.match(k + 1, rules.adverbials) or scan.date_starting(k + 1)):
            k += 1
            continue
        if toks[k].text in ("—", "–") or (
                toks[k].text == "," and k + 1 < n and toks[k + 1].lower in word_set("aside_words")):
            close = next((j for j in range(k + 1, min(n, k + 14)) if toks[j].text == toks[k].text), None)
            if close is not None and close > k + 1:
                k = close + 1
                continue
        if toks[k].lower in word_set("before_that_prepositions"):
            that = next((j for j in range(k + 1, min(n - 1, k + 16)) if toks[j].lower == "that"), None)
            demonstrative = that is not None and that + 2 < n and toks[that + 1].word and not toks[that + 1].capital \
                and (toks[that + 2].lower in prepositions() or toks[that + 2].text in (".", ";")) \
                and toks[that + 1].lower not in rules.determiners  # "ruled on the appeal of that decision by"
            if that is not None and all(t.word for t in toks[k + 1:that]) and not verb_follows(toks, that + 1, rules) \
                    and not demonstrative:
                # "have said for years that ...", "said in a filing to the SEC that ..." (but "reported
                # on a fire that destroyed 12 homes": a relative clause)
                k = that
                break
        if toks[k].lower in word_set("before_quote_prepositions"):
            # "tweeting from its official account: “...”", "wrote on his blog: ..."
            close = next((j for j in range(k + 1, min(n, k + 13))
                          if toks[j].text == ":" or toks[j].text in QUOTES), None)
            finite = load_rules().finite
            if close is not None and all(t.word and t.lower not in finite or t.text == "," and m == close - 1
                                         for m, t in enumerate(toks[k + 1:close], start=k + 1)):
                k = close if toks[close].text != ":" else close
                break
        if toks[k].word and not toks[k].capital and is_adverb(toks[k].lower) \
                and k + 1 < n and (toks[k + 1].lower == "that" or toks[k + 1].text in (",", ":")):
            k += 1
            continue
        break
    return k, cue_words_end


def _participle_phrase_end(toks: list, k: int, rules: Rules) -> int | None:
    """Where a participle phrase at token ``k`` that modifies the frame's noun ends ("[in a statement]
    released on Monday", "[reporters] gathered outside the court"): at "that", a comma, a colon, a
    quotation mark or the unit's end. None when no listed participle opens one, or when a finite verb
    comes first: then the words are the content ("in a video two hostages were freed")."""
    if k >= len(toks) or toks[k].lower not in word_set("frame_participles", "reporting.json"):
        return None
    for j in range(k + 1, min(len(toks), k + 12)):
        tok = toks[j]
        if tok.lower == "that" or tok.text in (",", ";", ":") or tok.text in QUOTES:
            return j
        if not tok.word and tok.text not in (".", "!", "?"):
            return None
        if tok.word and not tok.capital and finite_like(tok.lower, rules):
            return None
    return len(toks) if len(toks) - k <= 12 else None


def _clock_time(toks: list, k: int) -> int:
    """The index after a time of day at token ``k`` ("around 11:30 am", "at 2:21 p.m. GMT"), or ``k``."""
    j = k + 1 if k < len(toks) and toks[k].lower in word_set("clock_prepositions") else k
    if j + 2 >= len(toks) or not toks[j].text.isdigit() or toks[j + 1].text != ":" or not toks[j + 2].text.isdigit():
        return k
    j += 3
    while j < len(toks) and toks[j].text in word_set("clock_words"):
        j += 1
    return j


def count_word(tok, rules: Rules) -> bool:
    """A number in digits or words ("12", "three"): it opens the content, it is no hearer ("told
    reporters 12 frogs died")."""
    return tok.text[:1].isdigit() or tok.lower in rules.number_words and tok.lower not in ("a", "an")


def after_hearer(scan: Scan, k: int, lemma: str, rules: Rules) -> int:
    """The token after the hearer that a verb like "told" names at token ``k`` ("“A,” X told
    reporters, “B.”"), or ``k`` for other verbs and when no hearer follows."""
    if lemma not in rules.hearer or k >= len(scan.unit.tokens):
        return k
    hearer = _hearer(scan, k, rules)
    return k if hearer is None else hearer + 1


def _hearer(scan: Scan, k: int, rules: Rules) -> int | None:
    """The last token of a hearer phrase after "told" ("told reporters", "told the BBC", "told a local
    radio station"), or None when the content starts at once ("told him to ...")."""
    toks = scan.unit.tokens
    n = len(toks)
    j = k
    if toks[j].lower == "those" and j + 1 < n:
        # "told those gathered to watch the release", "told those present that ...": people as hearers
        end = _participle_phrase_end(toks, j + 1, rules)
        if end is not None:
            return end - 1
        if toks[j + 1].lower in word_set("frame_participles", "reporting.json") | word_set("presence_words"):
            return j + 1
    if toks[j].lower in word_set("hearer_determiners"):
        j += 1
    last = None
    while j < n and j - k < 6 and toks[j].word and toks[j].lower not in rules.hearer_stop \
            and toks[j].lower not in rules.finite \
            and toks[j].lower not in word_set("hearer_end") and not count_word(toks[j], rules) \
            and not (j > k and toks[j].lower in word_set("frame_participles", "reporting.json")):
        last = j
        j += 1
        if j < n and (toks[j].text in (",", ":") or toks[j].text in QUOTES or toks[j].lower in (
                "that", "to") or toks[j].lower in rules.hearer_stop):
            break
    if last is None:
        if toks[k].lower in word_set("hearer_pronouns"):
            return k
        return None
    if toks[k].capital and last > k and last + 1 < n and toks[last + 1].lower in rules.finite:
        return k  # "told NPR Hamza bin Laden had ...": the hearer is one name, the content follows
    if not toks[k].capital and last + 1 < n and toks[last + 1].lower in rules.finite:
        # "warned the river could flood": the phrase is the subject of the content, no hearer; but "told
        # her Trump had ...", "told reporters today tests will ...": a pronoun or a group hears
        if last > k and (toks[k].lower in word_set("hearer_pronouns")
                         or toks[k].lower in word_set("group_nouns", "actors.json")):
            return k
        return None
    return last


def _quotation_opens(toks: list, k: int) -> bool:
    """A quotation of words (not a title: it opens in lower case) opens within the few words of an object
    from token ``k`` on, before any clause break ("of her “deep regret”", not "about the film “Jaws”")."""
    for j in range(k, min(len(toks) - 1, k + 8)):
        tok = toks[j]
        if tok.text in (",", ";", ":", ".") or tok.text in CLOSE_QUOTES:
            return False
        if tok.text in QUOTES:
            return toks[j + 1].word and not toks[j + 1].capital
    return False


def _to_be_after_object(scan: Scan, k: int) -> bool:
    """"to be" and no quotation after the object that starts at token ``k`` ("declared the outbreak, which
    causes the disease, to be a pandemic")."""
    toks = scan.unit.tokens
    rules = load_rules()
    to = next((j for j in range(k + 1, min(len(toks) - 1, k + 20))
               if toks[j].lower == "to" and toks[j + 1].lower == "be"), None)
    # (not "declared Russians would continue to be paid": a clause with its own verb; nor "declared X to be
    # “the strongest predictor”": a quotation is words said)
    if to is None or to + 2 < len(toks) and toks[to + 2].text in QUOTES:
        return False
    j = k
    while j < to:
        if toks[j].text == "," and toks[j + 1].lower in word_set("relative_pronouns"):
            # "the outbreak, which began in May, to be a pandemic": the relative clause's verb is its own
            j = next((m for m in range(j + 1, to) if toks[m].text == ","), to)
        elif toks[j].word and not toks[j].capital and toks[j].lower in rules.finite:
            return False
        j += 1
    return True


def _infinitive_follows(scan: Scan, k: int) -> bool:
    """"to" + a verb (or "that") within the next few words: "urged the cabinet to publish" (not "asked
    Trump about it that same day": a determiner)."""
    toks = scan.unit.tokens
    for j in range(k, min(len(toks) - 1, k + 9)):
        if toks[j].text in (",", ";", ".", ":") or toks[j].text in QUOTES:
            return False
        nxt = toks[j + 1]
        that = toks[j].lower == "that" and nxt.lower != "same" and nxt.lower not in word_set("time_nouns")
        if that or toks[j].lower == "to" and (
                nxt.text in QUOTES or nxt.word and not nxt.capital and nxt.lower not in load_rules().determiners
                and not nxt.text[0].isdigit()):
            return True  # "called on donors to “act ...”"
    return False


def _has_as(scan: Scan, k: int, lemma: str) -> bool:
    """"described X as Y", "accused X of Y", "called X Y" (with a quotation or an article after the
    object), "described X to Y: “...”"."""
    toks = scan.unit.tokens
    stop = min(len(toks), k + 24)
    marker = "of" if lemma == "accuse" else "as"
    naming = lemma in word_set("name_giving_verbs", "reporting.json")  # "called X Y", "termed her a “traitor”"
    for j in range(k, stop):
        if toks[j].text == ":" and j + 1 < len(toks) and toks[j + 1].text in QUOTES:
            return True
        if toks[j].text == "," and not naming:
            # "characterizes events where ..., other than the perpetrator, as ...": an aside, then the marker
            close = next((m for m in range(j + 1, min(len(toks) - 1, j + 10)) if toks[m].text in (",", ";", ".")),
                         None)
            return close is not None and toks[close].text == "," and toks[close + 1].lower == marker
        if toks[j].text in (",", ";", "."):
            return False
        if toks[j].lower == marker and (not naming or j + 1 < len(toks) and toks[j + 1].text in QUOTES):
            return True  # (after "call" only with words quoted: "calling it as “just another apology”")
        if naming and j > k and (toks[j].text in QUOTES and toks[j].text not in CLOSE_QUOTES
                                          or toks[j].lower in ("a", "an") and toks[k].lower not in ("a", "an")):
            return all(t.lower not in prepositions() for t in toks[k:j])  # not "called the race for a ..."
    return False


def clause_follows(scan: Scan, k: int, rules: Rules, numbers: bool = False, shares: bool = False) -> bool:
    """A clause or a quotation (or, with ``numbers``, a count: "reported 36 infections"; with ``shares``,
    a percentage: "polls suggest 40% of voters ...") before the next clause break: the verb reports, it
    does not act ("announced new rules")."""
    toks = scan.unit.tokens
    j = k
    while j < min(len(toks), k + 30):
        tok = toks[j]
        if tok.text == "," and j + 1 < len(toks) and toks[j + 1].lower in word_set("relative_pronouns"):
            close = next((m for m in range(j + 2, min(len(toks), j + 16)) if toks[m].text == ","), None)
            if close is not None:
                j = close + 1  # "a new feature, which had not ..., was forcing": look past the relative clause
                continue
        if tok.text == "," and j > k:
            close = next((m for m in range(j + 1, min(len(toks), j + 10)) if toks[m].text in (",", ";", ".")), None)
            if close is not None and toks[close].text == "," and (verb_follows(toks, close + 1, rules)
                                                                  or close + 1 < len(toks)
                                                                  and toks[close + 1].lower in rules.finite):
                j = close + 1  # "suggested the algae, like warm water, might weaken ...": an aside
                continue
        if tok.text in (",", ";", ":", ".", "(", ")") and j > k:
            return False
        if j > k and (tok.lower in word_set("relative_words") or tok.lower in word_set("coordinators")):
            return False  # "announced a coalition which was joined by ...": the verb is not the content's
        if j > k and tok.lower in word_set("object_clause_breaks"):
            # "expressed their outrage as the incident became known": a clause of its own, unless a verb
            # came first ("a survey finding the storm no longer qualified as ...")
            return any(t.word and not t.capital and finite_like(t.lower, rules) for t in toks[k + 1:j])
        if tok.lower in rules.finite or tok.text in QUOTES and j == k:
            return True
        if numbers and (tok.text.replace(",", "").replace(".", "").isdigit()
                        or tok.lower in rules.number_words and tok.lower not in ("a", "an")):
            return True
        if shares and tok.text[:1].isdigit() and j + 1 < len(toks) \
                and (toks[j + 1].text == "%" or toks[j + 1].lower in word_set("percent_words", "numbers.json")):
            return True
        j += 1
    return False


def _object_opens(toks: list, k: int, rules: Rules) -> bool:
    """A verb's object opens at token ``k``: an article or other determiner, a number, a pronoun that
    can only be an object, or a name."""
    if k >= len(toks) or not toks[k].word:
        return False
    low = toks[k].lower
    return low in rules.determiners or low in rules.object_pronouns or low in word_set("reflexive_pronouns") \
        or low[0].isdigit() or toks[k].capital


def _number_after_object(scan: Scan, k: int, rules: Rules) -> bool:
    """An object that is no count, then a number within the few words after it, before any clause break
    ("the death toll at 87", "the value in the range of five to six million", "Humberto 785 miles west
    of Bermuda"; not "40 people on buses", "that coating on a toilet")."""
    toks = scan.unit.tokens
    if k >= len(toks) or count_word(toks[k], rules) or k + 1 < len(toks) and not toks[k].capital \
            and toks[k].lower not in rules.determiners and count_word(toks[k + 1], rules):
        return False  # the object is a count ("40 people", "about 40 people")
    for j in range(k + 1, min(len(toks), k + 12)):
        if toks[j].text in (",", ";", ":", ".") or toks[j].lower in word_set("coordinators"):
            return False
        if count_word(toks[j], rules):
            return True
    return False


def _number_follows(scan: Scan, k: int, rules: Rules) -> bool:
    """A number within the next three words ("over 100", "at least 71", "more than half", "about a
    dozen"; an article alone is none: "on a distress call")."""
    toks = scan.unit.tokens
    return any(count_word(toks[j], rules) or toks[j].text in ("$", "€", "£") for j in range(k, min(len(toks), k + 3)))


def short_rest(scan: Scan, k: int) -> bool:
    """"announced this on Monday", "said so": the pronoun is the whole content (no verb follows)."""
    rest = [t for t in scan.unit.tokens[k + 1:k + 6] if t.word]
    return not any(t.lower in load_rules().finite or t.lower.endswith("ed") for t in rest)


def clause_like(scan: Scan, first: int, last: int) -> bool:
    """Reported content before its speaker is a clause (a verb, a number or a quotation in it), or a
    few words that do not open with a preposition ("In his victory speech, X stressed" is no report)."""
    toks = scan.unit.tokens
    words = [t for t in toks[first:last + 1] if t.word]
    if any(t.lower in load_rules().finite or t.text[:1].isdigit() for t in words) or any(
            t.text in QUOTES for t in toks[first:last + 1]):
        return True
    return len(words) >= 3 and words[0].lower not in prepositions() and words[0].lower not in word_set("time_openers") \
        and words[0].lower != "to"  # "To track the particles, the team built a model": a purpose, no report


def quotation_after_object(scan: Scan, cstart: int, end: int, rules: Rules) -> int | None:
    """"explained the name: “...”", "described her to the BBC in 2002: “...”": an object, then a
    colon and a quotation; the quotation (its index) is what is said. None when a clause stands
    before the colon ("told the press the drugs were only part of it: “...”": said too), a comma
    ends the object first ("claimed half a million marchers, tweeting: “...”") or "that" or a
    quotation opened the content."""
    toks = scan.unit.tokens
    colon = next((k for k in range(cstart, min(end, cstart + 25)) if toks[k].text in (":", ",", ";")), None)
    if colon is None or toks[colon].text != ":" or colon + 1 >= end or toks[colon + 1].text not in QUOTES \
            or cstart > 0 and (toks[cstart - 1].lower == "that" or toks[cstart - 1].text in QUOTES):
        return None
    if any(verb_follows(toks, k, rules) for k in range(cstart, colon)):
        return None
    return colon + 1
