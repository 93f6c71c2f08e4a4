"""The training data stays consistent after our text folding: the classifier
sees folded text, so two examples that fold to the same text must mean the same."""
from collections import defaultdict
from pathlib import Path

import yaml

from bot.text import normalize

NLU = Path(__file__).resolve().parents[1] / "nlu"


def test_no_two_intents_share_an_example_once_folded():
    meanings = defaultdict(set)
    for path in sorted(NLU.glob("*.yml")):
        for block in yaml.safe_load(path.read_text())["nlu"]:
            for line in block["examples"].splitlines():
                if line.strip().startswith("- "):
                    meanings[normalize(line.strip()[2:])].add((path.stem, block["intent"]))
    clashes = {text: where for text, where in meanings.items() if len({intent for _, intent in where}) > 1}
    assert clashes == {}
