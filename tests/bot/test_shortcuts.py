import pytest

from bot.shortcuts import shortcut
from bot.text import normalize


def sure(text):
    return shortcut(normalize(text))


@pytest.mark.parametrize("typed,intent", [
    ("1", "ask_gp"), ("2", "ask_health_insurance"), ("3", "ask_asylum_centre_health"),
    ("4", "ask_undocumented_care"), ("5", "ask_mental_health"), ("6", "ask_sexual_health"),
    ("7", "report_sexual_violence"), ("8", "report_domestic_violence"), ("9", "request_human"),
])
def test_each_menu_number_always_means_its_topic(typed, intent):
    assert sure(typed).intent == intent
    assert sure(typed).entities["number"] == typed


def test_zero_and_menu_in_any_script_show_the_menu():
    for typed in ["0", "٠", "menu", "/menu", "/start", "меню", "منو"]:
        assert sure(typed).intent == "greet", typed


def test_commands_for_language_and_forgetting():
    assert sure("/language").intent == "change_language"
    assert sure("/language ar").entities == {"language": "ar"}
    assert sure("/forget").intent == "forget_me"


def test_typing_a_language_name_switches_to_it():
    assert sure("العربية").entities == {"language": "ar"}
    assert sure("Türkçe").entities == {"language": "tr"}
    assert sure("ትግርኛ").entities == {"language": "ti"}
    assert sure("Soomaali").entities == {"language": "so"}


def test_button_payloads_for_topics():
    assert sure("/topic costs").intent == "ask_costs"
    assert sure("/selfcheck").entities == {"topic": "self_check"}


def test_ordinary_sentences_are_left_to_the_classifier():
    assert sure("I was raped yesterday") is None
    assert sure("he is coming with 2 men") is None
