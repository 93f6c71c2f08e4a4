"""What each button sends, defined once, with the patterns that read it back.

A payload is a command a person could also type ("/topic costs", "/language
ar", "9"), so the same reply works on any channel and with any dialogue
engine; `bot.shortcuts` reads them on folded text (bot.text.normalize drops
the leading "/"), and the desk reads its own ("claim:12").
"""
import re

YES, NO = "/yes", "/no"
PERSON = "9"  # the menu's "talk to a person"
HANDOFF_KEEP, HANDOFF_CANCEL = "/handoff keep", "/handoff cancel"
HANDOFF_CHOOSE_LANGUAGE = "/handoff in choose"


def topic(key: str, situation: str | None = None) -> str:
    return f"/topic {key} {situation}" if situation else f"/topic {key}"


def language(code: str) -> str:
    return f"/language {code}"


def handoff_language(code: str) -> str:
    return f"/handoff in {code}"


def handoff(preference: str, timing: str | None = None) -> str:
    return f"/handoff {preference} {timing}" if timing else f"/handoff {preference}"


def claim(case: int) -> str:
    return f"claim:{case}"


def close(case: int, outcome: str) -> str:
    return f"close:{case}:{outcome}"


# Read back, on folded text (no leading "/").
TOPIC = re.compile(r"^topic ([a-z_]+)(?: (coa|permit|ukraine|undocumented|unsaid))?$")
HANDOFF = re.compile(r"^handoff (any|woman|lgbtqi|keep|cancel)(?: (now|later))?$")
HANDOFF_IN = re.compile(r"^handoff in ([a-z]{2}|choose)$")
LANGUAGE = re.compile(r"^language ([a-z]{2})$")
CLAIM = re.compile(r"^claim:(\d+)$")  # as the desk receives it, not folded
CLOSE = re.compile(r"^close:(\d+):([a-z]+)$")
