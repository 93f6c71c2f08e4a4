"""Calls to the action server, without the work that grows or repeats (issue 8).

Rasa calls the action server once or more per turn, and on every call
- it sends the whole conversation (every event since the session started),
  so each turn costs more than the one before. Our actions read the slots,
  the latest message, the active loop (all sent whole, apart from the events)
  and, for the self-check form, the slots set since the last action
  (rasa_sdk's `slots_to_validate`): the events of this turn are enough;
- it validates the response against a JSON schema with `jsonschema.validate`,
  which first checks the schema itself and builds a validator, every time
  (about a third of the Rasa process's time under load). We build the
  validator once; responses are still checked against the same schema.
Patched here, at the seam, once, when `bot.engine.tracker_store` loads
(before the agent), so every Rasa process gets it.
"""
from typing import Any, Dict

from jsonschema import ValidationError
from jsonschema.validators import validator_for
import rasa
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import EventVerbosity

_validator = None


def this_turn(events) -> list:
    """The events from the latest user message on (all of them before there is one)."""
    turn = []
    for event in reversed(events):
        turn.append(event)
        if isinstance(event, UserUttered):
            break
    return turn[::-1]


def _compact_call(self: RemoteAction, tracker: Any, domain: Any) -> Dict[str, Any]:
    """As Rasa's `_action_call_format`, with only this turn's events."""
    state = tracker.current_state(EventVerbosity.NONE)
    state["events"] = [event.as_dict() for event in this_turn(tracker.events)]
    body = {"next_action": self.name(), "sender_id": tracker.sender_id, "tracker": state, "version": rasa.__version__}
    if not self._is_selective_domain_enabled() or domain.does_custom_action_explicitly_need_domain(self.name()):
        body["domain"] = domain.as_dict()
    return body


def _validate_once_built(self: RemoteAction, result: Dict[str, Any]) -> bool:
    global _validator
    if _validator is None:
        schema = RemoteAction.action_response_format_spec()
        _validator = validator_for(schema)(schema)
    try:
        _validator.validate(result)
    except ValidationError as error:
        error.message += ". Failed to validate Action server response from API."
        raise
    return True


def install() -> None:
    RemoteAction._action_call_format = _compact_call
    RemoteAction._validate_action_result = _validate_once_built
