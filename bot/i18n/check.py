"""Checks a translation catalog the way a careful reviewer would.

A translation may reword anything, but never the facts a person acts on: the
phone numbers, hours, amounts, web addresses and commands must be the very same
as in the English source, and every `{placeholder}` must survive. Used by the
test suite and by translators (`python -m bot.i18n.check translations/ar/...po`).
"""
import re
import sys
from pathlib import Path

from babel.messages.pofile import read_po

_NUMBER = re.compile(r"\d+")
_ADDRESS = re.compile(r"[a-z0-9.-]+\.nl\b|/[a-z]+\b")
_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def problems(po_path: Path, template_path: Path) -> list[str]:
    """Every way the catalog at `po_path` falls short of the template."""
    with open(template_path, "rb") as f:
        template = read_po(f)
    with open(po_path, "rb") as f:
        catalog = read_po(f)
    found = []
    for source in template:
        if not source.id:
            continue
        entry = catalog.get(source.id)
        label = source.id[:50].replace("\n", " ")
        if entry is None or not entry.string:
            found.append(f"missing: {label!r}")
            continue
        if entry.fuzzy:
            found.append(f"fuzzy: {label!r}")
        for pattern, what in ((_NUMBER, "numbers"), (_ADDRESS, "addresses/commands"), (_PLACEHOLDER, "placeholders")):
            want, got = sorted(pattern.findall(source.id)), sorted(pattern.findall(entry.string))
            if want != got:
                found.append(f"{what} differ in {label!r}: source {want}, translation {got}")
    return found


if __name__ == "__main__":
    template = Path(__file__).resolve().parents[2] / "translations" / "messages.pot"
    failures = 0
    for name in sys.argv[1:]:
        for problem in problems(Path(name), template):
            failures += 1
            print(f"{name}: {problem}")
    print(f"{failures} problem(s)")
    sys.exit(1 if failures else 0)
