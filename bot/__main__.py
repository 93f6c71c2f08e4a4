"""`python -m bot migrate`: bring our tables up to date (make run does this)."""
import argparse

from bot.storage.db import migrate


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bot")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="create or upgrade Bridge's tables in DATABASE_URL")
    args = parser.parse_args()
    if args.command == "migrate":
        migrate()
        print("Database is up to date.")


if __name__ == "__main__":
    main()
