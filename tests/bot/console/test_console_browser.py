"""The console in a real browser: Playwright driving Debian's Chromium
(/usr/bin/chromium; .ci/run installs it, nothing is downloaded). The
screenshots of the main pages go to docs/ for the README."""
import os
import uuid
from datetime import timedelta
from pathlib import Path

import pytest

from bot import insights
from bot.handoff import ambassadors, queue
from bot.storage.models import WorkLog, now
from tests.bot.console.conftest import PASSWORD
from tests.support.servers import ROOT

CHROMIUM = Path("/usr/bin/chromium")
DOCS = ROOT / "docs"


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("/usr/bin/chromium is required in CI (.ci/run installs the chromium package)")
        pytest.skip("Debian's Chromium is not installed here (apt-get install chromium); CI runs this test")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                              args=["--no-sandbox", "--disable-dev-shm-usage"])
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1200, "height": 860}, accept_downloads=True, locale="en-GB")
    yield context.new_page()
    context.close()


def sign_in(page, console, email):
    page.goto(console.url)
    assert page.url.startswith(f"{console.url}/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def sign_out(page, console):
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{console.url}/login")
    page.goto(f"{console.url}/ambassadors")
    assert page.url.startswith(f"{console.url}/login")  # the session really ended


def test_a_coordinator_signs_in_adds_an_ambassador_sees_the_workload_warning_and_signs_out(console, database, page):
    sara = ambassadors.add("Sara", "200300400", ["nl", "en"], monthly_hours=10)
    with database.session() as s:
        s.add(WorkLog(ambassador_id=sara.id, started_at=now() - timedelta(minutes=30), minutes=8.5 * 60))
    queue.open_request(f"tg-{uuid.uuid4().hex}", "telegram", "ar", "domestic_violence", wants_woman=True)
    sign_in(page, console, console.account("coordinator", "Ada"))
    page.wait_for_url(f"{console.url}/ambassadors")

    page.get_by_role("link", name="Add an ambassador").click()
    page.get_by_label("Name").fill("Amal")
    page.get_by_label("Telegram user id (on the desk bot)").fill("300400500")
    page.get_by_label("العربية").check()
    page.get_by_label("Nederlands").check()
    page.get_by_label("Woman", exact=True).check()
    page.get_by_label("Hours a month (cap)").fill("16")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"{console.url}/ambassadors?done=added")
    amal = next(a for a in ambassadors.everyone() if a.name == "Amal")
    assert set(amal.languages) == {"ar", "nl"} and amal.woman
    assert page.locator(f'tr[data-ambassador="{amal.id}"]').is_visible()

    warning = page.locator(f'tr[data-ambassador="{sara.id}"]')
    assert "80% or more of the monthly hours are used" in warning.inner_text()
    assert "80% or more" not in page.locator(f'tr[data-ambassador="{amal.id}"]').inner_text()
    page.screenshot(path=str(DOCS / "console-ambassadors.png"), full_page=True)

    page.get_by_role("link", name="Queue").click()
    assert "domestic_violence" in page.locator("main").inner_text()
    page.screenshot(path=str(DOCS / "console-queue.png"), full_page=True)
    sign_out(page, console)


def _a_few_weeks_of_counts():
    """Realistic-looking weeks: some counts large, some small enough to be suppressed."""
    for weeks_ago, scale in ((3, 1), (2, 2), (1, 2), (0, 3)):
        moment = now() - timedelta(weeks=weeks_ago)
        for language, channel, topic, n in (("ar", "whatsapp", "gp", 9), ("ar", "telegram", "health_insurance", 6),
                                            ("en", "telegram", "gp", 7), ("fa", "whatsapp", "mental_health", 5),
                                            ("ti", "whatsapp", "gp", 2), ("uk", "telegram", "health_insurance", 4)):
            for _ in range(n * scale):
                insights.count("question", language, channel, topic, moment)
    for stage, n in (("requested", 31), ("claimed", 24), ("expired", 4), ("cancelled", 3), ("closed", 22)):
        for _ in range(n):
            insights.count("handoff", "ar", "whatsapp", stage)
    for bucket, n in (("0-5", 8), ("5-10", 12), ("10-20", 3), ("20-30", 1)):
        for _ in range(n):
            insights.count("wait", "ar", "whatsapp", bucket)
    for _ in range(2):
        insights.count("crisis", "so", "whatsapp", "danger")


def test_an_analyst_sees_charts_with_suppressed_cells_exports_the_csv_and_signs_out(console, database, page):
    _a_few_weeks_of_counts()
    sign_in(page, console, console.account("analyst", "Noor"))
    page.wait_for_url(f"{console.url}/insights")
    assert page.get_by_role("link", name="Ambassadors").count() == 0  # analysts see insights only

    charts = page.locator("figure.chart svg")
    assert charts.count() >= 3  # questions over time, hand-off funnel, waits
    assert page.locator("figure.chart .suppressed").count() > 0  # small counts drawn as outlines
    suppressed = page.locator('table[data-kind="question"] td.suppressed')
    assert suppressed.count() > 0 and "<10" in suppressed.all_inner_texts()
    assert "Median wait until claimed: 5-10 minutes." in page.locator("main").inner_text()
    page.screenshot(path=str(DOCS / "console-insights.png"), full_page=True)

    with page.expect_download() as download:
        page.get_by_role("link", name="Export CSV").click()
    lines = Path(download.value.path()).read_text().splitlines()
    assert lines[0] == "week,language,channel,topic,count"
    assert any(line.endswith(",<10") for line in lines) and any(line.endswith(",x") for line in lines)
    assert f"{insights.week_of()},ar,whatsapp,handoff:requested,31" in lines

    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    page.reload()
    page.screenshot(path=str(DOCS / "console-phone.png"), full_page=False)
    sign_out(page, console)
