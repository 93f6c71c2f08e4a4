"""The crisis safety net: which crises a message may be about, whatever the
main classifier decided.

A missed suicide or rape can cost a life; an extra line with a free 24/7
number costs a moment's reading. So recall comes first, from three sources,
and any one is enough (we fail towards help):
- the crisis lexicons (`nlu/crisis/<lang>.txt`), romanised forms included;
- the classifier's ranking of the whole message, when a crisis is likely;
- the classifier's verdict on each clause, because in a long message the
  disclosure often sits in the middle, after greetings and context.
"""
import re
from typing import Callable, Iterable, NamedTuple

from bot.lexicon import lexicon

# Most severe first: the order in which safety lines are shown.
KINDS = ("danger", "suicide", "sexual_violence", "domestic_violence")
KIND_OF_INTENT = {
    "immediate_danger": "danger",
    "suicidal_thoughts": "suicide",
    "report_sexual_violence": "sexual_violence",
    "report_domestic_violence": "domestic_violence",
}
# The number a first reply must carry for each kind (nl-services.md §1, §4.7, §2, §3).
NUMBERS = {
    "danger": ["112"],
    "suicide": ["113", "0800-0113"],
    "sexual_violence": ["0800-0188"],
    "domestic_violence": ["0800-2000"],
}
# A crisis this likely in the whole message, or in one clause, counts. Tuned
# on the hard set (make eval, the README has the numbers): lower catches a
# few more crisis messages but adds crisis lines to many more ordinary ones.
MESSAGE_THRESHOLD = 0.15
MASS_THRESHOLD = 0.25  # the crisis intents together, when no single one stands out
SURE_THRESHOLD = 0.4
CLAUSE_THRESHOLD = 0.5

_CLAUSE_BREAK = re.compile(r"[.!?؟。።፧;؛\n]+|,|،|\s-\s")
_WORDS_PER_WINDOW = 10  # run-on voice-to-text has no punctuation to split on

Classify = Callable[[list[str]], list[list[tuple[str, float]]]]  # texts -> ranking per text


def clauses(folded_text: str) -> list[str]:
    """Sentences and clauses of a message; long unpunctuated runs are cut into
    overlapping windows so each idea gets classified on its own."""
    pieces = []
    for part in _CLAUSE_BREAK.split(folded_text):
        words = part.split()
        if len(words) <= _WORDS_PER_WINDOW + 2:
            pieces.append(" ".join(words))
            continue
        step = _WORDS_PER_WINDOW // 2
        for start in range(0, len(words) - step, step):
            pieces.append(" ".join(words[start:start + _WORDS_PER_WINDOW]))
    return [piece for piece in pieces if len(piece.split()) >= 2]


class Assessment(NamedTuple):
    """What the safety net makes of a message, each list most severe first."""
    found: list[str]  # every crisis the message may be about: the first reply carries their numbers
    sure: list[str]  # evidence enough to answer the crisis itself rather than only add its number
    told: list[str]  # sure by the classifier's own reading (the whole message or one clause), not by a word


def crisis_kinds(folded_text: str, ranking: Iterable[tuple[str, float]], classify: Classify) -> list[str]:
    """The crises the message may be about, most severe first."""
    return assess(folded_text, list(ranking), classify).found


def assess(folded_text: str, ranking: list[tuple[str, float]], classify: Classify) -> Assessment:
    """Sure means a crisis term, a clause that says it, or a likely crisis for
    the whole message. Told leaves out the terms: "is rape in marriage a crime
    here?" names a crisis, "my husband forces me, is that allowed?" tells one."""
    told = {KIND_OF_INTENT[i] for i, p in ranking if i in KIND_OF_INTENT and p >= SURE_THRESHOLD}
    parts = clauses(folded_text)
    if len(parts) > 1:
        for clause_ranking in classify(parts):
            intent, confidence = clause_ranking[0]
            if intent in KIND_OF_INTENT and confidence >= CLAUSE_THRESHOLD:
                told.add(KIND_OF_INTENT[intent])
    sure = told | set(lexicon("crisis").kinds_in(folded_text))
    found = sure | {KIND_OF_INTENT[i] for i, p in ranking if i in KIND_OF_INTENT and p >= MESSAGE_THRESHOLD}
    if sum(p for i, p in ranking if i in KIND_OF_INTENT) >= MASS_THRESHOLD:  # unsure which, but some crisis
        found |= {KIND_OF_INTENT[i] for i, p in ranking if i in KIND_OF_INTENT and p >= 0.05}
    return Assessment(*([kind for kind in KINDS if kind in kinds] for kinds in (found, sure, told)))


def carries_number(text: str, kind: str) -> bool:
    """Whether `text` gives the number for `kind` (not as part of another number)."""
    return any(re.search(rf"(?<![\d-]){re.escape(n)}(?![\d-])", text) for n in NUMBERS[kind])
