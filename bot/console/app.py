"""The console's web application (Starlette; pages rendered on the server).

Every route is declared with the permission it needs (bot.console.permissions)
and goes through `page`, the one gate: no session means the sign-in page; a
POST whose CSRF token does not match its session is refused with 403 before
anything is read from it; a role without the permission gets 403. Database
work runs in a thread, off the event loop.
"""
import csv
import hmac
import io
import logging
import re
import secrets
from functools import wraps
from pathlib import Path
from urllib.parse import quote

from itsdangerous import BadSignature, URLSafeTimedSerializer
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from sqlalchemy.exc import IntegrityError
from starlette.staticfiles import StaticFiles

from bot import insights, settings
from bot.console import accounts, audit, board, charts, texts
from bot.console.permissions import allowed
from bot.handoff import ambassadors, roster, workload
from bot.i18n import LANGUAGES

logger = logging.getLogger(__name__)
HERE = Path(__file__).parent
SESSION_COOKIE = "bridge_console"
LOGIN_COOKIE = "bridge_login"
LANGUAGE_COOKIE = "bridge_console_language"
_templates = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]),
                         trim_blocks=True, lstrip_blocks=True)
# No script, style or image from anywhere but here; no framing by other sites.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                               "frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(settings.secret_key(), salt="bridge-console-session")


def set_cookie(response: Response, name: str, value: str, max_age: int | None = None) -> None:
    """HttpOnly, SameSite=Strict, and Secure in production (behind HTTPS)."""
    response.set_cookie(name, value, max_age=max_age, httponly=True, samesite="strict",
                        secure=settings.load().production, path="/")


def language_of(request: Request) -> str:
    return texts.choose(request.cookies.get(LANGUAGE_COOKIE), request.headers.get("accept-language", ""))


def render(request: Request, template: str, status: int = 200, **context) -> HTMLResponse:
    language = language_of(request)
    me = getattr(request.state, "me", None)
    token = getattr(request.state, "token", None)
    html = _templates.get_template(template).render(
        _=texts.catalog(language).gettext, language=language, languages=texts.LANGUAGES, me=me,
        csrf=accounts.csrf_token(token) if token else context.pop("csrf", ""),
        may=(lambda permission: bool(me) and allowed(me.role, permission)), path=request.url.path,
        euro=lambda amount: _decimal(language, f"€{amount:,.2f}"), num=lambda x: _decimal(language, f"{x:,.1f}"),
        **context)
    return secured(HTMLResponse(html, status))


def _decimal(language: str, text: str) -> str:
    """1,234.50 in English, 1.234,50 in Dutch."""
    return text.translate(str.maketrans(",.", ".,")) if language == "nl" else text


def secured(response: Response) -> Response:
    for header, value in SECURITY_HEADERS.items():
        response.headers.setdefault(header, value)
    return response


def refuse(request: Request, status: int, message: str, headers: dict | None = None, **values) -> HTMLResponse:
    """A kind page saying why (`message` is a C_-marked text with {placeholders})."""
    response = render(request, "refused.html", status, message=message, values=values)
    response.headers.update(headers or {})
    return response


def session_token(request: Request) -> str | None:
    signed = request.cookies.get(SESSION_COOKIE)
    if not signed:
        return None
    try:
        return _serializer().loads(signed, max_age=int(accounts.SESSION_LONGEST.total_seconds()))
    except BadSignature:
        return None


def page(permission: str | None):
    """The one gate every route passes (see the module's docstring). The
    endpoint runs in a thread and gets the request with `state.me` (the
    coordinator) and, for a POST, `state.form`."""
    def decorate(endpoint):
        @wraps(endpoint)
        async def gate(request: Request) -> Response:
            token = session_token(request)
            me = await run_in_threadpool(accounts.resume, token) if token else None
            if me is None:
                target = "/login" if request.url.path in ("/", "/logout") else f"/login?next={quote(request.url.path)}"
                response = RedirectResponse(target, status_code=303)
                response.delete_cookie(SESSION_COOKIE, path="/")
                return secured(response)
            request.state.me, request.state.token = me, token
            if request.method == "POST":
                form = await request.form()
                sent = str(form.get("csrf_token", ""))
                if not sent or not hmac.compare_digest(sent, accounts.csrf_token(token)):
                    return refuse(request, 403, texts.C_("This form has expired. Please go back, reload the page "
                                                         "and try again."))
                request.state.form = form
            if permission and not allowed(me.role, permission):
                return refuse(request, 403, texts.C_("Your role does not allow this."))
            return await run_in_threadpool(endpoint, request)
        return contained(gate)
    return decorate


