"""The hand-off queue on SQLite and PostgreSQL: one claim wins, routing is fair."""
import threading
import uuid

import pytest
from sqlalchemy import delete

from bot.handoff import ambassadors, queue
from bot.storage import db
from bot.storage.console_models import AmbassadorPause, CapLift, InsightCount
from bot.storage.models import Ambassador, Handoff, HandoffEvent, Relayed, WorkLog
from tests.support.services import postgres_url


@pytest.fixture(params=["sqlite", "postgresql"], autouse=True)
def database(request, tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'bridge.db'}" if request.param == "sqlite" else postgres_url()
    monkeypatch.setenv("DATABASE_URL", url)
    db.engine.cache_clear()
    db.migrate(url)
    with db.session() as s:  # a clean queue for each test (PostgreSQL is shared)
        for table in (Relayed, WorkLog, CapLift, AmbassadorPause, InsightCount, HandoffEvent, Handoff, Ambassador):
            s.execute(delete(table))
    yield
    db.engine.cache_clear()


def ambassador(name, languages="ar", **options):
    created = ambassadors.add(name, str(uuid.uuid4().int % 10**9), languages.split(","), **options)
    ambassadors.set_available(created.id, True)
    return ambassadors.get(created.id)


def request(language="ar", **wishes):
    return queue.open_request(f"wa-{uuid.uuid4().hex}", "whatsapp", language, "sexual_violence", **wishes)


def test_exactly_one_of_two_simultaneous_claims_wins():
    first, second = ambassador("Amal"), ambassador("Sara")
    for _ in range(10):
        case = request()
        start = threading.Barrier(2)
        results = {}

        def press(who):
            start.wait()
            results[who.id] = queue.claim(case.id, who.id) is None  # None: nothing stopped them

        threads = [threading.Thread(target=press, args=(who,)) for who in (first, second)]
        [t.start() for t in threads]
        [t.join() for t in threads]
        assert sorted(results.values()) == [False, True]
        winner = next(k for k, v in results.items() if v)
        assert queue.get(case.id).ambassador_id == winner
        queue.close(case.id, "helped", winner)  # room for the next round


def test_routing_needs_the_language_and_the_wishes():
    arabic_woman = ambassador("Amal", "ar,nl", woman=True)
    arabic_man = ambassador("Omar", "ar", lgbtqi_friendly=True)
    tigrinya = ambassador("Yonas", "ti")
    everyone = ambassadors.everyone()
    assert [a.name for a in queue.matches(request("ar"), everyone)] == ["Amal", "Omar"] or \
        {a.name for a in queue.matches(request("ar"), everyone)} == {"Amal", "Omar"}
    assert [a.id for a in queue.matches(request("ar", wants_woman=True), everyone)] == [arabic_woman.id]
    assert [a.id for a in queue.matches(request("ar", wants_lgbtqi_friendly=True), everyone)] == [arabic_man.id]
    assert [a.id for a in queue.matches(request("ti"), everyone)] == [tigrinya.id]
    assert queue.matches(request("so"), everyone) == []


def test_routing_prefers_fewer_open_chats_then_more_hours_left():
    busy, free = ambassador("Busy", max_chats=3), ambassador("Free", max_chats=3)
    assert queue.claim(request().id, busy.id) is None
    assert [a.id for a in queue.matches(request(), ambassadors.everyone())] == [free.id, busy.id]
    few_hours = ambassador("FewHours", monthly_hours=2)
    many_hours = ambassador("ManyHours", monthly_hours=40)
    ranked = [a.id for a in queue.matches(request(), [few_hours, many_hours])]
    assert ranked == [many_hours.id, few_hours.id]


def test_an_ambassador_at_their_maximum_gets_no_more():
    full = ambassador("Full", max_chats=1)
    assert queue.claim(request().id, full.id) is None
    assert queue.matches(request(), [full]) == []


