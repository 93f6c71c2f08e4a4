"""Rasa's repeated work we removed (bot.engine.speedups) changes nothing Rasa decides or checks."""
import pytest
from jsonschema import ValidationError, validate
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, Event, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.engine import speedups  # noqa: F401 - installed when the tracker store loads
import bot.engine.tracker_store  # noqa: F401
from bot.settings import ROOT

DOMAIN = Domain.load(str(ROOT / "domain.yml"))
ANSWERS = [
    {"events": [{"event": "slot", "name": "language", "value": "fa"}, {"event": "active_loop", "name": None}],
     "responses": [{"text": "hello", "buttons": [{"title": "1", "payload": "/menu"}]}]},
    {"events": [], "responses": []},
    {"events": [{"event": "followup", "name": "action_listen", "timestamp": None}]},
    {"events": [{"event": "slot", "name": 3}]},
    {"events": [{"event": "no_such_event"}]},
    {"events": [{"name": "language"}]},
    {"events": "slot"},
    {"responses": [1]},
    {"events": [{"event": "user", "timestamp": "yesterday"}]},
    {"events": [{"event": "action", "name": "utter_x", "confidence": "high"}]},
]


@pytest.mark.parametrize("answer", ANSWERS)
def test_the_action_servers_answers_are_checked_as_strictly_as_rasa_checks_them(answer):
    try:
        validate(answer, RemoteAction.action_response_format_spec())
        rasa_accepts = True
    except ValidationError:
        rasa_accepts = False
    action = RemoteAction("action_answer_topic", None)
    if rasa_accepts:
        assert action._validate_action_result(answer)
    else:
        with pytest.raises(ValidationError):
            action._validate_action_result(answer)


def test_an_action_gets_every_slot_and_the_events_of_this_turn():
    tracker = DialogueStateTracker.from_events("someone", [
        ActionExecuted("action_listen"), UserUttered("salam"), SlotSet("language", "fa"),
        ActionExecuted("action_answer_topic"), ActionExecuted("action_listen"),
        UserUttered("how do I find a doctor?", parse_data={"intent": {"name": "ask_gp", "confidence": 0.9}}),
        SlotSet("situation", "coa"),
    ], slots=DOMAIN.slots)
    body = RemoteAction("action_answer_topic", None)._action_call_format(tracker, DOMAIN)
    state = body["tracker"]
    assert [e["event"] for e in state["events"]] == ["user", "slot"]
    assert state["slots"]["language"] == "fa" and state["slots"]["situation"] == "coa"
    assert state["latest_message"]["intent"]["name"] == "ask_gp"
    assert body["next_action"] == "action_answer_topic" and body["domain"]["slots"]


def test_every_event_type_is_still_read_as_its_own_class():
    for cls in (UserUttered, SlotSet, ActionExecuted):
        assert Event.resolve_by_type(cls.type_name) is cls
    assert Event.resolve_by_type("no_such_event", default=SlotSet) is SlotSet
    with pytest.raises(ValueError):
        Event.resolve_by_type("no_such_event")