def contained(handler):
    """A route that fails answers with a kind 500 page and logs one line
    naming the error's class: never a traceback, whose SQL parameters could
    hold an e-mail address or a name."""
    @wraps(handler)
    async def guarded(request: Request) -> Response:
        try:
            return await handler(request)
        except Exception as error:  # noqa: BLE001
            return _failure(request, error)
    return guarded


# --- Signing in and out ---------------------------------------------------------------

def _login_form(request: Request, nonce: str, status: int = 200, error: str = "", email: str = "") -> HTMLResponse:
    response = render(request, "login.html", status, csrf=accounts.csrf_token("login:" + nonce), error=error,
                      email=email, next=_safe_next(request.query_params.get("next", "")))
    set_cookie(response, LOGIN_COOKIE, nonce, max_age=3600)
    return response


def _safe_next(target: str) -> str:
    """Only a path of this console: never another site after signing in."""
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"


@contained
async def login_page(request: Request) -> Response:
    return _login_form(request, request.cookies.get(LOGIN_COOKIE) or secrets.token_urlsafe(16))


@contained
async def login(request: Request) -> Response:
    nonce = request.cookies.get(LOGIN_COOKIE, "")
    form = await request.form()
    sent = str(form.get("csrf_token", ""))
    if not nonce or not sent or not hmac.compare_digest(sent, accounts.csrf_token("login:" + nonce)):
        return refuse(request, 403, texts.C_("This form has expired. Please go back, reload the page and try again."))
    email, password = str(form.get("email", ""))[:254], str(form.get("password", ""))[:1024]
    me, wait = await run_in_threadpool(accounts.authenticate, email, password)
    if wait:
        return refuse(request, 429, texts.C_("Too many wrong passwords in a row. Please wait {seconds} seconds "
                                             "and try again."), {"Retry-After": str(wait)}, seconds=wait)
    if me is None:
        return _login_form(request, nonce, 401, texts.C_("That e-mail address and password do not match."), email)
    token = await run_in_threadpool(accounts.start_session, me.id)
    response = secured(RedirectResponse(_safe_next(str(form.get("next", "/"))), status_code=303))
    set_cookie(response, SESSION_COOKIE, _serializer().dumps(token))
    response.delete_cookie(LOGIN_COOKIE, path="/")
    return response


@page(None)
def logout(request: Request) -> Response:
    accounts.end_session(request.state.token)
    response = secured(RedirectResponse("/login", status_code=303))
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@page(None)
def home(request: Request) -> Response:
    target = "/ambassadors" if allowed(request.state.me.role, "see_ambassadors") else "/insights"
    return secured(RedirectResponse(target, status_code=303))


async def choose_language(request: Request) -> Response:
    """A link, not a form: it changes only this browser's cookie."""
    language = request.path_params["language"]
    response = secured(RedirectResponse(_safe_next(request.query_params.get("back", "/")), status_code=303))
    if language in texts.LANGUAGES:
        set_cookie(response, LANGUAGE_COOKIE, language, max_age=365 * 24 * 3600)
    return response


# --- Ambassadors ----------------------------------------------------------------------

MAX_CHATS, MAX_MONTHLY_HOURS = 10, 200


@page("see_ambassadors")
def ambassadors_page(request: Request) -> Response:
    team = workload.of_everyone()
    return render(request, "ambassadors.html", team=team, allowance=_allowance(),
                  daily_minutes=settings.load().console.daily_live_minutes, notice=request.query_params.get("done"))


def _allowance() -> dict:
    config = settings.load().console
    hourly = workload.hourly_allowance()
    return {"limits": config.allowance, "hourly": hourly, "configured": config.hourly_allowance is not None,
            "hours_at_limit": config.allowance.per_month / hourly if hourly else None,
            "above_hourly_limit": hourly > config.allowance.per_hour}


def _ambassador_form(request: Request, ambassador=None, values: dict | None = None, errors: list | None = None,
                     status: int = 200) -> HTMLResponse:
    values = values or ({"name": ambassador.name, "telegram_id": ambassador.telegram_id,
                         "languages": list(ambassador.languages), "woman": ambassador.woman,
                         "lgbtqi_friendly": ambassador.lgbtqi_friendly, "max_chats": ambassador.max_chats,
                         "monthly_hours": ambassador.monthly_hours} if ambassador else
                        {"name": "", "telegram_id": "", "languages": [], "woman": False, "lgbtqi_friendly": False,
                         "max_chats": 2, "monthly_hours": 16})
    return render(request, "ambassador_form.html", status, ambassador=ambassador, values=values,
                  errors=errors or [], all_languages=LANGUAGES)


