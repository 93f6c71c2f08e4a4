"""Every language has every text, and no translation changes a fact."""
import subprocess
import sys
from pathlib import Path

import pytest

from bot import content, replies
from bot.i18n import LANGUAGES, TRANSLATIONS_DIR, translate
from bot.i18n.check import problems

TEMPLATE = TRANSLATIONS_DIR / "messages.pot"
TRANSLATED = sorted(set(LANGUAGES) - {"en"})


def test_the_template_holds_every_text_in_the_code(tmp_path):
    fresh = tmp_path / "messages.pot"
    subprocess.run(
        [Path(sys.executable).parent / "pybabel", "extract", "-F", "babel.cfg", "-k", "N_",
         "--no-default-keywords", "--no-location", "--omit-header", "--sort-output", "-o", fresh, "."],
        cwd=TRANSLATIONS_DIR.parent, capture_output=True, check=True,
    )
    assert fresh.read_text() == TEMPLATE.read_text(), "run `make extract` and translate the new texts"


@pytest.mark.parametrize("language", TRANSLATED)
def test_each_catalog_is_complete_and_keeps_every_number_and_address(language):
    catalog = TRANSLATIONS_DIR / language / "LC_MESSAGES" / "messages.po"
    assert catalog.exists()
    assert problems(catalog, TEMPLATE) == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_each_language_really_is_translated(language):
    assert translate(language, content.DANGER) != content.DANGER
    assert "112" in translate(language, content.DANGER)


@pytest.mark.parametrize("language", ["ar", "fa"])
def test_right_to_left_answers_keep_numbers_and_hours_readable(language):
    text = translate(language, content.TOPICS["asylum_centre"].body)
    # Every line starts right-to-left; hours and numbers are isolated left-to-right.
    assert all(line.startswith("\u200f") for line in text.split("\n"))
    assert "\u206608:30-17:00\u2069" in text or "\u2066GZA Praktijklijn: 088-1122112\u2069" in text
    assert "\u2066088-1122112" in text or "088-1122112\u2069" in text


def test_left_to_right_answers_have_no_direction_marks():
    assert "\u2066" not in translate("nl", content.DANGER)


@pytest.mark.parametrize("language", TRANSLATED)
def test_menu_buttons_and_self_check_options_are_translated(language):
    english = replies.menu("en").buttons
    assert all(ours.title != theirs.title for ours, theirs in zip(replies.menu(language).buttons, english))
    question = replies.self_check_question(language, "sc_safe_home")
    assert question.text != replies.self_check_question("en", "sc_safe_home").text