def test_closing_logs_the_time_and_frees_the_ambassador():
    amal = ambassador("Amal")
    case = request()
    assert queue.claim(case.id, amal.id) is None
    assert ambassadors.open_chats(amal.id) == 1
    closed = queue.close(case.id, "helped", amal.id)
    assert closed.state == "closed" and closed.ended_at is not None
    assert ambassadors.open_chats(amal.id) == 0
    assert dict((a.id, h) for a, h in ambassadors.hours())[amal.id] >= 0
    assert queue.close(case.id, "helped", amal.id) is None  # only once


def test_only_the_claiming_ambassador_can_close_or_transfer():
    amal, sara = ambassador("Amal"), ambassador("Sara")
    case = request()
    assert queue.claim(case.id, amal.id) is None
    assert queue.close(case.id, "helped", sara.id) is None
    assert queue.transfer(case.id, sara.id) is None
    back = queue.transfer(case.id, amal.id)
    assert back.state == "waiting" and back.ambassador_id is None


def test_a_new_request_replaces_the_one_still_waiting_and_the_timeout_is_told_once():
    first = request()
    second = queue.open_request(first.conversation_id, "whatsapp", "ar", "other")
    assert queue.get(first.id).state == "cancelled"
    assert queue.active_for(first.conversation_id).id == second.id
    assert [r.id for r in queue.timed_out(0)] == [second.id]
    assert queue.mark_timeout_told(second.id) and not queue.mark_timeout_told(second.id)
    assert queue.timed_out(0) == []


def test_each_new_request_is_announced_once():
    case = request()
    assert [r.id for r in queue.unnotified()] == [case.id]
    assert queue.mark_notified(case.id) and not queue.mark_notified(case.id)
    assert queue.unnotified() == []


def test_relayed_messages_are_sealed():
    case = request()
    relay = queue.record_relay(case.id, "to_ambassador", "Halima is scared")
    with db.session() as s:
        stored = s.get(Relayed, relay).sealed_text
    assert "Halima" not in stored


def test_the_persons_note_and_a_transfer_note_are_kept_sealed_for_the_next_ambassador():
    amal = ambassador("Amal")
    case = request()
    assert case.awaiting_note
    queue.add_note(case.id, "I am scared of my brother")
    assert queue.claim(case.id, amal.id) is None
    back = queue.transfer(case.id, amal.id, "she prefers to write in Dutch")
    assert back.note == "I am scared of my brother" and back.transfer_note == "she prefers to write in Dutch"
    assert not back.awaiting_note
    with db.session() as s:
        row = s.get(Handoff, case.id)
        assert "brother" not in row.sealed_note and "Dutch" not in row.sealed_transfer_note


def test_a_claim_is_refused_by_the_first_promise_it_would_break():
    case = request("ar", wants_woman=True)
    tigrinya_man = ambassador("Yonas", "ti")
    arabic_man = ambassador("Omar", "ar")
    away_woman = ambassador("Sara", "ar", woman=True)
    ambassadors.set_available(away_woman.id, False)
    assert queue.claim(case.id, tigrinya_man.id).name == "language"
    assert queue.claim(case.id, arabic_man.id).name == "woman"
    assert queue.claim(case.id, away_woman.id).name == "available"
    assert queue.get(case.id).state == "waiting" and queue.get(case.id).ambassador_id is None


def test_a_full_ambassador_and_one_without_hours_left_cannot_claim():
    full = ambassador("Full", max_chats=1)
    assert queue.claim(request().id, full.id) is None
    assert queue.claim(request().id, full.id).name == "room"
    tired = ambassador("Tired", monthly_hours=1)
    with db.session() as s:
        s.add(WorkLog(ambassador_id=tired.id, started_at=queue.now(), minutes=61))
    assert queue.claim(request().id, tired.id).name == "hours_left"
    assert queue.matches(request(), [full, tired]) == []


