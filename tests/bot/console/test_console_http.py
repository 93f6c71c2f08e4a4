"""The console over HTTP, as a browser or a script would meet it."""
import uuid
from datetime import timedelta

from sqlalchemy import select, update

from bot import insights
from bot.handoff import ambassadors, queue, workload
from bot.storage.console_models import AuditEntry, ConsoleSession
from bot.storage.models import Handoff, WorkLog, now
from tests.bot.console.conftest import PASSWORD, csrf_of, sign_in

PAGES = ["/", "/ambassadors", "/ambassadors/new", "/ambassadors/1", "/queue", "/insights", "/insights.csv", "/audit"]
FORMS = ["/ambassadors", "/ambassadors/1", "/ambassadors/1/deactivate", "/ambassadors/1/lift-cap", "/logout"]


def ambassador_form(csrf: str, **changes) -> dict:
    return {"csrf_token": csrf, "name": "Amal", "telegram_id": str(uuid.uuid4().int % 10**9),
            "languages": ["ar", "nl"], "woman": "on", "max_chats": "2", "monthly_hours": "16", **changes}


def test_every_page_sends_someone_without_a_session_to_the_sign_in_page(console):
    client = console.client()
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 303 and response.headers["location"].startswith("/login"), path
    for path in FORMS:
        response = client.post(path, data={"csrf_token": "anything"})
        assert response.status_code == 303 and response.headers["location"].startswith("/login"), path
    assert "Sign in" in client.get("/login").text


def test_a_cookie_that_was_not_signed_by_us_is_no_session(console):
    client = console.client()
    client.cookies.set("bridge_console", "made-up-token")
    assert client.get("/ambassadors").status_code == 303


def test_an_analyst_sees_insights_but_cannot_see_or_change_ambassadors(console, database):
    existing = ambassadors.add("Omar", "555000111", ["ar"])
    analyst = console.signed_in("analyst")
    assert analyst.get("/insights").status_code == 200
    assert analyst.get("/insights.csv").status_code == 200
    for path in ("/ambassadors", "/ambassadors/new", "/queue", "/audit", f"/ambassadors/{existing.id}"):
        assert analyst.get(path).status_code == 403, path
    csrf = csrf_of(analyst.get("/insights").text)
    assert analyst.post("/ambassadors", data=ambassador_form(csrf)).status_code == 403
    assert analyst.post(f"/ambassadors/{existing.id}/deactivate", data={"csrf_token": csrf}).status_code == 403
    assert analyst.post(f"/ambassadors/{existing.id}/lift-cap", data={"csrf_token": csrf}).status_code == 403
    assert [a.name for a in ambassadors.everyone()] == ["Omar"] and ambassadors.get(existing.id).active
    assert "/ambassadors" not in analyst.get("/insights").text  # not even offered in the menu


def test_a_post_without_its_csrf_token_is_refused_and_changes_nothing(console, database):
    coordinator = console.signed_in()
    form = ambassador_form("")
    del form["csrf_token"]
    assert coordinator.post("/ambassadors", data=form).status_code == 403
    assert coordinator.post("/ambassadors", data=ambassador_form("0" * 64)).status_code == 403
    other = console.signed_in()  # another session's token is not this session's
    assert coordinator.post("/ambassadors", data=ambassador_form(csrf_of(other.get("/ambassadors").text))
                            ).status_code == 403
    assert ambassadors.everyone() == []
    # Signing in needs the sign-in page's token too.
    fresh = console.client()
    fresh.get("/login")
    assert fresh.post("/login", data={"email": "x@example.org", "password": PASSWORD}).status_code == 403


def test_five_wrong_passwords_in_a_row_slow_down_even_the_right_one(console):
    email = console.account()
    client = console.client()
    for _ in range(5):
        wrong = sign_in(client, email, "not the password at all")
        assert wrong.status_code == 401 and "do not match" in wrong.text
    blocked = sign_in(client, email, PASSWORD)
    assert blocked.status_code == 429 and int(blocked.headers["retry-after"]) > 0
    assert "wait" in blocked.text
    assert sign_in(console.client(), "nobody-" + email, "guess").status_code == 401  # others are not affected


