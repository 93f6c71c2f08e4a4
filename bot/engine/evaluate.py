"""`make eval`: how well the NLU understands each language, on unseen text.

Stratified k-fold cross-validation over nlu/<lang>.yml with the real pipeline
(config.yml): each fold trains an NLU model on the other folds and parses the
held-out examples. Prints accuracy and macro-F1 per language and overall, how
often the bot would fall back, and the confusions that hurt most.
"""
import asyncio
import logging
import os
import random
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from sklearn.metrics import accuracy_score, f1_score  # noqa: E402

from bot.settings import ROOT  # noqa: E402

FOLDS = int(os.environ.get("EVAL_FOLDS", "5"))
CONFIG = os.environ.get("EVAL_CONFIG", str(ROOT / "config.yml"))  # to compare pipelines
SEED = 42


def load_examples() -> list[tuple[str, str, str]]:
    """(language, intent, text) for every training example."""
    from rasa.shared.nlu.training_data.loading import load_data

    examples = []
    for path in sorted((ROOT / "nlu").glob("*.yml")):
        for message in load_data(str(path)).intent_examples:
            examples.append((path.stem, message.get("intent"), message.get("text")))
    return examples


def assign_folds(examples: list[tuple[str, str, str]]) -> list[int]:
    """Stratified by language and intent, so every fold holds every pair."""
    groups = defaultdict(list)
    for index, (language, intent, _) in enumerate(examples):
        groups[(language, intent)].append(index)
    folds = [0] * len(examples)
    rng = random.Random(SEED)
    for indices in groups.values():
        rng.shuffle(indices)
        for position, index in enumerate(indices):
            folds[index] = position % FOLDS
    return folds


def write_nlu(path: Path, examples: list[tuple[str, str, str]]) -> None:
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLWriter
    from rasa.shared.nlu.training_data.message import Message
    from rasa.shared.nlu.training_data.training_data import TrainingData

    messages = [Message(data={"text": text, "intent": intent}) for _, intent, text in examples]
    RasaYAMLWriter().dump(path, TrainingData(training_examples=messages))


async def predict(model: str, texts: list[str]) -> list[tuple[str, bool]]:
    """(top intent, would fall back) per text."""
    from rasa.core.agent import Agent

    agent = Agent.load(model)
    results = []
    for text in texts:
        parsed = await agent.parse_message(text)
        ranking = [r for r in parsed.get("intent_ranking", []) if r["name"] != "nlu_fallback"]
        results.append((ranking[0]["name"] if ranking else "none", parsed["intent"]["name"] == "nlu_fallback"))
    return results


def cross_validate(examples):
    from rasa.model_training import train_nlu

    folds = assign_folds(examples)
    predictions = [None] * len(examples)
    with tempfile.TemporaryDirectory() as workdir:
        for fold in range(FOLDS):
            train = [e for e, f in zip(examples, folds) if f != fold]
            test_indices = [i for i, f in enumerate(folds) if f == fold]
            data = Path(workdir) / f"train-{fold}.yml"
            write_nlu(data, train)
            print(f"fold {fold + 1}/{FOLDS}: training on {len(train)}, testing {len(test_indices)}", file=sys.stderr)
            model = train_nlu(CONFIG, str(data), workdir, fixed_model_name=f"fold-{fold}")
            fold_predictions = asyncio.run(predict(model, [examples[i][2] for i in test_indices]))
            for index, prediction in zip(test_indices, fold_predictions):
                predictions[index] = prediction
    return predictions


def report(examples, predictions) -> str:
    by_language = defaultdict(lambda: ([], [], []))
    for (language, intent, _), (predicted, fell_back) in zip(examples, predictions):
        for key in (language, "all"):
            truth, guess, fallback = by_language[key]
            truth.append(intent)
            guess.append(predicted)
            fallback.append(fell_back)
    lines = ["| language | examples | accuracy | macro-F1 | fallback rate |", "|---|---|---|---|---|"]
    for language in sorted(k for k in by_language if k != "all") + ["all"]:
        truth, guess, fallback = by_language[language]
        lines.append(
            f"| {language} | {len(truth)} | {accuracy_score(truth, guess):.3f} | "
            f"{f1_score(truth, guess, average='macro'):.3f} | {sum(fallback) / len(fallback):.3f} |"
        )
    confusions = Counter(
        (intent, predicted) for (_, intent, _), (predicted, _) in zip(examples, predictions) if intent != predicted
    )
    lines += ["", "Confusions that hurt most (true -> predicted: count):"]
    lines += [f"- {true} -> {guess}: {count}" for (true, guess), count in confusions.most_common(12)]
    return "\n".join(lines)


def main() -> None:
    from rasa.utils.log_utils import configure_structlog

    logging.disable(logging.WARNING)
    configure_structlog(logging.WARNING)  # Rasa's debug events would print every text
    examples = load_examples()
    predictions = cross_validate(examples)
    print(f"\n{FOLDS}-fold cross-validation of the NLU pipeline (config.yml), {len(examples)} examples\n")
    print(report(examples, predictions))


if __name__ == "__main__":
    main()
