"""The actions count what people need as they answer: questions per topic,
crisis answers per kind, self-checks started and finished; week, language,
channel and topic only."""
import pytest
from sqlalchemy import select

from actions import actions
from bot import content, insights
from bot.i18n import translate
from bot.storage.console_models import InsightCount
from tests.actions.test_actions import on_channel, run, tracker


@pytest.fixture
def database(tmp_path, monkeypatch):
    from bot.storage import db

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'bridge.db'}")
    db.engine.cache_clear()
    db.migrate()
    yield db
    db.engine.cache_clear()


def counted(db):
    with db.session() as s:
        return {(r.kind, r.language, r.channel, r.topic): r.count for r in s.execute(select(InsightCount)).scalars()}


def test_a_question_is_counted_under_its_topic_language_and_channel_and_nothing_else(database):
    t = on_channel(tracker("ask_gp", text="where is my huisarts, my name is Sara", slots={
        "language": "ar", "notice_shown": True, "situation": "permit"}), "telegram")
    run(actions.ActionAnswerTopic(), t)
    run(actions.ActionAnswerTopic(), t)
    assert counted(database) == {("question", "ar", "telegram", "gp"): 2}
    with database.session() as s:
        assert s.execute(select(InsightCount.week)).scalar_one() == insights.week_of()


def test_a_crisis_answer_is_counted_per_kind_of_crisis(database):
    t = on_channel(tracker("immediate_danger", slots={"language": "en", "notice_shown": True}), "whatsapp")
    said, _, _ = run(actions.ActionSafety(), t)
    assert "112" in said[0]
    assert counted(database) == {("crisis", "en", "whatsapp", "danger"): 1}


def test_self_checks_started_and_finished_are_counted(database):
    start = tracker("ask_self_check", slots={"language": "nl", "notice_shown": True}, entities=[("topic", "self_check")])
    run(actions.ActionAnswerTopic(), on_channel(start, "telegram"))
    answers = {slot: "3" for slot in content.SELF_CHECK_SLOTS}
    run(actions.ActionSelfCheckResult(), on_channel(tracker(slots={"language": "nl", **answers}), "telegram"))
    assert counted(database) == {("self_check", "nl", "telegram", "started"): 1,
                                 ("self_check", "nl", "telegram", "finished"): 1}


def test_an_answer_is_given_even_when_the_count_cannot_be_written(tmp_path, monkeypatch):
    from bot.storage import db

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'never-migrated.db'}")
    db.engine.cache_clear()
    said, _, _ = run(actions.ActionAnswerTopic(), on_channel(tracker("ask_gp", slots={
        "language": "en", "notice_shown": True, "situation": "permit"}), "telegram"))
    db.engine.cache_clear()
    assert said == [translate("en", content.TOPICS["gp"].body)]
