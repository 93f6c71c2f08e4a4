"""Insights: counted as aggregates, small counts suppressed, no total giving
one away; the same numbers on the page, in the CSV and in the SQL view."""
import csv
import io
import random
from datetime import datetime, timezone

import pytest
from sqlalchemy import delete, text

from bot import insights
from bot.insights import SMALL, build_table, suppress
from bot.storage import db
from bot.storage.console_models import InsightCount, InsightPublished
from tests.support.services import postgres_url

WEEK = insights.week_of()


def test_the_week_is_the_iso_week_in_dutch_time():
    # Sunday 23:30 UTC is already Monday in Amsterdam (winter time: UTC+1).
    assert insights.week_of(datetime(2026, 11, 29, 23, 30, tzinfo=timezone.utc)) == "2026-W49"
    assert insights.week_of(datetime(2026, 11, 29, 22, 30, tzinfo=timezone.utc)) == "2026-W48"


def test_waits_are_counted_in_buckets_a_median_can_be_told_from():
    assert [insights.wait_topic(m) for m in (0, 4.9, 5, 19, 45, 600)] == ["0-5", "0-5", "5-10", "10-20", "30-60",
                                                                            "60+"]


def test_counts_below_the_threshold_are_hidden_and_a_total_does_not_reveal_them():
    fine = {("en", "telegram", "gp"): 12, ("en", "whatsapp", "gp"): 3, ("ar", "telegram", "gp"): 20,
            ("ar", "telegram", "costs"): 15, ("en", "telegram", "costs"): 30}
    table = build_table(WEEK, "question", fine, 10)
    assert table.fine[("en", "whatsapp", "gp")].text == "<10"
    # Shown alone, en/gp = 15 would give 15 - 12 = 3: the 12 is hidden as well.
    assert table.fine[("en", "telegram", "gp")].text == "x"
    assert table.fine[("ar", "telegram", "gp")].text == "20"
    assert table.total.text == "80"


def test_a_small_total_is_hidden_with_everything_under_it():
    table = build_table(WEEK, "crisis", {("so", "whatsapp", "danger"): 4, ("so", "telegram", "danger"): 2}, 10)
    assert table.total.text == "<10" and table.by_language["so"].text == "<10"
    assert {cell.text for cell in table.fine.values()} == {"<10"}


def _line_is_safe(values, hidden, total, parts, threshold):
    hidden_parts = [p for p in parts if p in hidden]
    if total in hidden:
        return bool(hidden_parts) or not parts
    return not hidden_parts or (len(hidden_parts) >= 2 and sum(values[p] for p in hidden_parts) >= threshold)


@pytest.mark.parametrize("seed", range(40))
def test_no_shown_sum_lets_anyone_compute_a_hidden_count(seed):
    """Random weeks: every published sum hides none or at least two cells
    that together reach the threshold, and no hidden sum has only shown parts."""
    rng = random.Random(seed)
    fine = {(language, channel, topic): rng.choice([1, 2, 3, 5, 8, 9, 10, 11, 14, 25, 60])
            for language in rng.sample(["ar", "en", "fa", "nl", "ti"], rng.randint(1, 5))
            for channel in rng.sample(["telegram", "whatsapp"], rng.randint(1, 2))
            for topic in rng.sample(["gp", "costs", "csg", "insurance"], rng.randint(1, 4)) if rng.random() < 0.7}
    if not fine:
        return
    table = build_table(WEEK, "question", fine, 10)
    values = {("fine", *k): n for k, n in fine.items()}
    shown = {("fine", *k): c for k, c in table.fine.items()}
    for (language, topic), cell in table.cells.items():
        values[("cell", language, topic)] = sum(n for (l, _, t), n in fine.items() if (l, t) == (language, topic))
        shown[("cell", language, topic)] = cell
    for language, cell in table.by_language.items():
        values[("language", language)], shown[("language", language)] = sum(
            n for (l, _, _), n in fine.items() if l == language), cell
    for topic, cell in table.by_topic.items():
        values[("topic", topic)], shown[("topic", topic)] = sum(n for (_, _, t), n in fine.items() if t == topic), cell
    values[("total",)], shown[("total",)] = sum(fine.values()), table.total
    hidden = {key for key, cell in shown.items() if cell.hidden}
    assert all(shown[key].hidden for key, value in values.items() if value < 10)
    lines = [(("cell", l, t), [("fine", l, c, t) for (l2, c, t2) in fine if (l2, t2) == (l, t)])
             for (l, t) in table.cells]
    lines += [(("language", l), [("cell", l, t) for t in table.topics]) for l in table.languages]
    lines += [(("topic", t), [("cell", l, t) for l in table.languages]) for t in table.topics]
    lines += [(("total",), [("language", l) for l in table.languages]), (("total",), [("topic", t) for t in table.topics])]
    for total, parts in lines:
        assert _line_is_safe(values, hidden, total, parts, 10), (total, parts)
    for key, cell in shown.items():
        assert cell.text == (str(values[key]) if not cell.hidden else cell.text)


