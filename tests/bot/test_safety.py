"""The safety net's own rules, without a model (tests/test_safety_net.py runs it for real)."""
import re

from bot import safety
from bot.lexicon import pattern
from bot.text import normalize


def no_model(texts):
    return [[("ask_gp", 0.9)] for _ in texts]


def test_a_lexicon_term_is_enough_whatever_the_classifier_says():
    assert safety.crisis_kinds(normalize("I saved my pills for tonight"), [("ask_gp", 0.9)], no_model) == ["suicide"]


def test_a_likely_crisis_in_the_ranking_counts():
    ranking = [("ask_gp", 0.6), ("report_domestic_violence", 0.25)]
    assert safety.crisis_kinds("where is a doctor", ranking, no_model) == ["domestic_violence"]


def test_one_clause_of_a_long_message_is_enough():
    def clause_model(texts):
        return [[("report_sexual_violence", 0.8)] if "uncle" in t else [("greet", 0.9)] for t in texts]

    text = normalize("hello good morning. i have a question. my uncle touches me at night. thanks")
    assert safety.crisis_kinds(text, [("greet", 0.9)], clause_model) == ["sexual_violence"]


def test_crises_come_most_severe_first():
    ranking = [("report_domestic_violence", 0.5), ("immediate_danger", 0.3), ("suicidal_thoughts", 0.2)]
    assert safety.crisis_kinds("x y", ranking, no_model) == ["danger", "suicide", "domestic_violence"]


def test_a_run_on_without_punctuation_is_cut_into_overlapping_windows():
    words = " ".join(f"w{i}" for i in range(30))
    parts = safety.clauses(words)
    assert len(parts) >= 4 and all(len(p.split()) <= 10 for p in parts)
    assert parts[0].split()[-1] in parts[1].split(), "windows overlap, so no phrase is cut in two"


def test_numbers_are_found_only_as_themselves():
    assert safety.carries_number("In danger, call 112.", "danger")
    assert not safety.carries_number("GZA Praktijklijn: 088-1122112", "danger")
    assert safety.carries_number("Call 113 or 0800-0113", "suicide")


def test_term_syntax_stars_and_gaps():
    assert re.search(pattern("suicid*"), "thinking of suicide")
    assert re.search(pattern("*اغتصب*"), normalize("واغتصبني"))
    assert re.search(pattern("want ... die"), "i want so much to die")
    assert not re.search(pattern("rape"), "grapes")


def test_a_star_inside_a_phrase_still_lets_the_word_go_on():
    assert re.search(pattern("nink* ... garaac*"), "ninkayga wuu i garaacaa")
    assert re.search(pattern("kill* myself"), "killing myself")


def test_likelihood_spread_over_several_crises_still_counts():
    ranking = [("nlu_fallback", 0.3), ("report_sexual_violence", 0.09), ("report_domestic_violence", 0.09),
               ("immediate_danger", 0.08)]
    assert safety.crisis_kinds("x y", ranking, no_model) == ["danger", "sexual_violence", "domestic_violence"]
