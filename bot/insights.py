"""What people need, counted without anyone in it.

`count(kind, language, channel, topic)` adds one to a weekly counter at the
moment something happens: the ISO week, the language, the channel and a topic
code are all that is kept. No conversation id, no text, no time finer than
the week, so nothing here points back to a person and `/forget` has nothing
to erase here.

Before any count is shown or exported it goes through `publish()`: every
count below the threshold (INSIGHTS_MIN_COUNT, at least 5, default 10) is
shown as "<10", and where a total that we show would let someone subtract
their way to a hidden count, more cells are hidden ("x"; secondary
suppression). The console, the CSV and the SQL view `insights_public` all
read the published counts only.

Kinds and their topics:
    question    a content topic (bot.content.TOPICS)
    crisis      danger | suicide | sexual_violence | domestic_violence
    self_check  started | finished
    handoff     requested | claimed | expired | cancelled | closed
    outcome     the outcome an ambassador chose when closing
    rating      1 .. 5
    wait        minutes from request to claim, bucketed (wait_topic)
"""
import logging
import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.exc import SQLAlchemyError

from bot import settings
from bot.handoff.hours import DUTCH_TIME
from bot.i18n import LANGUAGES
from bot.storage.console_models import InsightCount, InsightPublished
from bot.storage.db import engine, session

logger = logging.getLogger(__name__)

KINDS = ("question", "crisis", "self_check", "handoff", "outcome", "rating", "wait")
HANDOFF_STAGES = ("requested", "claimed", "expired", "cancelled", "closed")
CHANNELS = ("telegram", "whatsapp", "rest")
WAIT_BUCKETS = ((5, "0-5"), (10, "5-10"), (20, "10-20"), (30, "20-30"), (60, "30-60"), (None, "60+"))
# A topic is a code, never free text: anything else is counted as "other".
_CODE = re.compile(r"^[a-z0-9_+\-]{1,40}$")


def week_of(moment: datetime | None = None) -> str:
    """The ISO week in Dutch time, e.g. "2026-W49"."""
    year, week, _ = (moment or datetime.now(DUTCH_TIME)).astimezone(DUTCH_TIME).isocalendar()
    return f"{year}-W{week:02d}"


def wait_topic(minutes: float) -> str:
    """The bucket of a wait to claim: a median can be told from these, a person cannot."""
    return next(label for limit, label in WAIT_BUCKETS if limit is None or minutes < limit)


def count(kind: str, language: str, channel: str, topic: str = "", moment: datetime | None = None) -> bool:
    """One more of `kind` this week. Best effort: a person's answer must never
    wait for or fail on a statistic, so a database error is logged (without
    any value) and forgotten. True when it was counted."""
    if kind not in KINDS:
        raise ValueError(f"unknown insight kind {kind!r}")
    cell = {"week": week_of(moment), "kind": kind,
            "language": language if language in LANGUAGES else "other",
            "channel": channel if channel in CHANNELS else "other",
            "topic": topic if _CODE.match(topic or "") else ("" if not topic else "other")}
    try:
        with session() as db:
            insert = _upsert()
            db.execute(insert(InsightCount).values(**cell, count=1).on_conflict_do_update(
                index_elements=list(cell), set_={"count": InsightCount.count + 1}))
        return True
    except SQLAlchemyError as error:
        logger.warning("An insight (%s) was not counted: %s", kind, error.__class__.__name__)
        return False


def _upsert():
    """INSERT ... ON CONFLICT, which SQLite and PostgreSQL both speak."""
    if engine().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert


# --- Publishing: primary and secondary suppression ---------------------------------

SMALL, COMPLEMENT = "small", "complement"  # why a count is hidden


@dataclass(frozen=True)
class Shown:
    """A count as it may be shown: `value` is None when hidden."""
    value: int | None
    text: str  # "12", "<10" (small), or "x" (hidden so a total cannot reveal a small one)

    @property
    def hidden(self) -> bool:
        return self.value is None


def suppress(values: dict, lines: list[tuple[object, list]], threshold: int) -> dict:
    """Which keys of `values` must be hidden, and why. `lines` are the sums we
    show: (total, parts) with values[total] == sum of values[parts].

    Every value below the threshold is hidden (primary). Then, until nothing
    changes: a sum whose total is shown must hide none of its parts, or at
    least two that together reach the threshold (else subtracting the shown
    parts from the total gives a small count, or a small sum of two); a
    hidden total must have a hidden part (else adding the parts gives it). We
    hide the smallest shown part, or the total when no part is left."""
    hidden = {key: SMALL for key, value in values.items() if value < threshold}
    changed = True
    while changed:
        changed = False
        for total, parts in lines:
            hidden_parts = [part for part in parts if part in hidden]
            if total in hidden:
                safe = bool(hidden_parts) or not parts
            else:
                safe = not hidden_parts or (
                    len(hidden_parts) >= 2 and sum(values[p] for p in hidden_parts) >= threshold)
            if safe:
                continue
            shown_parts = [part for part in parts if part not in hidden]
            if shown_parts:
                hidden[min(shown_parts, key=lambda part: values[part])] = COMPLEMENT
            else:
                hidden[total] = COMPLEMENT
            changed = True
    return hidden


