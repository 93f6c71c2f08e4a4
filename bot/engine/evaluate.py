"""`make eval`: how well Bridge understands people as they really write.

The headline is measured on messages written apart from the training data and
never trained on: the hard set (`tests/hard/<lang>.yml`: long, misspelt,
romanised, indirect, near misses), the fresh set (`tests/fresh/`: crisis messages
and alarming-sounding ordinary ones, written later by other authors, to check the
safety net on messages its word lists were never tuned on) and the everyday set
(`tests/everyday/`).
Each message is the first message of a new conversation with the real stack
(trained model, action server, Rasa server over its REST channel), so crisis
recall is what a person would see: the first reply carries the number that
fits. Printed per language:
- macro-F1 of the intent;
- crisis recall: messages about danger, suicide, sexual or domestic violence
  whose first reply carries 112, 113, 0800-0188 or 0800-2000 respectively;
- false alarms: ordinary questions that got a crisis line or answer;
- language: replies in the message's own language (Arabizi in Arabic, ...);
- the worst confusions.
`--cv` adds the old 5-fold cross-validation on the training data (slow, and
flattering: it is not how people write).
"""
import argparse
import json
import logging
import os
import random
import sys
import tempfile
import urllib.request
import uuid
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("BRIDGE_SECRET_KEY", "evaluation-only-key-" + "x" * 32)

from sklearn.metrics import f1_score  # noqa: E402

from bot import safety  # noqa: E402
from bot.settings import ROOT  # noqa: E402

SETS = {"hard": ROOT / "tests" / "hard", "fresh": ROOT / "tests" / "fresh", "everyday": ROOT / "tests" / "everyday"}
# Questions that may rightly mention violence are not counted as false alarms.
MAY_MENTION_VIOLENCE = {"ask_honour_violence", "ask_residence_permit", "ask_exploitation", "ask_rights",
                        "ask_legal_help", "ask_confidentiality", "request_human"}
FOLDS = int(os.environ.get("EVAL_FOLDS", "5"))
SEED = 42


def load_examples(paths) -> list[tuple[str, str, str]]:
    """(language, intent, text) for every example in these NLU files."""
    import yaml

    examples = []
    for path in paths:
        for block in yaml.safe_load(Path(path).read_text(encoding="utf-8"))["nlu"]:
            for line in block["examples"].splitlines():
                if line.strip().startswith("- "):
                    examples.append((Path(path).stem, block["intent"], line.strip()[2:]))
    return examples


def training_files() -> list[Path]:
    return sorted((ROOT / "nlu").rglob("*.yml"))


# --- Through the real stack ------------------------------------------------------------


