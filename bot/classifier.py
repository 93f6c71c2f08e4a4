"""The intent classifier: TF-IDF character and word n-grams, logistic regression.

Engine-agnostic (scikit-learn only); `bot.engine.nlu_components` wraps it for
Rasa. Character n-grams within words carry misspellings, Latin-letter typing
and the eight scripts; word unigrams carry the rest. Measured on hard,
messy messages this beats Rasa's count vectors with its default
regularisation (docs in the README's NLU table), and it trains in about a
minute on two cores.
"""
import pickle
from pathlib import Path

import numpy as np
from scipy.sparse import hstack
from scipy.special import softmax
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from bot import safety

# Greetings and thanks often open a message that really asks something.
_OPENERS = {"greet", "thank"}
_CLAUSE_INTENT_THRESHOLD = 0.5


# Intents that say little about what the person needs: a crisis we are sure
# of in the same message is the answer they need instead.
_SMALL_TALK = {"greet", "goodbye", "thank", "affirm", "deny", "out_of_scope", "bot_challenge", "change_language"}
_INTENT_OF_KIND = {kind: intent for intent, kind in safety.KIND_OF_INTENT.items()}


def _most_severe_wins(ranking: list[tuple[str, float]], sure: list[str]) -> list[tuple[str, float]]:
    """"Not now" is deny, but "I don't want to live any more" is not: when the
    safety net is sure of a crisis and the classifier's guess is small talk
    or unsure, the most severe crisis becomes the intent."""
    top, confidence = ranking[0]
    if not sure or top in safety.KIND_OF_INTENT or (top not in _SMALL_TALK and confidence >= 0.5):
        return ranking
    crisis = _INTENT_OF_KIND[sure[0]]
    return [(crisis, max(confidence, 0.5))] + [r for r in ranking if r[0] != crisis]


def _told_crisis_wins(ranking: list[tuple[str, float]], told: list[str]) -> list[tuple[str, float]]:
    """"My husband forces me, is that allowed?" is phrased as a question about
    the law but tells of a crime: the crisis answer gives its service first.
    So when the classifier itself reads a crisis in the message (the whole of
    it or one clause) and its guess is ask_rights, the most severe crisis
    takes the place of ask_rights (their likelihoods swap, so the two are not
    left tied, which the fallback would read as unsure). A crisis word alone
    ("is rape in marriage a crime here?") leaves the question about the law,
    and its number is still added."""
    top, confidence = ranking[0]
    if top != "ask_rights" or not told:
        return ranking
    crisis = _INTENT_OF_KIND[told[0]]
    scores = dict(ranking)
    scores[top], scores[crisis] = scores.get(crisis, 0.0), confidence
    return sorted(scores.items(), key=lambda r: -r[1])


class IntentModel:
    def __init__(self, c: float = 10.0):
        self.chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2)
        self.words = TfidfVectorizer(analyzer="word", token_pattern=r"(?u)\b\w+\b", sublinear_tf=True)
        self.model = LogisticRegression(C=c, max_iter=3000, random_state=42)

    def fit(self, texts: list[str], intents: list[str]) -> "IntentModel":
        features = hstack([self.chars.fit_transform(texts), self.words.fit_transform(texts)]).tocsr()
        self.model.fit(features, intents)
        return self

    def rank(self, texts: list[str], at_most: int = 10) -> list[list[tuple[str, float]]]:
        """Per text, (intent, probability) from the most to the least likely."""
        if not texts:
            return []
        features = hstack([self.chars.transform(texts), self.words.transform(texts)]).tocsr()
        rankings = []
        for row in self._probabilities(features):
            best = np.argsort(row)[::-1][:at_most]
            rankings.append([(str(self.model.classes_[i]), float(row[i])) for i in best])
        return rankings

    def _probabilities(self, features) -> np.ndarray:
        """`predict_proba`, without its waste: scikit-learn multiplies the sparse
        features by a transposed view of the weights, which scipy copies whole
        (about 130,000 x 32) on every call: 8 ms for a product of 0.01 ms, several
        times per message. The weights laid out once for that product give the
        same numbers (multinomial: softmax of the scores)."""
        if self.model.coef_.shape[0] == 1:  # two intents only: scikit-learn's own path
            return self.model.predict_proba(features)
        weights = self.__dict__.get("_weights")
        if weights is None:
            weights = self._weights = np.ascontiguousarray(self.model.coef_.T)
        return softmax(np.asarray(features @ weights) + self.model.intercept_, axis=1)

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state.pop("_weights", None)  # derived at load, not saved twice
        return state

    def understand(self, folded_text: str) -> tuple[list[tuple[str, float]], list[str]]:
        """The ranking of a message and the crises it may be about.

        A greeting or thanks followed by a question is answered as the question:
        "hello, how do I find a doctor?" wants the doctor, not the menu."""
        ranking = self.rank([folded_text])[0]
        if ranking[0][0] in _OPENERS:
            parts = safety.clauses(folded_text)
            if len(parts) > 1:
                candidates = [r for r in self.rank(parts) if r[0][0] not in _OPENERS]
                best = max(candidates, key=lambda r: r[0][1], default=None)
                if best and best[0][1] >= _CLAUSE_INTENT_THRESHOLD:
                    ranking = best
        crisis, sure, told = safety.assess(folded_text, ranking, self.rank)
        return _most_severe_wins(_told_crisis_wins(ranking, told), sure), crisis

    def save(self, path: Path) -> None:
        path.write_bytes(pickle.dumps(self))

    @staticmethod
    def load(path: Path) -> "IntentModel":
        return pickle.loads(path.read_bytes())
