from alembic import context
from sqlalchemy import create_engine

from bot.storage import models  # noqa: F401 - registers the tables
from bot.storage.db import Base

url = context.config.get_main_option("sqlalchemy.url")
with create_engine(url, future=True).connect() as connection:
    context.configure(connection=connection, target_metadata=Base.metadata,
                      version_table="bridge_schema_version", render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
