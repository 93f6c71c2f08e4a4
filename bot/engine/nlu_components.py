"""Rasa NLU graph components wrapping our engine-agnostic text code.

`BridgeNormalizer` runs first, in training and in prediction alike, so the
classifier only ever sees folded text (`bot.text.normalize`). Before folding it
notes the language the message is written in (`detected_language` in the
parse result): after folding, Arabic letters look Persian.
`BridgeIntentClassifier` wraps our classifier (`bot.classifier`) and adds the
crisis safety net's verdict (`crisis` in the parse result, `bot.safety`).
`BridgeShortcuts` runs after the classifier: numbers, commands and button
payloads have one sure meaning (`bot.shortcuts`) and override its guess.
"""
from pathlib import Path
from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.classifier import IntentModel
from bot.i18n.detect import detect_language
from bot.lexicon import lexicon
from bot.shortcuts import language_named_in, shortcut
from bot.text import normalize


class _Stateless(GraphComponent):
    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> GraphComponent:
        return cls()


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class BridgeNormalizer(_Stateless):
    """Folds scripts, diacritics, invisible characters and commands (see bot.text)."""

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        for message in training_data.training_examples:
            if message.get(TEXT) is not None:
                message.set(TEXT, normalize(message.get(TEXT)))
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if text is None:
                continue
            message.set(DETECTED_LANGUAGE, _language_of(text), add_to_output=True)
            message.set(TEXT, normalize(text))
        return messages


DETECTED_LANGUAGE = "detected_language"


def _language_of(text: str) -> str | None:
    if text.strip().startswith("/") or text.strip().isdigit():
        return None  # a button or a menu number says nothing about language
    return detect_language(text)


CRISIS = "crisis"
SITUATION = "situation"
# When a message names several ("from Ukraine, now in an AZC"), the first wins.
_SITUATION_ORDER = ("ukraine", "undocumented", "coa", "permit")


def situation_in(folded_text: str) -> str | None:
    """The residence situation a message states (`nlu/situation/`), if any."""
    named = lexicon("situation").kinds_in(folded_text)
    return next((kind for kind in _SITUATION_ORDER if kind in named), None)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class BridgeIntentClassifier(GraphComponent):
    """Rasa's face of `bot.classifier.IntentModel`, plus the safety net."""

    _FILE = "intent_model.pkl"

    def __init__(self, model_storage: ModelStorage, resource: Resource, model: IntentModel | None = None):
        self._storage, self._resource, self._model = model_storage, resource, model

    @classmethod
    def create(cls, config, model_storage, resource, execution_context) -> GraphComponent:
        return cls(model_storage, resource)

    @classmethod
    def load(cls, config, model_storage, resource, execution_context, **kwargs) -> GraphComponent:
        with model_storage.read_from(resource) as directory:
            return cls(model_storage, resource, IntentModel.load(Path(directory) / cls._FILE))

    def train(self, training_data: TrainingData) -> Resource:
        examples = [m for m in training_data.intent_examples if m.get(TEXT)]
        self._model = IntentModel().fit([m.get(TEXT) for m in examples], [m.get(INTENT) for m in examples])
        with self._storage.write_to(self._resource) as directory:
            self._model.save(Path(directory) / self._FILE)
        return self._resource

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            ranking, crisis = self._model.understand(text) if text.strip() else ([("nlu_fallback", 0.0)], [])
            message.set(INTENT, {"name": ranking[0][0], "confidence": ranking[0][1]}, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [{"name": n, "confidence": c} for n, c in ranking], add_to_output=True)
            message.set(CRISIS, crisis, add_to_output=True)
            message.set(SITUATION, situation_in(text), add_to_output=True)
        return messages


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR],
    is_trainable=False,
)
class BridgeShortcuts(_Stateless):
    """Gives menu numbers, commands and button payloads their one sure meaning."""

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self._apply(message)
        return messages

    def _apply(self, message: Message) -> None:
        text = message.get(TEXT) or ""
        sure = shortcut(text)
        if sure is None:
            named = language_named_in(text)
            if named and (message.get(INTENT) or {}).get("name") == "change_language":
                self._add_entities(message, {"language": named})
            return
        message.set(INTENT, {"name": sure.intent, "confidence": 1.0}, add_to_output=True)
        message.set(CRISIS, [], add_to_output=True)  # a number or a button means what it says
        message.set(INTENT_RANKING_KEY, [{"name": sure.intent, "confidence": 1.0}], add_to_output=True)
        self._add_entities(message, sure.entities)

    @staticmethod
    def _add_entities(message: Message, entities: dict) -> None:
        found = [
            {"entity": name, "value": value, "start": 0, "end": len(message.get(TEXT) or ""),
             "confidence_entity": 1.0, "extractor": "BridgeShortcuts"}
            for name, value in entities.items()
        ]
        message.set(ENTITIES, (message.get(ENTITIES) or []) + found, add_to_output=True)
