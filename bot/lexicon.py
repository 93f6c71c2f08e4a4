"""Word lists under `nlu/`: crisis terms, situation terms, romanised words.

One format for all of them (a line: `kind: term  # why`), matched on folded
text (`bot.text.normalize`) so a term is written once, naturally, and still
matches the ways phones spell it. `*` at either end of a word stands for any
letters there (Arabic prefixes such as و and ال attach to words); `...`
between words allows up to three other words in between.
"""
import re
from functools import lru_cache
from pathlib import Path

from bot.settings import ROOT
from bot.text import normalize

NLU = ROOT / "nlu"
_GAP = r"(?:\s+\S+){0,3}\s+"


def entries(path: Path) -> list[tuple[str, str]]:
    """(kind, term) per line of one file; a line without "kind:" has kind ""."""
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split(" #", 1)[0].split("\t#", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        kind, sep, term = line.partition(":")
        if not sep or " " in kind.strip():  # no kind, or a colon inside the term
            kind, term = "", line
        term = normalize(term)
        if term:
            found.append((kind.strip(), term))
    return found


def pattern(term: str) -> str:
    """The regular expression of one term (whole words, `*` and `...`).

    A `*` at the start of the term just drops the word boundary there ("any
    letters before" is the same as "no boundary needed"), and likewise at the
    end: no `\\w*` to backtrack over, which keeps thousands of terms fast."""
    words = term.split()
    regex = ""
    for index, word in enumerate(words):
        if word == "...":
            continue
        if regex:
            regex += _GAP if words[index - 1] == "..." else r"\s+"
        inner_start, inner_end = index > 0 and word.startswith("*"), index < len(words) - 1 and word.endswith("*")
        regex += (r"\w*" if inner_start else "") + re.escape(word.strip("*")) + (r"\w*" if inner_end else "")
    starts, ends = words[0].startswith("*"), words[-1].endswith("*")
    return ("" if starts else r"(?<!\w)") + regex + ("" if ends else r"(?!\w)")


_WORD_CHAR = re.compile(r"\w")


def _opening(term: str) -> str | None:
    """The letters a match of `term` starts with (up to two), or None when it
    may start anywhere (a leading `*`)."""
    first = term.split()[0]
    if first.startswith("*") or not first.strip("*"):
        return None
    return first.strip("*")[:2]


class _Terms:
    """One kind's terms. One alternation of some 3,000 terms, searched at every
    position of a message, cost 3 ms per message; a term that starts at a word
    can only match where the message has its first letters after a non-letter,
    so those are tried only there, grouped by those letters. The same matches."""

    def __init__(self, terms: list[str]):
        by_opening: dict[str, set[str]] = {}
        for term in terms:
            by_opening.setdefault(_opening(term), set()).add(pattern(term))
        anywhere = by_opening.pop(None, set())
        self.anywhere = re.compile("|".join(sorted(anywhere))) if anywhere else None
        self.at_word = {opening: re.compile("|".join(sorted(p))) for opening, p in by_opening.items()}

    def in_text(self, text: str) -> bool:
        if self.anywhere is not None and self.anywhere.search(text):
            return True
        for start in range(len(text)):
            if start and _WORD_CHAR.match(text, start - 1):
                continue  # inside a word: no term that needs a boundary starts here
            for opening in (text[start:start + 2], text[start:start + 1]):
                regex = self.at_word.get(opening)
                if regex is not None and regex.match(text, start):
                    return True
        return False


class Lexicon:
    """Terms grouped by kind, from every `nlu/<folder>/<lang>.txt`: a message
    may mix languages, so every language's terms are matched."""

    def __init__(self, folder: str):
        grouped: dict[str, list[str]] = {}
        for path in sorted((NLU / folder).glob("*.txt")):
            for kind, term in entries(path):
                grouped.setdefault(kind, []).append(term)
        self._by_kind = {kind: _Terms(terms) for kind, terms in grouped.items()}

    def kinds_in(self, folded_text: str) -> list[str]:
        """The kinds with at least one term in the (already folded) text."""
        return [kind for kind, terms in self._by_kind.items() if terms.in_text(folded_text)]


@lru_cache(maxsize=None)
def lexicon(folder: str) -> Lexicon:
    return Lexicon(folder)


@lru_cache(maxsize=None)
def romanised_words() -> dict[str, frozenset[str]]:
    """Per language, words typed in Latin letters (Arabizi, Finglish, ...)."""
    return {
        path.stem: frozenset(term for _, term in entries(path) if " " not in term)
        for path in sorted((NLU / "romanised").glob("*.txt"))
    }
