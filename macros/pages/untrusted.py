"""Values from outside the handbook's review (the registries' snapshots) made safe for a page.

Text is escaped for Markdown and HTML alike (``md_text``: no tag, link, emphasis, attribute
list, admonition or Jinja brace can form from it); a web address is kept only if it is an
``https`` or ``http`` URL with a host, percent-encoded so it cannot end a Markdown link or an
attribute (``safe_url``); a phone number only if it is made of digits, spaces and ``+-()``
(``core.phones.registry_number``, with every other number). Anything else is None, and the
page leaves it out.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

MD_SPECIAL = "\\`*_{}[]()<>#+|!~&\"'=^$:"
_ESCAPES = {ord(c): f"&#{ord(c)};" for c in MD_SPECIAL}
EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
LEADING = set("-.?0123456789")  # what would start a list or a block at a paragraph's start


def md_text(value: str | None) -> str:
    """Untrusted text for a Markdown page: one line, every character that Markdown, HTML, the
    attribute-list extension or Jinja could read as syntax written as a character reference."""
    text = " ".join((value or "").split())
    if not text:
        return ""
    escaped = text.translate(_ESCAPES)
    if text[0] in LEADING:
        escaped = f"&#{ord(text[0])};" + escaped[1:]
    return escaped


def safe_url(value: str | None) -> str | None:
    """A web address fit for a link, or None: http(s) only, a host, no credentials, and every
    character outside the URL's own syntax percent-encoded (so it cannot end a Markdown link
    or an attribute)."""
    if not value or any(c.isspace() or ord(c) < 32 for c in value.strip()):
        return None
    try:
        parts = urlsplit(value.strip())
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() not in ("https", "http") or not host or "@" in parts.netloc:
        return None
    return quote(value.strip(), safe=":/?#&=%+,;~.-_!*$@")
