"""Measure extraction against hand-labelled documents (the gold format of ../shared/gold/README.md).

Scores as the reference scorer does, so `facttrack eval` and `score-gold` agree: a predicted figure
matches a labelled one when the spans overlap and the values are equal (value_max too for ranges);
among matched figures, qualifier, metric family and attribution are compared; a labelled non-figure
counts as reported when an unmatched predicted figure overlaps it; a claim matches when the spans
overlap and the speakers name the same actor. Spans are mapped onto the labelled text by a
character alignment when cleaning changed the text.
"""

from __future__ import annotations

import difflib
import io
import json
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from facttrack.errors import InputError

SAME_QUALIFIER = {"approximately": "about"}
CORE_METRICS = frozenset({"killed", "injured", "hostages", "missing", "displaced", "detained", "people",
                          "money", "cases"})
METRIC_ALIASES = {"arrested": "detained", "evacuated": "displaced"}
UNNAMED = frozenset({"reportedly", "reports", "reported", "report", "media reports", "it was reported",
                     "reports said", "were reported", "was reported", "preliminary reports", "unnamed reports",
                     "unnamed sources"})
PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "his", "her", "their"})


def norm(name: str | None) -> str:
    """Names compare as extraction compares them: case-folded, accents and punctuation stripped,
    a leading "the" dropped (the reference scorer's rule too)."""
    from facttrack.extract.actors import norm as actor_norm

    return actor_norm(name) if name else ""


ERROR_KINDS = ("figure missed", "figure value", "figure false positive", "non-figure reported", "qualifier",
               "metric", "attribution", "claim missed", "claim speaker", "claim false positive")


@dataclass(frozen=True, slots=True)
class Miss:
    """One disagreement with the labels: what kind, which field, labelled vs extracted, and where."""

    kind: str  # one of ERROR_KINDS
    document: str
    start: int  # offsets in the labelled text
    end: int
    gold: str | None
    got: str | None
    sentence: str

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "document": self.document, "start": self.start, "end": self.end,
                "gold": self.gold, "got": self.got, "sentence": self.sentence}


@dataclass
class Tally:
    gold_figures: int = 0
    predicted_figures: int = 0
    matched_figures: int = 0
    qualifier_ok: int = 0
    metric_ok: int = 0
    attribution_ok: int = 0
    not_figures: int = 0
    not_figures_reported: int = 0
    gold_claims: int = 0
    predicted_claims: int = 0
    matched_claims: int = 0
    failed_documents: int = 0
    failures: list[str] = field(default_factory=list)
    errors: list[Miss] | None = None  # filled only when asked for (``evaluate(..., errors=True)``)

    def note(self, miss: Miss) -> None:
        if self.errors is not None:
            self.errors.append(miss)

    def summary(self) -> dict[str, float]:
        fp, fr, ff = _prf(self.matched_figures, self.predicted_figures, self.gold_figures)
        cp, cr, cf = _prf(self.matched_claims, self.predicted_claims, self.gold_claims)
        matched = max(1, self.matched_figures)
        return {"figure_p": fp, "figure_r": fr, "figure_f1": ff,
                "qualifier_acc": self.qualifier_ok / matched, "metric_acc": self.metric_ok / matched,
                "attribution_acc": self.attribution_ok / matched,
                "not_figure_rate": self.not_figures_reported / max(1, self.not_figures),
                "claim_p": cp, "claim_r": cr, "claim_f1": cf, "failed_docs": self.failed_documents}


def _prf(hit: int, predicted: int, gold: int) -> tuple[float, float, float]:
    p = hit / predicted if predicted else 0.0
    r = hit / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def load_gold(path: str | Path) -> Iterator[dict[str, Any]]:
    """Labelled documents, one JSON object a line; a broken line is an InputError naming it."""
    with open(path, encoding="utf-8") as handle:
        for lineno, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                doc = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{lineno}: invalid JSON ({exc.msg})") from None
            if not isinstance(doc, dict) or not isinstance(doc.get("text"), str):
                raise InputError(f'{path}:{lineno}: a gold document needs a "text" string')
            yield doc


def evaluate(docs: Iterable[dict[str, Any]], *, errors: bool = False) -> Tally:
    """Run the extraction on every labelled document and tally the agreement; with ``errors``, also
    keep each disagreement (``Tally.errors``) for error analysis."""
    tally = Tally(errors=[] if errors else None)
    for doc in docs:
        out = _extract(doc)
        if out is None:
            tally.failed_documents += 1
            tally.gold_figures += len(doc.get("figures") or [])
            tally.gold_claims += len(doc.get("claims") or [])
            tally.failures.append(str(doc.get("id")))
            continue
        _score_document(doc, out, tally)
    return tally