def test_suppress_hides_the_smallest_shown_part_first():
    values = {"total": 43, "a": 3, "b": 12, "c": 28}
    hidden = suppress(values, [("total", ["a", "b", "c"])], 10)
    assert hidden == {"a": SMALL, "b": "complement"}


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'bridge.db'}" if request.param == "sqlite" else postgres_url()
    monkeypatch.setenv("DATABASE_URL", url)
    db.engine.cache_clear()
    db.migrate(url)
    with db.session() as s:
        s.execute(delete(InsightCount))
        s.execute(delete(InsightPublished))
    yield request.param
    db.engine.cache_clear()


def test_counting_adds_to_one_aggregate_row_and_free_text_never_becomes_a_topic(database):
    for _ in range(3):
        assert insights.count("question", "ar", "telegram", "gp")
    insights.count("question", "ar", "telegram", "my name is Sara and I live at Dorpsstraat 12")
    insights.count("question", "xx", "carrier-pigeon", "gp")
    with db.session() as s:
        rows = s.execute(text("SELECT week, kind, language, channel, topic, count FROM insight_counts "
                              "ORDER BY count DESC, topic")).all()
    assert [tuple(r) for r in rows] == [(WEEK, "question", "ar", "telegram", "gp", 3),
                                        (WEEK, "question", "other", "other", "gp", 1),
                                        (WEEK, "question", "ar", "telegram", "other", 1)]


def test_the_sql_view_shows_the_published_counts_with_suppression_applied(database):
    for topic, n in (("resolved", 14), ("referred", 11), ("no_show", 3)):
        for _ in range(n):
            insights.count("outcome", "ar", "whatsapp", topic)
    for stage, n in (("requested", 14), ("claimed", 11), ("expired", 3)):
        for _ in range(n):
            insights.count("handoff", "ar", "whatsapp", stage)
    insights.publish()
    with db.session() as s:
        rows = {(r.kind, r.topic): (r.count, r.shown) for r in s.execute(text(
            "SELECT kind, topic, count, shown FROM insights_public"))}
    assert rows[("outcome", "resolved")] == (14, "14") and rows[("outcome", "no_show")] == (None, "<10")
    # The page shows the outcomes' total (28), so the 11 is hidden too, to protect the 3.
    assert rows[("outcome", "referred")] == (None, "x")
    # Stages of the hand-off are never summed, so nothing but the small one is hidden.
    assert rows[("handoff", "claimed")] == (11, "11") and rows[("handoff", "expired")] == (None, "<10")


def test_the_view_never_shows_a_count_below_five_even_from_a_wrongly_filled_table(database):
    with db.session() as s:
        s.add(InsightPublished(week=WEEK, kind="question", language="ar", channel="telegram", topic="gp",
                               count=3, shown="3"))
    with db.session() as s:
        assert tuple(s.execute(text("SELECT count, shown FROM insights_public")).one()) == (None, "<5")


def test_the_csv_has_the_fixed_header_and_suppressed_cells(console, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", console.database_url)
    db.engine.cache_clear()
    with db.session() as s:
        s.execute(delete(InsightCount))
    for _ in range(12):
        insights.count("question", "nl", "telegram", "gp")
    for _ in range(2):
        insights.count("question", "nl", "telegram", "csg")
    insights.count("crisis", "nl", "telegram", "danger")
    client = console.signed_in("analyst")
    response = client.get("/insights.csv")
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0] == ["week", "language", "channel", "topic", "count"]
    assert [WEEK, "nl", "telegram", "question:csg", "<10"] in rows
    assert [WEEK, "nl", "telegram", "crisis:danger", "<10"] in rows
    assert [WEEK, "nl", "telegram", "question:gp", "x"] in rows  # else 14 - 12 on the page gives the 2
    page = client.get("/insights").text
    assert "<svg" in page and "&lt;10" in page and "Questions per topic" in page
    db.engine.cache_clear()
