"""The word lists are matched word-start by word-start (fast), and find exactly
what one search for all of a kind's terms anywhere in the message finds."""
import re

import pytest
import yaml

from bot.lexicon import NLU, entries, lexicon, pattern
from bot.settings import ROOT
from bot.text import normalize


def held_out_messages() -> list[str]:
    texts = []
    for path in sorted((ROOT / "tests" / "hard").glob("*.yml")) + sorted((ROOT / "tests" / "everyday").glob("*.yml")):
        for block in yaml.safe_load(path.read_text())["nlu"]:
            texts += [normalize(line[2:]) for line in block["examples"].splitlines() if line.startswith("- ")]
    return texts


@pytest.mark.parametrize("folder", ["crisis", "situation"])
def test_the_word_lists_find_exactly_what_one_search_of_every_term_finds(folder):
    grouped: dict[str, list[str]] = {}
    for path in sorted((NLU / folder).glob("*.txt")):
        for kind, term in entries(path):
            grouped.setdefault(kind, []).append(pattern(term))
    everywhere = {kind: re.compile("|".join(sorted(set(p)))) for kind, p in grouped.items()}
    messages = held_out_messages()
    found_any = 0
    for text in messages:
        expected = [kind for kind, regex in everywhere.items() if regex.search(text)]
        assert lexicon(folder).kinds_in(text) == expected, text
        found_any += bool(expected)
    assert found_any > 100, "the messages do contain terms: the comparison means something"


def test_a_term_with_a_leading_star_matches_inside_a_word_and_others_only_at_its_start():
    crisis = lexicon("crisis")
    assert crisis.kinds_in(normalize("i want to kill myself")) != []
    assert crisis.kinds_in(normalize("skill myselfish")) == []