def _extract(doc: dict[str, Any]) -> dict[str, Any] | None:
    """The extraction as `facttrack extract` gives it for the document written as one JSON line."""
    from facttrack.extract import extract
    from facttrack.readers import iter_documents

    line = json.dumps({"title": doc.get("title") or doc.get("id"), "text": doc["text"],
                       "published": doc.get("published"), "url": doc.get("url")}) + "\n"
    items = list(iter_documents(["-"], input_format="jsonl", stdin=io.BytesIO(line.encode("utf-8"))))
    if len(items) != 1 or isinstance(items[0], InputError):
        return None
    return extract(items[0]).to_json()


class _Aligner:
    """Map offsets in the extracted text onto the labelled text."""

    def __init__(self, got: str, gold: str) -> None:
        self.identity = got == gold
        if not self.identity:
            matcher = difflib.SequenceMatcher(None, got, gold, autojunk=False)
            self.blocks = [b for b in matcher.get_matching_blocks() if b.size]
            self.starts = [b.a for b in self.blocks]

    def _map(self, i: int) -> int | None:
        if self.identity:
            return i
        k = bisect_right(self.starts, i) - 1
        if k < 0:
            return None
        block = self.blocks[k]
        return block.b + (i - block.a) if i < block.a + block.size else block.b + block.size

    def span(self, start: Any, end: Any) -> tuple[int, int] | None:
        if not isinstance(start, int) or not isinstance(end, int):
            return None
        a, b = self._map(start), self._map(max(start, end - 1))
        return None if a is None or b is None else (a, b + 1)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _same_value(gold: dict[str, Any], got: dict[str, Any]) -> bool:
    try:
        g, p = float(gold["value"]), float(got.get("value"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
    # a non-integer labelled value (a share such as two-thirds) matches within 0.05: 66.67 ~ 66.7
    tolerance = 0.05 if not g.is_integer() else 1e-6 * max(1.0, abs(g))
    if abs(g - p) > tolerance:
        return False
    if gold.get("value_max") is None:
        return True
    try:
        gm, pm = float(gold["value_max"]), float(got.get("value_max"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
    return abs(gm - pm) <= 1e-6 * max(1.0, abs(gm))


def _metric_family(metric: str | None) -> str:
    metric = METRIC_ALIASES.get(metric or "other", metric or "other")
    return metric if metric in CORE_METRICS else "other"


def names_match(gold: str | None, got: str | None, aliases: dict[str, set[str]]) -> bool:
    """Equal after norm(), or one name's words contain the other's, through the reported aliases."""
    g, p = norm(gold), norm(got)
    if not g or not p:
        return g == p
    if g == p:
        return True
    gold_words = set(g.split())
    for candidate in {p} | aliases.get(p, set()):
        words = set(candidate.split())
        if gold_words <= words or words <= gold_words:
            return True
    return False


def _attribution_ok(gold: str | None, got: str | None, aliases: dict[str, set[str]]) -> bool:
    if gold is not None and (norm(gold) in UNNAMED or norm(gold) in PRONOUNS):
        return True
    if gold is None:
        return not got
    return names_match(gold, got, aliases)


def _score_document(doc: dict[str, Any], out: dict[str, Any], tally: Tally) -> None:
    text = doc["text"]
    name = str(doc.get("id") or "")

    def miss(kind: str, where: tuple[int, int], gold: Any, got: Any) -> None:
        if tally.errors is not None:
            tally.note(Miss(kind, name, where[0], where[1], None if gold is None else str(gold),
                            None if got is None else str(got), _sentence_around(text, where)))

    aligner = _Aligner((out.get("article") or {}).get("text") or text, text)
    aliases: dict[str, set[str]] = {}
    for actor in out.get("actors") or []:
        group = {norm(actor.get("name"))} | {norm(a) for a in actor.get("aliases") or []}
        for alias in group:
            aliases.setdefault(alias, set()).update(group)
    neutral = [(x["start"], x["end"]) for x in doc.get("ignore") or []]
    predicted = []
    for figure in out.get("figures") or []:
        span = aligner.span(figure.get("start"), figure.get("end"))
        if span and not figure.get("vague") and not any(_overlaps(span, n) for n in neutral):
            predicted.append((span, figure))
    gold_figures = doc.get("figures") or []
    tally.predicted_figures += len(predicted)
    tally.gold_figures += len(gold_figures)
    used: set[int] = set()
    for gold in gold_figures:
        where = (gold["start"], gold["end"])
        found = next((k for k, (span, figure) in enumerate(predicted)
                      if k not in used and _overlaps(span, where) and _same_value(gold, figure)), None)
        if found is None:
            near = next((f for k, (span, f) in enumerate(predicted) if k not in used and _overlaps(span, where)),
                        None)
            if near is None:
                miss("figure missed", where, _value_text(gold), None)
            else:
                miss("figure value", where, _value_text(gold), _value_text(near))
            continue
        used.add(found)
        figure = predicted[found][1]
        tally.matched_figures += 1
        gq, pq = gold.get("qualifier"), figure.get("qualifier")
        if SAME_QUALIFIER.get(gq, gq) == SAME_QUALIFIER.get(pq, pq):
            tally.qualifier_ok += 1
        else:
            miss("qualifier", where, gq, pq)
        if _metric_family(gold.get("metric")) == _metric_family(figure.get("metric")):
            tally.metric_ok += 1
        else:
            miss("metric", where, gold.get("metric"), figure.get("metric"))
        if _attribution_ok(gold.get("attributed_to"), figure.get("attributed_to"), aliases):
            tally.attribution_ok += 1
        else:
            miss("attribution", where, gold.get("attributed_to"), figure.get("attributed_to"))
    unmatched = [(span, f) for k, (span, f) in enumerate(predicted) if k not in used]
    reported: set[int] = set()
    for nf in doc.get("not_figures") or []:
        tally.not_figures += 1
        hits = [k for k, (span, _) in enumerate(unmatched) if _overlaps(span, (nf["start"], nf["end"]))]
        tally.not_figures_reported += bool(hits)
        reported.update(hits)
    labelled = [(g["start"], g["end"]) for g in gold_figures]
    for k, (span, figure) in enumerate(unmatched):
        if k in reported:
            miss("non-figure reported", span, None, _value_text(figure))
        elif not any(_overlaps(span, g) for g in labelled):  # an overlap is already a "figure value" miss
            miss("figure false positive", span, None, _value_text(figure))
    claims = [(span, c) for c in out.get("claims") or []
              if (span := aligner.span(c.get("start"), c.get("end")))]
    gold_claims = doc.get("claims") or []
    tally.predicted_claims += len(claims)
    tally.gold_claims += len(gold_claims)
    taken: set[int] = set()
    shown: set[int] = set()  # claims listed already, as the near miss of a labelled claim's speaker
    for gold in gold_claims:
        where = (gold["start"], gold["end"])
        speaker = norm(gold.get("speaker"))
        anyone = speaker in PRONOUNS or speaker in UNNAMED
        found = next((k for k, (span, claim) in enumerate(claims)
                      if k not in taken and _overlaps(span, where)
                      and (anyone or names_match(gold.get("speaker"), claim.get("speaker"), aliases))), None)
        if found is None:
            near = next((k for k, (span, c) in enumerate(claims) if k not in taken and _overlaps(span, where)), None)
            if near is None:
                miss("claim missed", where, f"{gold.get('speaker')} | {gold.get('cue')}", None)
            else:
                shown.add(near)
                claim = claims[near][1]
                miss("claim speaker", where, gold.get("speaker"), f"{claim.get('speaker')} | {claim.get('cue')}")
            continue
        taken.add(found)
        tally.matched_claims += 1
    for k, (span, claim) in enumerate(claims):
        # every claim no labelled claim took counts against precision, so each is listed: one that
        # overlaps a labelled claim taken by another is a second claim on the same words
        if k not in taken and k not in shown:
            miss("claim false positive", span, None, f"{claim.get('speaker')} | {claim.get('cue')}")


def _value_text(figure: dict[str, Any]) -> str:
    value, high = figure.get("value"), figure.get("value_max")
    shown = f"{value:g}" if isinstance(value, float) else str(value)
    if high is not None:
        shown += f"-{high:g}" if isinstance(high, float) else f"-{high}"
    return f"{shown} {figure.get('metric') or ''}".strip()


def _sentence_around(text: str, span: tuple[int, int], limit: int = 160) -> str:
    """The labelled text around a span, from the sentence start it falls in, with the span marked."""
    start, end = span
    lo = max(text.rfind(". ", 0, start) + 2, text.rfind("\n", 0, start) + 1, start - limit, 0)
    hi_candidates = [i for i in (text.find(". ", end), text.find("\n", end)) if i >= 0]
    hi = min([*hi_candidates, end + limit, len(text)])
    hi = min(len(text), hi + 1)
    return (text[lo:start] + "[[" + text[start:end] + "]]" + text[end:hi]).replace("\n", " ").strip()


def render_errors(misses: Iterable[Miss]) -> Iterator[str]:
    """Text lines, grouped by kind (in ERROR_KINDS order), one line per disagreement."""
    by_kind: dict[str, list[Miss]] = {}
    for m in misses:
        by_kind.setdefault(m.kind, []).append(m)
    for kind in ERROR_KINDS:
        group = by_kind.get(kind)
        if not group:
            continue
        yield f"## {kind} ({len(group)})"
        for m in group:
            yield f"{m.document} {m.start}-{m.end}  gold: {m.gold}  got: {m.got}"
            yield f"    {m.sentence}"
        yield ""