def _read_ambassador(form) -> tuple[dict, list[str]]:
    """The form's values and what is wrong with them (C_-marked sentences)."""
    errors = []
    values = {"name": str(form.get("name", "")).strip()[:120],
              "telegram_id": str(form.get("telegram_id", "")).strip(),
              "languages": [code for code in form.getlist("languages") if code in LANGUAGES],
              "woman": form.get("woman") == "on", "lgbtqi_friendly": form.get("lgbtqi_friendly") == "on",
              "max_chats": str(form.get("max_chats", "")).strip(), "monthly_hours": str(form.get("monthly_hours", ""))}
    if not values["name"]:
        errors.append(texts.C_("Please give a name."))
    if not values["telegram_id"].isdigit() or len(values["telegram_id"]) > 20:
        errors.append(texts.C_("The Telegram user id is a number (the ambassador can ask @userinfobot)."))
    if not values["languages"]:
        errors.append(texts.C_("Choose at least one language."))
    try:
        values["max_chats"] = int(values["max_chats"])
        assert 1 <= values["max_chats"] <= MAX_CHATS
    except (ValueError, AssertionError):
        errors.append(texts.C_("Chats at the same time is a whole number from 1 to 10."))
    try:
        values["monthly_hours"] = float(values["monthly_hours"].replace(",", "."))
        assert 0 < values["monthly_hours"] <= MAX_MONTHLY_HOURS
    except (ValueError, AssertionError):
        errors.append(texts.C_("Hours a month is a number above 0 and at most 200."))
    return values, errors


@page("manage_ambassadors")
def new_ambassador_page(request: Request) -> Response:
    return _ambassador_form(request)


@page("manage_ambassadors")
def add_ambassador(request: Request) -> Response:
    values, errors = _read_ambassador(request.state.form)
    if errors:
        return _ambassador_form(request, values=values, errors=errors, status=400)
    try:
        created = ambassadors.add(values["name"], values["telegram_id"], values["languages"], values["woman"],
                                  values["lgbtqi_friendly"], values["max_chats"], values["monthly_hours"])
    except IntegrityError:
        return _ambassador_form(request, values=values, status=400,
                                errors=[texts.C_("This Telegram user id is already registered.")])
    audit.record(request.state.me.id, "ambassador.add", f"ambassador {created.id}", list(values))
    return secured(RedirectResponse("/ambassadors?done=added", status_code=303))


def _ambassador_or_404(request: Request):
    found = ambassadors.get(request.path_params["id"])
    return found, (None if found else refuse(request, 404, texts.C_("There is no such ambassador.")))


@page("manage_ambassadors")
def edit_ambassador_page(request: Request) -> Response:
    ambassador, missing = _ambassador_or_404(request)
    return missing or _ambassador_form(request, ambassador)


@page("manage_ambassadors")
def edit_ambassador(request: Request) -> Response:
    ambassador, missing = _ambassador_or_404(request)
    if missing:
        return missing
    values, errors = _read_ambassador(request.state.form)
    if errors:
        return _ambassador_form(request, ambassador, values, errors, 400)
    before = {"name": ambassador.name, "telegram_id": ambassador.telegram_id, "languages": list(ambassador.languages),
              "woman": ambassador.woman, "lgbtqi_friendly": ambassador.lgbtqi_friendly,
              "max_chats": ambassador.max_chats, "monthly_hours": ambassador.monthly_hours}
    changed = [field for field, value in values.items() if before[field] != value]
    try:
        ambassadors.edit(ambassador.id, **{field: values[field] for field in changed})
    except IntegrityError:
        return _ambassador_form(request, ambassador, values, [texts.C_("This Telegram user id is already registered.")],
                                400)
    if changed:
        audit.record(request.state.me.id, "ambassador.edit", f"ambassador {ambassador.id}", changed)
    return secured(RedirectResponse("/ambassadors?done=saved", status_code=303))


@page("manage_ambassadors")
def deactivate_ambassador(request: Request) -> Response:
    ambassador, missing = _ambassador_or_404(request)
    if missing:
        return missing
    roster.deactivate(ambassador.id)  # their open chats go back to the queue, and each person is told
    audit.record(request.state.me.id, "ambassador.deactivate", f"ambassador {ambassador.id}", ["active"])
    return secured(RedirectResponse("/ambassadors?done=deactivated", status_code=303))


@page("lift_cap")
def lift_cap(request: Request) -> Response:
    ambassador, missing = _ambassador_or_404(request)
    if missing:
        return missing
    workload.lift_cap(ambassador.id, by=request.state.me.id)
    audit.record(request.state.me.id, "ambassador.lift_cap", f"ambassador {ambassador.id}", [workload.month_of()])
    return secured(RedirectResponse("/ambassadors?done=lifted", status_code=303))


