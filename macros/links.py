"""Where things are: Finlex addresses of laws and source paths of generated pages.

Each address format lives here once, so a change (Finlex's new URL scheme, a
new folder for service pages) is one edit.
"""

from __future__ import annotations

import posixpath

FINLEX_BASE = "https://www.finlex.fi/fi/laki/ajantasa"
SERVICES_DIR = "palvelut"


def finlex_url(number: str) -> str:
    """Finlex's consolidated text of a law: ``1301/2014`` → ``…/ajantasa/2014/20141301``."""
    serial, year = number.split("/")
    return f"{FINLEX_BASE}/{year}/{year}{int(serial):04d}"


def service_src(service_id: str) -> str:
    """The page of a service, as a path in docs/ (served at ``/palvelut/<id>/``)."""
    return f"{SERVICES_DIR}/{service_id}.md"


def services_index_src() -> str:
    return f"{SERVICES_DIR}/index.md"


def relative(target_src: str, from_src: str) -> str:
    """A Markdown link from one docs/ page to another; MkDocs checks it exists."""
    return posixpath.relpath(target_src, posixpath.dirname(from_src) or ".")
