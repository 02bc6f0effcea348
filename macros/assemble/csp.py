"""The Content-Security-Policy every page carries in a ``<meta>`` element.

Static hosts (GitHub and GitLab Pages) send no headers of ours, so each page states the
policy itself, the same one nginx sends (``deploy/nginx/headers.conf``): read from that file, so
the two cannot drift apart. ``frame-ancestors`` (and ``report-uri``, ``sandbox``) have no effect in
a meta element and are left to nginx. ``overrides/main.html`` writes it first in ``<head>``,
before anything the policy governs.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..core.problems import HandbookError, Problem

NGINX = Path(__file__).resolve().parents[2] / "deploy" / "nginx" / "headers.conf"
HEADER = re.compile(r'add_header\s+Content-Security-Policy\s+"([^"]+)"')
HEADER_ONLY = ("frame-ancestors", "report-uri", "sandbox")


def meta_policy(config_file: Path = NGINX) -> str:
    """The nginx policy without the directives a meta element cannot carry."""
    try:
        found = HEADER.search(config_file.read_text(encoding="utf-8"))
    except OSError:
        found = None
    if found is None:
        raise HandbookError([Problem(str(config_file), 0, "Content-Security-Policy",
                                     "sivujen tietoturvakäytäntöä ei löydy (add_header "
                                     "Content-Security-Policy). Palauta tiedosto.")])
    directives = [d.strip() for d in found.group(1).split(";") if d.strip()]
    return "; ".join(d for d in directives if d.split()[0] not in HEADER_ONLY)