@dataclass
class Table:
    """One kind in one week: topics x languages with their totals, and the
    finest cells (language, channel, topic) of the CSV and the SQL view."""
    week: str
    kind: str
    languages: list[str]
    topics: list[str]
    cells: dict[tuple[str, str], Shown]  # (language, topic)
    by_language: dict[str, Shown]  # empty, and `total` None, where topics are stages (STAGES_NOT_SUMMED)
    by_topic: dict[str, Shown]
    total: Shown | None
    fine: dict[tuple[str, str, str], Shown]  # (language, channel, topic)
    median_wait: str | None = None  # the bucket, for kind "wait", when the total may be shown


# Stages of one path (requested, then claimed, ...): their sum means nothing,
# so we show none, and need not hide a stage to protect it.
STAGES_NOT_SUMMED = {"handoff", "self_check"}
FIXED_TOPICS = {"handoff": HANDOFF_STAGES, "self_check": ("started", "finished"),
                "rating": ("1", "2", "3", "4", "5"), "wait": tuple(label for _, label in WAIT_BUCKETS)}


def build_table(week: str, kind: str, fine_counts: dict[tuple[str, str, str], int], threshold: int) -> Table:
    """Every number of one (week, kind) that we show, suppressed together so
    that no total, row or column reveals a hidden cell."""
    languages = sorted({language for language, _, _ in fine_counts})
    present = {topic for _, _, topic in fine_counts}
    fixed = FIXED_TOPICS.get(kind, ())
    topics = list(fixed) + sorted(present - set(fixed))
    values: dict = {("fine", *key): n for key, n in fine_counts.items()}
    by_cell: dict[tuple[str, str], list] = {}
    for language, channel, topic in fine_counts:
        by_cell.setdefault((language, topic), []).append(("fine", language, channel, topic))
    lines: list = []
    for language in languages:
        for topic in topics:
            parts = by_cell.get((language, topic), [])
            values[("cell", language, topic)] = sum(values[p] for p in parts)
            lines.append((("cell", language, topic), parts))
    for topic in topics:
        parts = [("cell", language, topic) for language in languages]
        values[("topic", topic)] = sum(values[p] for p in parts)
        lines.append((("topic", topic), parts))
    totals = kind not in STAGES_NOT_SUMMED
    if totals:
        for language in languages:
            parts = [("cell", language, topic) for topic in topics]
            values[("language", language)] = sum(values[p] for p in parts)
            lines.append((("language", language), parts))
        values[("total",)] = sum(fine_counts.values())
        lines.append((("total",), [("language", language) for language in languages]))
        lines.append((("total",), [("topic", topic) for topic in topics]))
    hidden = suppress(values, lines, threshold)

    def shown(key) -> Shown:
        why = hidden.get(key)
        return Shown(None, f"<{threshold}" if why == SMALL else "x") if why else Shown(values[key], str(values[key]))

    table = Table(week, kind, languages, topics,
                  {(language, topic): shown(("cell", language, topic)) for language in languages for topic in topics},
                  {language: shown(("language", language)) for language in languages} if totals else {},
                  {topic: shown(("topic", topic)) for topic in topics}, shown(("total",)) if totals else None,
                  {key: shown(("fine", *key)) for key in fine_counts})
    if kind == "wait" and table.total and not table.total.hidden:
        table.median_wait = _median_bucket(topics, {t: values[("topic", t)] for t in topics})
    return table


def _median_bucket(buckets: list[str], counts: dict[str, int]) -> str:
    """The bucket that holds the middle wait (computed from the true counts,
    shown only when the total is large enough to be shown)."""
    half, seen = sum(counts.values()) / 2, 0
    for bucket in buckets:
        seen += counts[bucket]
        if seen >= half:
            return bucket
    return buckets[-1]


def publish() -> dict[tuple[str, str], Table]:
    """Suppress every week's counts and store the result for the SQL view
    (`insight_published`, read by `insights_public`); the console calls this
    whenever it shows or exports insights, so the view is as fresh as the
    last look. Returns the tables by (week, kind)."""
    threshold = settings.load().console.insights_min_count
    raw: dict[tuple[str, str], dict[tuple[str, str, str], int]] = {}
    with session() as db:
        for row in db.execute(select(InsightCount)).scalars():
            raw.setdefault((row.week, row.kind), {})[(row.language, row.channel, row.topic)] = row.count
    tables = {key: build_table(*key, fine, threshold) for key, fine in sorted(raw.items())}
    try:
        with session() as db:
            db.execute(delete(InsightPublished))
            db.add_all([InsightPublished(week=t.week, kind=t.kind, language=language, channel=channel, topic=topic,
                                         count=cell.value, shown=cell.text)
                        for t in tables.values() for (language, channel, topic), cell in t.fine.items()])
    except SQLAlchemyError as error:  # another console published at the same moment: theirs stands
        logger.info("Insights were published by another process (%s).", error.__class__.__name__)
    return tables


def weeks(tables: dict[tuple[str, str], Table]) -> list[str]:
    """Weeks with any count, newest first."""
    return sorted({week for week, _ in tables}, reverse=True)


CSV_HEADER = ("week", "language", "channel", "topic", "count")


def csv_rows(tables: dict[tuple[str, str], Table]) -> list[tuple[str, str, str, str, str]]:
    """The finest published cells; the topic column says the kind too
    ("question:gp", "handoff:claimed"), as the header is fixed."""
    return [(t.week, language, channel, f"{t.kind}:{topic}" if topic else t.kind, cell.text)
            for (_, _), t in sorted(tables.items())
            for (language, channel, topic), cell in sorted(t.fine.items())]
