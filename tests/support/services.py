"""The production-path services (PostgreSQL, Redis) for tests.

Where a service is absent a test may skip with the reason, but never in CI
(CI=true): there, a missing service is a failure, not a quiet pass.
"""
import os
import uuid

import pytest

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _unavailable(what: str, error: Exception) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is required in CI but not reachable: {error}")
    pytest.skip(f"{what} not reachable here ({error}); CI runs this test")


def postgres_url() -> str:
    """A fresh schema-less database URL on the local PostgreSQL."""
    import sqlalchemy as sa

    try:
        with sa.create_engine(POSTGRES_URL).connect() as connection:
            connection.execute(sa.text("select 1"))
    except Exception as error:  # noqa: BLE001 - any failure means "not here"
        _unavailable("PostgreSQL", error)
    return POSTGRES_URL


def redis_url() -> str:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except Exception as error:  # noqa: BLE001
        _unavailable("Redis", error)
    return REDIS_URL


def unique_sender() -> str:
    return f"test-{uuid.uuid4().hex[:12]}"
