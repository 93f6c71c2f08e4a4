"""The classifier's own rules on top of its guess, with a stand-in for the
trained model (tests/test_conversation_flow.py meets the real one)."""
from bot.classifier import IntentModel
from bot.text import normalize


class StandIn(IntentModel):
    """Ranks a text by the first key it contains; anything else is ask_rights."""

    def __init__(self, readings: dict[str, list[tuple[str, float]]]):
        self.readings = readings

    def rank(self, texts, at_most=10):
        return [next((r for key, r in self.readings.items() if key in t), [("ask_rights", 0.7)]) for t in texts]


def intent_of(model: IntentModel, text: str) -> str:
    ranking, _ = model.understand(normalize(text))
    return ranking[0][0]


def test_a_disclosure_asked_as_a_question_about_the_law_gets_the_sexual_violence_answer():
    model = StandIn({"is that allowed": [("ask_rights", 0.8)], "my husband forces me": [("report_sexual_violence", 0.8)]})
    assert intent_of(model, "my husband forces me, is that allowed?") == "report_sexual_violence"


def test_violence_at_home_asked_as_a_question_about_the_law_gets_the_domestic_violence_answer():
    model = StandIn({"is he allowed": [("ask_rights", 0.8)], "my husband beats me": [("report_domestic_violence", 0.9)]})
    assert intent_of(model, "my husband beats me, is he allowed?") == "report_domestic_violence"


def test_the_crisis_takes_the_place_of_rights_without_a_tie_the_fallback_would_call_unsure():
    model = StandIn({"is he allowed": [("ask_rights", 0.9), ("report_domestic_violence", 0.05)],
                     "my husband hits me": [("report_domestic_violence", 0.9)]})
    ranking, _ = model.understand(normalize("my husband hits me, is he allowed?"))
    assert ranking[:2] == [("report_domestic_violence", 0.9), ("ask_rights", 0.05)]


def test_a_crisis_likely_in_the_whole_message_wins_over_rights_too():
    model = StandIn({"forces me": [("ask_rights", 0.5), ("report_sexual_violence", 0.45)]})
    assert intent_of(model, "he forces me is that normal here") == "report_sexual_violence"


def test_a_question_that_only_names_rape_stays_a_question_about_the_law_and_keeps_the_number():
    model = StandIn({})
    ranking, crisis = model.understand(normalize("is rape in marriage a crime in the netherlands?"))
    assert ranking[0][0] == "ask_rights"
    assert crisis == ["sexual_violence"], "the CSG number still goes with the answer"


def test_other_questions_that_mention_a_crisis_keep_their_meaning():
    model = StandIn({"my permit": [("ask_residence_permit", 0.9)], "he hits me": [("report_domestic_violence", 0.9)]})
    assert intent_of(model, "he hits me, what happens to my permit if i leave?") == "ask_residence_permit"
