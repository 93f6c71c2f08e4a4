"""Database engine, sessions and migrations (SQLAlchemy 1.4 in 2.0 style, Alembic)."""
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from redis.exceptions import RedisError
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, declarative_base

from bot import settings

Base = declarative_base()
MIGRATIONS = Path(__file__).parent / "migrations"


@lru_cache(maxsize=None)
def engine(url: str | None = None) -> Engine:
    url = url or settings.database_url()
    parsed = make_url(url)
    if parsed.drivername.startswith("sqlite") and parsed.database:
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    return create_engine(url, future=True, pool_pre_ping=True)


@contextmanager
def session() -> Iterator[Session]:
    """A unit of work: committed when the block ends, rolled back on error.
    Callbacks in `info["after_commit"]` run once it committed (the outbox
    wakes its sender only for rows that really exist)."""
    with Session(engine(), future=True, expire_on_commit=False) as current:
        with current.begin():
            yield current
        for callback in current.info.pop("after_commit", []):
            callback()


@contextmanager
def joined(db: Session | None = None) -> Iterator[Session]:
    """The caller's transaction when it passes one (`db`), else a unit of work
    of its own: a function that takes `db=None` can be one step of a larger
    transaction that commits, or fails, as a whole."""
    if db is not None:
        yield db
        return
    with session() as own:
        yield own


class Unavailable(Exception):
    """The conversation's state cannot be read or kept just now (the database,
    Redis or the conversation lock): try the message again later."""


def unavailable(error: BaseException) -> bool:
    """Whether `error` (or what caused it) means our storage is away. Such a
    message is never answered with an apology and never given up on: it stays
    in the inbox until the storage is back, so no state is silently lost."""
    while error is not None:
        if isinstance(error, (SQLAlchemyError, RedisError, Unavailable)):
            return True
        error = error.__cause__ or error.__context__
    return False


def migrate(url: str | None = None) -> None:
    """Bring the schema up to date (safe to run at every start)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", (url or settings.database_url()).replace("%", "%%"))
    command.upgrade(config, "head")