# --- Queue and audit log --------------------------------------------------------------

@page("see_queue")
def queue_page(request: Request) -> Response:
    return render(request, "queue.html", **board.snapshot())


@page("see_audit")
def audit_page(request: Request) -> Response:
    return render(request, "audit.html", entries=audit.recent())


# --- Insights -------------------------------------------------------------------------

WEEKS_IN_CHARTS = 8
_WEEK = re.compile(r"^\d{4}-W\d{2}$")


@page("see_insights")
def insights_page(request: Request) -> Response:
    tables = insights.publish()
    threshold = settings.load().console.insights_min_count
    weeks = insights.weeks(tables)
    week = request.query_params.get("week") or insights.week_of()
    if not _WEEK.match(week):
        return refuse(request, 400, texts.C_("A week is written like 2026-W49."))
    this_week = [tables[(week, kind)] for kind in insights.KINDS if (week, kind) in tables]
    recent = sorted(weeks[:WEEKS_IN_CHARTS])
    question_tables = [tables.get((w, "question")) for w in recent]
    languages = sorted({language for t in question_tables if t for language in t.languages})
    small = insights.Shown(None, f"<{threshold}")
    over_time = [(w, [(language, t.by_language.get(language, small) if t else small) for language in languages])
                 for w, t in zip(recent, question_tables)]
    charts_ = {"over_time": charts.grouped(texts.C_("Questions per language, week by week"), over_time, threshold)}
    for kind, title in (("handoff", texts.C_("Hand-off funnel")), ("wait", texts.C_("Minutes waited until claimed"))):
        table = tables.get((week, kind))
        if table:
            charts_[kind] = charts.grouped(title, [(topic, [(kind, table.by_topic[topic])]) for topic in table.topics],
                                           threshold)
    return render(request, "insights.html", week=week, weeks=weeks, tables=this_week, charts=charts_,
                  over_time=over_time, over_time_languages=languages, threshold=threshold,
                  titles=KIND_TITLES, all_languages=LANGUAGES)


KIND_TITLES = {
    "question": texts.C_("Questions per topic"),
    "crisis": texts.C_("Crisis answers given, per kind"),
    "self_check": texts.C_("Wellbeing self-checks"),
    "handoff": texts.C_("Hand-offs to a person"),
    "outcome": texts.C_("Outcomes of closed chats"),
    "rating": texts.C_("Ratings of chats (1-5)"),
    "wait": texts.C_("Minutes waited until claimed"),
}


@page("see_insights")
def insights_csv(request: Request) -> Response:
    tables = insights.publish()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(insights.CSV_HEADER)
    writer.writerows(insights.csv_rows(tables))
    return secured(Response(out.getvalue(), media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": 'attachment; filename="bridge-insights.csv"'}))


# --- The application ------------------------------------------------------------------

def create_app() -> Starlette:
    routes = [
        Route("/", home),
        Route("/login", login_page, methods=["GET"]),
        Route("/login", login, methods=["POST"]),
        Route("/logout", logout, methods=["POST"]),
        Route("/language/{language}", choose_language),
        Route("/ambassadors", ambassadors_page, methods=["GET"]),
        Route("/ambassadors", add_ambassador, methods=["POST"]),
        Route("/ambassadors/new", new_ambassador_page),
        Route("/ambassadors/{id:int}", edit_ambassador_page, methods=["GET"]),
        Route("/ambassadors/{id:int}", edit_ambassador, methods=["POST"]),
        Route("/ambassadors/{id:int}/deactivate", deactivate_ambassador, methods=["POST"]),
        Route("/ambassadors/{id:int}/lift-cap", lift_cap, methods=["POST"]),
        Route("/queue", queue_page),
        Route("/insights", insights_page),
        Route("/insights.csv", insights_csv),
        Route("/audit", audit_page),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    return Starlette(routes=routes, exception_handlers={404: _not_found, 405: _not_allowed})



async def _not_found(request: Request, exc) -> Response:
    return refuse(request, 404, texts.C_("There is no such page."))


async def _not_allowed(request: Request, exc) -> Response:
    return refuse(request, 405, texts.C_("There is no such page."))


def _failure(request: Request, error: Exception) -> Response:
    """Logged by class only: an error's text could hold a value from a form."""
    logger.error("The console failed on %s: %s", request.url.path, error.__class__.__name__)
    return refuse(request, 500, texts.C_("Something went wrong on our side. Please try again."))
