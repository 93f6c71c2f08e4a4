"""The console speaks English and Dutch: every text it shows is in the Dutch
console catalog, and the template holds every text in its code and pages."""
import subprocess
import sys
from pathlib import Path

from bot.console import texts
from bot.i18n import TRANSLATIONS_DIR
from bot.i18n.check import problems

TEMPLATE = TRANSLATIONS_DIR / "console.pot"


def test_the_console_template_holds_every_text_of_its_code_and_pages(tmp_path):
    fresh = tmp_path / "console.pot"
    subprocess.run(
        [Path(sys.executable).parent / "pybabel", "extract", "-F", "babel-console.cfg", "-k", "C_", "-k", "_",
         "--no-default-keywords", "--no-location", "--omit-header", "--sort-output", "-o", fresh, "."],
        cwd=TRANSLATIONS_DIR.parent, capture_output=True, check=True,
    )
    assert fresh.read_text() == TEMPLATE.read_text(), "run `make extract` and translate the new console texts"


def test_the_dutch_console_catalog_is_complete_and_keeps_every_number_and_placeholder():
    assert problems(TRANSLATIONS_DIR / "nl" / "LC_MESSAGES" / "console.po", TEMPLATE) == []


def test_the_console_really_speaks_dutch():
    assert texts.catalog("nl").gettext("Sign in") == "Inloggen"
    assert texts.catalog("en").gettext("Sign in") == "Sign in"