def test_a_coordinator_adds_edits_and_deactivates_an_ambassador_and_each_change_is_audited(console, database):
    coordinator = console.signed_in()
    csrf = csrf_of(coordinator.get("/ambassadors/new").text)
    added = coordinator.post("/ambassadors", data=ambassador_form(csrf, name="Amal"))
    assert added.status_code == 303
    [amal] = ambassadors.everyone()
    assert (amal.name, amal.languages, amal.woman, amal.max_chats) == ("Amal", ("ar", "nl"), True, 2)
    assert "Amal" in coordinator.get("/ambassadors").text

    edited = coordinator.post(f"/ambassadors/{amal.id}", data=ambassador_form(
        csrf, name="Amal", telegram_id=amal.telegram_id, max_chats="3", monthly_hours="20"))
    assert edited.status_code == 303
    assert (ambassadors.get(amal.id).max_chats, ambassadors.get(amal.id).monthly_hours) == (3, 20)
    assert coordinator.post(f"/ambassadors/{amal.id}/deactivate", data={"csrf_token": csrf}).status_code == 303
    assert not ambassadors.get(amal.id).active

    with database.session() as s:
        entries = [(e.action, e.target, e.fields) for e in s.execute(
            select(AuditEntry).where(AuditEntry.target == f"ambassador {amal.id}").order_by(AuditEntry.id)).scalars()]
    assert [action for action, _, _ in entries] == ["ambassador.add", "ambassador.edit", "ambassador.deactivate"]
    assert entries[1][2] == "max_chats, monthly_hours"
    audit_page = coordinator.get("/audit").text
    assert "ambassador.edit" in audit_page and "Ada" in audit_page


def test_bad_ambassador_input_gets_a_clear_answer_not_a_crash(console, database):
    coordinator = console.signed_in()
    csrf = csrf_of(coordinator.get("/ambassadors/new").text)
    bad = coordinator.post("/ambassadors", data=ambassador_form(
        csrf, name="", telegram_id="@amal", languages=["xx"], max_chats="many", monthly_hours="-3"))
    assert bad.status_code == 400
    for sentence in ("Please give a name.", "is a number", "at least one language", "whole number", "above 0"):
        assert sentence in bad.text
    first = ambassador_form(csrf, telegram_id="777000777")
    assert coordinator.post("/ambassadors", data=first).status_code == 303
    again = coordinator.post("/ambassadors", data=first)
    assert again.status_code == 400 and "already registered" in again.text
    assert coordinator.get("/ambassadors/999999").status_code == 404
    assert coordinator.get("/no-such-page").status_code == 404
    assert coordinator.get("/insights?week=last-week").status_code == 400
    assert len(ambassadors.everyone()) == 1


def test_the_workload_warning_shows_at_80_percent_and_a_coordinator_may_lift_a_used_up_cap(console, database):
    amal = ambassadors.add("Amal", "100200300", ["ar"], monthly_hours=10)
    sara = ambassadors.add("Sara", "100200301", ["nl"], monthly_hours=10)
    with database.session() as s:
        s.add(WorkLog(ambassador_id=amal.id, started_at=now() - timedelta(minutes=30), minutes=8.5 * 60))
        s.add(WorkLog(ambassador_id=sara.id, started_at=now() - timedelta(minutes=30), minutes=2 * 60))
    coordinator = console.signed_in()
    page = coordinator.get("/ambassadors").text
    amal_row = page.split(f'data-ambassador="{amal.id}"')[1].split("</tr>")[0]
    sara_row = page.split(f'data-ambassador="{sara.id}"')[1].split("</tr>")[0]
    assert "80% or more of the monthly hours" in amal_row and "(85%)" in amal_row
    assert "80% or more" not in sara_row
    assert "2026" in page and "single, non-official source" in page  # the allowance year and its caveat

    with database.session() as s:
        s.add(WorkLog(ambassador_id=amal.id, started_at=now() - timedelta(minutes=20), minutes=2 * 60))
    page = coordinator.get("/ambassadors").text
    assert "Monthly hours used up" in page
    lifted = coordinator.post(f"/ambassadors/{amal.id}/lift-cap", data={"csrf_token": csrf_of(page)})
    assert lifted.status_code == 303
    assert "Cap lifted for this month" in coordinator.get("/ambassadors").text
    workload.pause(sara.id)
    sara_row = coordinator.get("/ambassadors").text.split(f'data-ambassador="{sara.id}"')[1].split("</tr>")[0]
    assert "Pause after an alert until" in sara_row
    with database.session() as s:
        assert s.execute(select(AuditEntry.action).where(AuditEntry.target == f"ambassador {amal.id}")
                         ).scalars().all() == ["ambassador.lift_cap"]