def test_a_deactivated_ambassador_cannot_claim_and_their_chats_go_back_to_the_queue():
    omar = ambassador("Omar", max_chats=3)
    cases = [request() for _ in range(2)]
    for case in cases:
        assert queue.claim(case.id, omar.id) is None
    ambassadors.edit(omar.id, active=False)
    back = queue.hand_back(omar.id, "please start with a warm hello")
    assert sorted(r.id for r in back) == sorted(c.id for c in cases)
    assert all(r.state == "waiting" and r.ambassador_id is None and r.transfer_note for r in back)
    assert {r.id for r in queue.unnotified()} >= {c.id for c in cases}  # announced again
    assert queue.claim(request().id, omar.id).name == "active"


def test_every_transition_is_recorded_with_no_text():
    amal, sara = ambassador("Amal"), ambassador("Sara")
    case = request()
    queue.add_note(case.id, "my brother hits me")
    assert queue.claim(case.id, amal.id) is None
    queue.transfer(case.id, amal.id, "she wants to write in Dutch")
    assert queue.claim(case.id, sara.id) is None
    queue.close(case.id, "helped", sara.id)
    steps = [(before, after, who, why) for _, before, after, who, why in queue.history(case.id)]
    assert steps == [(None, "waiting", None, "requested"), ("waiting", "claimed", amal.id, "claimed"),
                     ("claimed", "waiting", amal.id, "transfer"), ("waiting", "claimed", sara.id, "claimed"),
                     ("claimed", "closed", sara.id, "helped")]
    with db.session() as s:
        stored = " ".join(str(v) for row in s.query(HandoffEvent).all() for v in vars(row).values())
    assert "brother" not in stored and "Dutch" not in stored


def test_a_request_past_its_deadline_expires_once_and_leaves_the_queue():
    later = queue.open_request(f"wa-{uuid.uuid4().hex}", "whatsapp", "ar", "other", later=True)
    assert later.expires_at is not None
    assert queue.past_deadline() == []
    with db.session() as s:
        s.get(Handoff, later.id).expires_at = queue.now() - queue.timedelta(seconds=1)
    assert queue.past_deadline() == [later.id]
    assert queue.expire(later.id).state == "expired" and queue.expire(later.id) is None
    assert queue.past_deadline() == []
    assert queue.get(later.id).state == "expired" and later.id not in [r.id for r in queue.waiting()]
    assert queue.claim(later.id, ambassador("Amal").id).name == "waiting"


def test_later_today_waits_until_the_end_of_the_day_and_a_chosen_language_routes():
    later = queue.open_request(f"wa-{uuid.uuid4().hex}", "whatsapp", "ar", "other", later=True,
                               ambassador_language="nl")
    assert later.person_language == "ar" and later.language == "nl"
    assert later.id not in [r.id for r in queue.timed_out(0)]
    dutch = ambassador("Anna", "nl")
    assert [a.id for a in queue.matches(later, [dutch, ambassador("Omar", "ar")])] == [dutch.id]


def test_the_topic_of_a_request_is_sealed_at_rest():
    case = request()
    with db.session() as s:
        stored = s.get(Handoff, case.id).topic
    assert "sexual" not in stored and stored.startswith("v1:")
    assert queue.get(case.id).topic == "sexual_violence"


def test_the_hand_off_funnel_is_counted_per_week_language_and_channel_with_no_conversation():
    amal = ambassador("Amal")
    case = request()
    assert queue.claim(case.id, amal.id) is None
    queue.close(case.id, "helped", amal.id)
    queue.rate(case.id, 5)
    queue.cancel(request().id)
    with db.session() as s:
        cells = {(row.kind, row.topic): row.count for row in s.query(InsightCount).all()}
        columns = set(InsightCount.__table__.columns.keys())
    assert cells[("handoff", "requested")] == 2 and cells[("handoff", "claimed")] == 1
    assert cells[("handoff", "closed")] == 1 and cells[("handoff", "cancelled")] == 1
    assert cells[("outcome", "helped")] == 1 and cells[("rating", "5")] == 1 and cells[("wait", "0-5")] == 1
    assert not {"conversation_id", "handoff_id"} & columns