def _post(url: str, body: dict) -> object:
    request = urllib.request.Request(url, json.dumps(body).encode(), {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def first_contact(stack, text: str) -> dict:
    """What one new person writing `text` gets: the parse, the first reply, the language."""
    sender = f"eval-{uuid.uuid4().hex}"
    parsed = _post(f"{stack.url}/model/parse?token={stack.api_token}", {"text": text})
    answer = _post(f"{stack.url}/webhooks/rest/webhook", {"sender": sender, "message": text})
    tracker = f"{stack.url}/conversations/{sender}/tracker?token={stack.api_token}"
    with urllib.request.urlopen(tracker, timeout=60) as response:
        slots = json.loads(response.read()).get("slots") or {}
    return {
        "intent": parsed["intent"]["name"],
        "crisis": parsed.get("crisis") or [],
        "first": answer[0].get("text", "") if answer else "",
        "language": slots.get("language"),
    }


def run_through_stack(examples) -> list[dict]:
    from bot.engine.train import ensure_model
    from tests.support.servers import BridgeStack

    with tempfile.TemporaryDirectory() as workdir:
        stack = BridgeStack(ensure_model(), Path(workdir), f"sqlite:///{workdir}/eval.db").start()
        try:
            with ThreadPoolExecutor(4) as pool:
                return list(pool.map(lambda e: first_contact(stack, e[2]), examples))
        finally:
            stack.stop()


def crisis_kind(intent: str) -> str | None:
    return safety.KIND_OF_INTENT.get(intent)


def report(title: str, examples, results) -> str:
    by_language = defaultdict(list)
    for example, result in zip(examples, results):
        by_language[example[0]].append((example, result))
        by_language["all"].append((example, result))
    lines = [f"{title}: {len(examples)} messages", "",
             "| language | messages | macro-F1 | crisis recall | false alarms | own language |",
             "|---|---|---|---|---|---|"]
    for language in sorted(k for k in by_language if k != "all") + ["all"]:
        rows = by_language[language]
        truth = [e[1] for e, _ in rows]
        guess = [r["intent"] for _, r in rows]
        crisis = [(e, r) for e, r in rows if crisis_kind(e[1])]
        caught = sum(safety.carries_number(r["first"], crisis_kind(e[1])) for e, r in crisis)
        ordinary = [r for e, r in rows if not crisis_kind(e[1]) and e[1] not in MAY_MENTION_VIOLENCE]
        alarms = sum(bool(r["crisis"]) or r["intent"] in safety.KIND_OF_INTENT for r in ordinary)
        own = sum(r["language"] == e[0] for e, r in rows)
        lines.append(
            f"| {language} | {len(rows)} | {f1_score(truth, guess, average='macro', labels=sorted(set(truth))):.3f} | "
            f"{caught}/{len(crisis)} | {alarms}/{len(ordinary)} ({alarms / max(len(ordinary), 1):.1%}) | "
            f"{own / len(rows):.1%} |"
        )
    confusions = Counter((e[1], r["intent"]) for e, r in zip(examples, results) if e[1] != r["intent"])
    lines += ["", "Worst confusions (true -> predicted: count):"]
    lines += [f"- {true} -> {guess}: {count}" for (true, guess), count in confusions.most_common(10)]
    missed = [(e, r) for e, r in zip(examples, results)
              if crisis_kind(e[1]) and not safety.carries_number(r["first"], crisis_kind(e[1]))]
    if missed:
        lines += ["", f"Crisis messages whose first reply lacked the number ({len(missed)}):"]
        lines += [f"- [{e[0]} {e[1]} -> {r['intent']}] {e[2][:100]}" for e, r in missed[:40]]
    alarmed = [(e, r) for e, r in zip(examples, results) if not crisis_kind(e[1]) and e[1] not in MAY_MENTION_VIOLENCE
               and (r["crisis"] or r["intent"] in safety.KIND_OF_INTENT)]
    if alarmed:
        lines += ["", f"False alarms ({len(alarmed)}, the first 40):"]
        lines += [f"- [{e[0]} {e[1]} -> {r['intent']} {','.join(r['crisis'])}] {e[2][:100]}" for e, r in alarmed[:40]]
    return "\n".join(lines)


# --- Cross-validation on the training data (--cv) ------------------------------------


def assign_folds(examples) -> list[int]:
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


def cross_validate(examples) -> str:
    from bot.classifier import IntentModel
    from bot.text import normalize

    folds = assign_folds(examples)
    guesses = [""] * len(examples)
    for fold in range(FOLDS):
        print(f"fold {fold + 1}/{FOLDS}", file=sys.stderr)
        train = [e for e, f in zip(examples, folds) if f != fold]
        test = [i for i, f in enumerate(folds) if f == fold]
        model = IntentModel().fit([normalize(e[2]) for e in train], [e[1] for e in train])
        for index, ranking in zip(test, model.rank([normalize(examples[i][2]) for i in test])):
            guesses[index] = ranking[0][0]
    scores = defaultdict(lambda: ([], []))
    for (language, intent, _), guess in zip(examples, guesses):
        for key in (language, "all"):
            scores[key][0].append(intent)
            scores[key][1].append(guess)
    lines = [f"{FOLDS}-fold cross-validation of the classifier on the training data, {len(examples)} examples",
             "", "| language | examples | macro-F1 |", "|---|---|---|"]
    for key in sorted(k for k in scores if k != "all") + ["all"]:
        truth, guess = scores[key]
        lines.append(f"| {key} | {len(truth)} | {f1_score(truth, guess, average='macro'):.3f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cv", action="store_true", help="also cross-validate on the training data")
    parser.add_argument("--set", choices=sorted(SETS), action="append", help="only these sets")
    arguments = parser.parse_args()
    logging.disable(logging.WARNING)
    sets = {name: load_examples(sorted(SETS[name].glob("*.yml"))) for name in arguments.set or list(SETS)}
    results = iter(run_through_stack([e for examples in sets.values() for e in examples]))
    for name, examples in sets.items():
        title = f"The {name} set, first messages through the real stack"
        print(report(title, examples, [next(results) for _ in examples]), end="\n\n", flush=True)
    if arguments.cv:
        print(cross_validate(load_examples(training_files())))


if __name__ == "__main__":
    main()
