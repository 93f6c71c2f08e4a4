"""The training data, the word lists and the held-out sets stay consistent.

The classifier sees folded text, so two examples that fold to the same text
must mean the same; and a held-out message that is also a training example
would flatter every number `make eval` prints."""
from collections import defaultdict
from pathlib import Path

import yaml

from bot.lexicon import entries
from bot.safety import KINDS
from bot.text import normalize

ROOT = Path(__file__).resolve().parents[1]
TRAINING = sorted((ROOT / "nlu").rglob("*.yml"))
HELD_OUT = [path for folder in ("hard", "fresh", "everyday") for path in sorted((ROOT / "tests" / folder).glob("*.yml"))]
DOMAIN_INTENTS = set(yaml.safe_load((ROOT / "domain.yml").read_text())["intents"])


def examples(paths):
    for path in paths:
        for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
            for line in block["examples"].splitlines():
                if line.strip().startswith("- "):
                    yield path, block["intent"], line.strip()[2:]


def test_no_two_intents_share_an_example_once_folded():
    meanings = defaultdict(set)
    for path, intent, text in examples(TRAINING):
        meanings[normalize(text)].add((path.stem, intent))
    clashes = {text: where for text, where in meanings.items() if len({intent for _, intent in where}) > 1}
    assert clashes == {}


def test_every_intent_has_training_data_in_every_language():
    seen = defaultdict(set)
    for path, intent, _ in examples(TRAINING):
        seen[path.stem].add(intent)
    assert set(seen) == {"en", "nl", "ar", "ti", "fa", "tr", "uk", "so"}
    for language, intents in seen.items():
        assert intents == DOMAIN_INTENTS - {"nlu_fallback"}, language


def test_no_held_out_message_is_in_the_training_data():
    trained = {normalize(text) for _, _, text in examples(TRAINING)}
    leaked = [text for _, _, text in examples(HELD_OUT) if normalize(text) in trained]
    assert leaked == []


def test_held_out_sets_cover_every_language_and_only_known_intents():
    for folder in ("hard", "fresh", "everyday"):
        assert {p.stem for p in HELD_OUT if p.parent.name == folder} == {"en", "nl", "ar", "ti", "fa", "tr", "uk", "so"}
    assert {intent for _, intent, _ in examples(HELD_OUT)} <= DOMAIN_INTENTS


def test_every_crisis_and_situation_term_has_a_known_kind():
    for folder, kinds in (("crisis", set(KINDS)), ("situation", {"coa", "permit", "ukraine", "undocumented"})):
        for path in (ROOT / "nlu" / folder).glob("*.txt"):
            assert {kind for kind, _ in entries(path)} <= kinds, path
