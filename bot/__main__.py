"""Coordinator commands. Each brings the database up to date first, so they
work on a fresh one.

    python -m bot check
    python -m bot migrate
    python -m bot ambassadors add --name NAME --telegram-id ID --languages en,ar
                                  [--woman] [--lgbtqi-friendly] [--max-chats N] [--monthly-hours H]
    python -m bot ambassadors list | edit ID [...] | deactivate ID | hours [--month YYYY-MM]
    python -m bot coordinators add --name NAME --email EMAIL --role coordinator|analyst --password-stdin
    python -m bot coordinators list | deactivate ID
    python -m bot insights publish   (refresh the SQL view insights_public, e.g. from cron)
"""
import argparse
import re
import sys

from bot import settings
from bot.handoff import ambassadors
from bot.i18n import LANGUAGES
from bot.storage.db import migrate


def _languages(value: str) -> list[str]:
    codes = [code.strip() for code in value.split(",") if code.strip()]
    unknown = [code for code in codes if code not in LANGUAGES]
    if not codes or unknown:
        raise argparse.ArgumentTypeError(f"languages are codes from {', '.join(LANGUAGES)}; not {unknown or value}")
    return codes


def _month(value: str) -> str:
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value):
        raise argparse.ArgumentTypeError("a month is YYYY-MM")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="check every setting in the environment, as at start")
    commands.add_parser("migrate", help="create or upgrade Bridge's tables in DATABASE_URL")
    people = commands.add_parser("ambassadors", help="register and manage ambassadors").add_subparsers(
        dest="action", required=True)

    add = people.add_parser("add")
    add.add_argument("--name", required=True)
    add.add_argument("--telegram-id", required=True, help="their Telegram user id (they can ask @userinfobot)")
    add.add_argument("--languages", required=True, type=_languages)
    add.add_argument("--woman", action="store_true")
    add.add_argument("--lgbtqi-friendly", action="store_true")
    add.add_argument("--max-chats", type=int, default=2)
    add.add_argument("--monthly-hours", type=float, default=16.0)

    edit = people.add_parser("edit")
    edit.add_argument("id", type=int)
    edit.add_argument("--name")
    edit.add_argument("--telegram-id")
    edit.add_argument("--languages", type=_languages)
    edit.add_argument("--woman", action=argparse.BooleanOptionalAction, default=None)
    edit.add_argument("--lgbtqi-friendly", action=argparse.BooleanOptionalAction, default=None)
    edit.add_argument("--max-chats", type=int)
    edit.add_argument("--monthly-hours", type=float)

    people.add_parser("list")
    deactivate = people.add_parser("deactivate")
    deactivate.add_argument("id", type=int)
    hours = people.add_parser("hours", help="hours in live chats per ambassador in a month")
    hours.add_argument("--month", type=_month)
    _console_commands(commands)
    return parser


def _console_commands(commands) -> None:
    """Accounts of the coordinators' console (bot.console.accounts)."""
    from bot.console.permissions import ROLES

    staff = commands.add_parser("coordinators", help="accounts of the console").add_subparsers(
        dest="action", required=True)
    add = staff.add_parser("add")
    add.add_argument("--name", required=True)
    add.add_argument("--email", required=True)
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--password-stdin", action="store_true", required=True,
                     help="read the password from the first line of standard input (never from the command line)")
    staff.add_parser("list")
    staff.add_parser("deactivate").add_argument("id", type=int)
    counts = commands.add_parser("insights", help="the suppressed counts").add_subparsers(dest="action", required=True)
    counts.add_parser("publish", help="suppress the counts again and refresh the SQL view insights_public")


def _coordinators(args) -> int:
    from bot.console import accounts, audit

    if args.action == "add":
        password = sys.stdin.readline().rstrip("\r\n")
        try:
            created = accounts.add(args.name, args.email, args.role, password)
        except ValueError as error:
            print(f"Error: {error}.", file=sys.stderr)
            return 1
        audit.record(None, "coordinator.add", f"coordinator {created.id}", ["name", "email", "role"])
        print(f"{created.id:>3}  {created.name}  {created.email}  {created.role}")
    elif args.action == "list":
        for person in accounts.everyone():
            print(f"{person.id:>3}  {person.name}  {person.email}  {person.role}"
                  + ("" if person.active else "  [inactive]"))
    elif args.action == "deactivate":
        try:
            gone = accounts.deactivate(args.id)
        except LookupError as error:
            print(f"Error: {error}", file=sys.stderr)
            return 1
        audit.record(None, "coordinator.deactivate", f"coordinator {gone.id}", ["active"])
        print(f"{gone.id:>3}  {gone.name}  deactivated")
    return 0


def _show(ambassador: ambassadors.AmbassadorView) -> str:
    flags = [flag for flag, on in (("woman", ambassador.woman), ("lgbtqi-friendly", ambassador.lgbtqi_friendly),
                                   ("inactive", not ambassador.active)) if on]
    return (f"{ambassador.id:>3}  {ambassador.name}  telegram:{ambassador.telegram_id}  "
            f"{','.join(ambassador.languages)}  max {ambassador.max_chats} chats, {ambassador.monthly_hours:g} h/month"
            + (f"  [{', '.join(flags)}]" if flags else ""))


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "check":
        try:
            settings.load()
            settings.secret_key()
        except (settings.BadSetting, RuntimeError) as error:
            print(error, file=sys.stderr)
            return 1
        print("Settings are fine.")
        return 0
    migrate()
    if args.command == "migrate":
        print("Database is up to date.")
        return 0
    if args.command == "coordinators":
        return _coordinators(args)
    if args.command == "insights":
        from bot import insights

        print(f"Published {sum(len(t.fine) for t in insights.publish().values())} counts.")
        return 0
    try:
        if args.action == "add":
            print(_show(ambassadors.add(args.name, args.telegram_id, args.languages, args.woman, args.lgbtqi_friendly,
                                       args.max_chats, args.monthly_hours)))
        elif args.action == "edit":
            print(_show(ambassadors.edit(args.id, name=args.name, telegram_id=args.telegram_id,
                                         languages=args.languages, woman=args.woman,
                                         lgbtqi_friendly=args.lgbtqi_friendly, max_chats=args.max_chats,
                                         monthly_hours=args.monthly_hours)))
        elif args.action == "deactivate":
            from bot.handoff import roster  # imports the desk and its texts: only when needed

            handed_back = roster.deactivate(args.id)
            print(_show(ambassadors.get(args.id)))
            if handed_back:
                print(f"Open chats handed back to the queue: {', '.join(f'#{case}' for case in handed_back)}")
        elif args.action == "list":
            for ambassador in ambassadors.everyone():
                print(_show(ambassador))
        elif args.action == "hours":
            for ambassador, used in ambassadors.hours(args.month):
                print(f"{ambassador.id:>3}  {ambassador.name}  {used:.2f} h of {ambassador.monthly_hours:g} h")
    except LookupError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1
    except Exception as error:  # e.g. a Telegram id that is already registered
        print(f"Error: {error.__class__.__name__}: could not save ({error.__cause__ or error})"[:300], file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
