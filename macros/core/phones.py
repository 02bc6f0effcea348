"""Phone numbers, in one place: how a page shows a number, its ``tel:`` link, whether two
numbers are the same line, and which numbers in a page's text become links.

Every page shows a number the way Finns read it: the area or operator code, then the rest in
groups (``040 000 0002``, ``020 692 207``, ``016 123 4567``). A number an editor grouped in
``data/`` stays as written (an official number keeps the grouping its owner publishes, e.g.
``080 005 005``); a number that comes ungrouped (PTV's ``+358`` and ``400000002``) is grouped
here. Only voice lines are links: a text-message number is shown, labelled by its page, with
no-break spaces (``sms_text``), which the text linker (``PHONE``) does not read as a number to
call. Used by ``pages/services.py`` (the handbook's own contacts), ``pages/channels.py`` (PTV's
channels), ``checks/registries.py`` and ``assemble/html_fixes.py`` (numbers in a page's text).
"""

from __future__ import annotations

import re

FINLAND = "+358"
ALLOWED = re.compile(r"^[0-9 +()-]{3,30}$")  # what a registry's number may hold at all
PREFIX = re.compile(r"^\+[0-9]{1,4}$")
# Codes after which the rest of a national number starts: service numbers (0800, 0700, 0600),
# two-digit area codes (02 Turku, 03 Tampere, 05, 06, 08, 09 Helsinki) unless the next digit
# makes a national or mobile code (020, 029, 030, 050), and three digits otherwise (04x and
# 050 mobile, 010, 020, 029, 030, 075 national, 013–019 areas, 016 Lapland).
FOUR_DIGIT_CODES = ("0800", "0700", "0600")
TWO_DIGIT_AREAS = frozenset("235689")
# The rest of the number after its code, by length: the groups Finns write.
GROUPS = {5: (5,), 6: (3, 3), 7: (3, 4), 8: (4, 4), 9: (3, 3, 3), 10: (3, 3, 4), 11: (3, 4, 4)}

# A phone number as Finnish text writes it: 112, 116 117, 040 726 6965, 0800 02400,
# +358 16 123 4567 (the formats data/contacts.yml accepts). Not part of a longer number, a law
# number (112/2019), a section (112 §), an amount (112 €) or a date.
PHONE = re.compile(r"(?<![\w+/.,:-])(?<!\d )(\+358(?: \d{1,4}){2,4}|0\d{1,3}(?: \d{2,4}){1,3}|112|116 \d{3})"
                   r"(?![\w/-]|[.,]\d| ?[§€%]| \d)")


def digits(number: str | None) -> str:
    """The digits of a number, with a leading plus sign kept."""
    text = (number or "").strip()
    kept = "".join(c for c in text if c.isdigit())
    return f"+{kept}" if text.startswith("+") else kept


def national(number: str | None, prefix: str | None = None) -> str:
    """A Finnish number as dialled in Finland ("0401234567"); a foreign one with its country
    code ("+46812345"). ``prefix`` is PTV's country code, when the number comes without one."""
    found = digits(number)
    if prefix and not found.startswith(("+", "0")):
        found = digits(prefix) + found
    if found.startswith(FINLAND):
        found = "0" + found[len(FINLAND):].lstrip("0")
    return found


def tel(number: str, prefix: str | None = None) -> str:
    """A number as a ``tel:`` link target: digits only, the plus sign kept; a number that
    comes with PTV's country code is linked in the international form."""
    found = digits(number)
    if prefix and not found.startswith(("+", "0")):
        found = digits(prefix) + found
    return f"tel:{found}"


def _code_length(number: str) -> int:
    if number.startswith(FOUR_DIGIT_CODES):
        return 4
    if len(number) > 2 and number[1] in TWO_DIGIT_AREAS and number[2] not in "09":
        return 2
    return 3


def finnish(number: str | None, prefix: str | None = None) -> str:
    """A number as a page shows it: an editor's grouping kept, an ungrouped or international
    Finnish number grouped as Finns read it ("+358 400000002" → "040 000 0002")."""
    text = " ".join((number or "").split())
    if not text:
        return ""
    if " " in text and text.startswith("0") and not prefix:
        return text  # grouped by the editor, as its owner publishes it
    found = national(text, prefix)
    if not found.startswith("0") or len(found) < 6:  # short numbers (112, 116117), foreign
        return "116 " + found[3:] if found.startswith("116") and len(found) == 6 else found
    code = _code_length(found)
    rest = found[code:]
    groups = GROUPS.get(len(rest))
    if groups is None:
        return f"{found[:code]} {rest}"
    parts, at = [found[:code]], code
    for size in groups:
        parts.append(found[at:at + size])
        at += size
    return " ".join(parts)


def registry_number(number: str | None, prefix: str | None = None,
                    service_number: bool = False) -> tuple[str, str] | None:
    """(what a reader sees, the ``tel:`` link) of a number from a registry (PTV), or None
    when it is not a number: only digits, spaces and ``+-()``, a prefix like ``+358``. A
    Finnish service number is dialled without the country code."""
    number, prefix = (number or "").strip(), (prefix or "").strip()
    if not ALLOWED.match(number) or (prefix and not PREFIX.match(prefix)):
        return None
    if len(digits(number).lstrip("+")) < 3:
        return None
    prefix = None if service_number else prefix or None
    return finnish(number, prefix), tel(number, prefix)


def sms_text(shown: str) -> str:
    """A text-message number as shown: no-break spaces between its groups, so it stays on one
    line and the text linker (``PHONE``) leaves it unlinked (one does not call it)."""
    return shown.replace(" ", "\u00a0")


def same_number(a: str | None, b: str | None) -> bool:
    """Whether two Finnish numbers are the same line: +358 40… equals 040…"""
    return bool(national(a)) and national(a) == national(b)


def link_numbers(text: str, following: str) -> str:
    """The phone numbers in a piece of a page's text as ``tel:`` links (``following`` is the
    HTML right after it): not a number whose link follows it at once ("Hätänumero 112: 112",
    a contact's name and its number)."""
    def one(match: re.Match) -> str:
        number, target = match.group(1), tel(match.group(1))
        rest = text[match.end():] + following
        if re.match(rf'(?:</\w+>)*:?\s*<a href="{target}"', rest):
            return number
        return f'<a href="{target}">{number}</a>'
    return PHONE.sub(one, text)