def test_the_queue_shows_case_language_topic_wishes_and_minutes_but_no_message_note_or_identifier(console, database):
    conversation = f"tg-{uuid.uuid4().hex}"
    secret_words = "my husband Karim took my passport at Dorpsstraat 12"
    waiting = queue.open_request(conversation, "telegram", "ar", "domestic_violence", wants_woman=True)
    queue.add_note(waiting.id, secret_words)
    amal = ambassadors.add("Amal", "100200399", ["ar"])
    ambassadors.set_available(amal.id, True)
    live = queue.open_request(f"wa-{uuid.uuid4().hex}", "whatsapp", "ar", "sexual_violence")
    assert queue.claim(live.id, amal.id) is None  # nothing stopped the claim
    queue.record_relay(live.id, "to_ambassador", secret_words)
    gone = queue.open_request(f"tg-{uuid.uuid4().hex}", "telegram", "ti", "honour_violence", later=True)
    with database.session() as s:  # as the hand-off clock ends a request nobody claimed
        s.execute(update(Handoff).where(Handoff.id == gone.id).values(
            state="expired", ended_at=now(), created_at=now() - timedelta(minutes=25)))
    insights.count("question", "ar", "telegram", "domestic_violence")
    coordinator = console.signed_in()
    page = coordinator.get("/queue").text
    assert f"#{waiting.id}" in page and "domestic_violence" in page and "a woman" in page
    assert f"#{live.id}" in page and "Amal" in page and "sexual_violence" in page
    expired = page.split("Expired without a claim")[1]
    assert f"#{gone.id}" in expired and "honour_violence" in expired and "later today" in expired and "25" in expired
    for path in ("/ambassadors", "/ambassadors?done=saved", f"/ambassadors/{amal.id}", "/queue", "/insights",
                 "/insights?week=" + insights.week_of(), "/insights.csv", "/audit"):
        response = coordinator.get(path)
        assert response.status_code == 200, path
        shown = response.text
        assert conversation not in shown and "Karim" not in shown and "Dorpsstraat" not in shown, path
        assert "passport" not in shown and "tg-" not in shown and "wa-" not in shown, path
    logged = console.log.read_text()
    assert conversation not in logged and "Karim" not in logged and PASSWORD not in logged


def test_signing_out_ends_the_session_and_an_idle_session_expires(console, database):
    coordinator = console.signed_in()
    assert coordinator.get("/ambassadors").status_code == 200
    kept_cookie = coordinator.cookies.get("bridge_console")
    assert coordinator.post("/logout", data={"csrf_token": csrf_of(coordinator.get("/ambassadors").text)}
                            ).status_code == 303
    replay = console.client()
    replay.cookies.set("bridge_console", kept_cookie)
    assert replay.get("/ambassadors").status_code == 303

    idle = console.signed_in()
    with database.session() as s:
        s.execute(update(ConsoleSession).values(last_seen_at=now() - timedelta(minutes=61)))
    response = idle.get("/ambassadors")
    assert response.status_code == 303 and response.headers["location"].startswith("/login")


def test_session_cookies_are_httponly_and_samesite_strict(console):
    client = console.client()
    response = sign_in(client, console.account(), PASSWORD)
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "secure" not in cookie  # plain HTTP here


def test_in_production_the_session_cookie_is_secure(monkeypatch):
    from starlette.responses import Response

    from bot import settings
    from bot.console import app

    monkeypatch.setenv("BRIDGE_ENV", "production")
    settings.load.cache_clear()
    response = Response()
    app.set_cookie(response, app.SESSION_COOKIE, "value")
    assert "secure" in response.headers["set-cookie"].lower()


def test_pages_speak_dutch_when_chosen(console):
    client = console.client()
    client.get("/language/nl?back=/login")
    client.cookies.set("bridge_console_language", "nl")
    assert "Inloggen" in client.get("/login").text
    assert "Inloggen" in console.client().get("/login", headers={"Accept-Language": "nl-NL,nl;q=0.9"}).text


def test_a_database_failure_gets_a_plain_500_and_a_log_line_without_the_address(tmp_path):
    import subprocess
    import sys

    from tests.bot.console.conftest import Console
    from tests.support.servers import ROOT

    broken = Console(tmp_path, f"sqlite:///{tmp_path / 'never-migrated.db'}")
    broken.process = subprocess.Popen([sys.executable, "-m", "bot.console"], cwd=ROOT, env=broken.env(),
                                      stdout=broken.log.open("w"), stderr=subprocess.STDOUT)
    try:
        client = broken.client()
        for _ in range(100):
            try:
                form = client.get("/login")
                break
            except Exception:  # noqa: BLE001 - not up yet
                import time
                time.sleep(0.2)
        response = client.post("/login", data={"email": "someone.secret@example.org", "password": "whatever",
                                               "csrf_token": csrf_of(form.text)})
        assert response.status_code == 500 and "went wrong" in response.text
        assert client.get("/ambassadors").status_code == 303  # no session, still just the sign-in page
    finally:
        broken.stop()
    logged = broken.log.read_text()
    assert "OperationalError" in logged and "someone.secret" not in logged and "Traceback" not in logged
