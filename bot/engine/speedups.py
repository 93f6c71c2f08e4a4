"""Rasa's work that repeats or grows with the conversation, removed at our seam (issue 8).

Patched here, once, when `bot.engine.tracker_store` loads (before the agent),
so every Rasa process gets it; what Rasa computes stays the same.

Rasa calls the action server once or more per turn, and on every call
- it sends the whole conversation (every event since the session started),
  so each turn costs more than the one before. Our actions read the slots,
  the latest message, the active loop (all sent whole, apart from the events)
  and, for the self-check form, the slots set since the last action
  (rasa_sdk's `slots_to_validate`): the events of this turn are enough;
- it validates the response against a JSON schema with `jsonschema.validate`,
  which first checks the schema itself and builds a validator, every time
  (about a third of the Rasa process's time under load), then tries every
  event against all 23 event shapes. We build the validators once and check
  each event against the shape its type names: the same rules, less work.

Reading a conversation turns each stored event into its class by walking
every subclass of `Event` (and asking `inspect` whether it is abstract), for
every event, every turn. The answer per type name never changes while the
process runs: we look it up once.
"""
from typing import Any, Dict

from jsonschema import ValidationError
from jsonschema.validators import validator_for
import rasa
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import Event, UserUttered
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


def _validators() -> tuple:
    """(the response without its events, one event's common fields, one per event type).

    Rasa's schema says each event is `oneOf` 23 shapes, each with its own
    `"event": {"const": ...}`: exactly one can match, the one its "event"
    names, so checking that one is the same check (jsonschema tries all 23)."""
    schema = RemoteAction.action_response_format_spec()
    item = dict(schema["properties"]["events"]["items"])
    shapes = item.pop("oneOf")
    by_type = {shape["properties"]["event"]["const"]: validator_for(shape)(shape) for shape in shapes}
    outer = {**schema, "properties": {**schema["properties"], "events": {"type": "array"}}}
    return validator_for(outer)(outer), validator_for(item)(item), by_type


def _validate_once_built(self: RemoteAction, result: Dict[str, Any]) -> bool:
    global _validator
    if _validator is None:
        _validator = _validators()
    outer, common, by_type = _validator
    try:
        outer.validate(result)
        for event in result.get("events") or []:
            common.validate(event)
            shape = by_type.get(event.get("event"))
            if shape is None:
                raise ValidationError(f"{event.get('event')!r} is not an event Rasa knows")
            shape.validate(event)
    except ValidationError as error:
        error.message += ". Failed to validate Action server response from API."
        raise
    return True


_event_class = Event.resolve_by_type
_classes: dict = {}


def _event_class_once(type_name, default=None):
    found = _classes.get(type_name)
    if found is None:
        found = _event_class(type_name, default)
        if found is not None and found is not default:  # only what Rasa itself knows, not a fall-back
            _classes[type_name] = found
    return found


def install() -> None:
    RemoteAction._action_call_format = _compact_call
    RemoteAction._validate_action_result = _validate_once_built
    Event.resolve_by_type = staticmethod(_event_class_once)
