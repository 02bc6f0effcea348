"""Rendering of the templates in ``overrides/pages`` and ``overrides/components``.

Templates get one parameter object and return Markdown (with HTML where Markdown
has no element for it). This module only knows how to find and fill them.

Markdown templates are not escaped (their values are Markdown), so every value a template
writes passes ``safe_text``: text is cleaned to the allowlist of ``core/safe_html.py``
(validation has refused anything else already; this is the second line), and only HTML the
code made itself (diagrams, QR codes: ``Markup``) is written as it is.
"""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from ..core import safe_html
from ..core.cache import PAGES

TEMPLATES = Path(__file__).resolve().parents[2] / "overrides"


def fi_date(value: date) -> str:
    """A date as Finns write it: 1.9.2026."""
    return f"{value.day}.{value.month}.{value.year}"


def yaml_str(value: str) -> str:
    """A string quoted for YAML front matter (JSON strings are YAML), keeping ä and ö readable."""
    return json.dumps(value, ensure_ascii=False)


def safe_text(value: object) -> object:
    """What a template writes: text cleaned to the allowlist, the code's own HTML as it is."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return safe_html.clean(value)
    return value


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(enabled_extensions=("html",)),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=safe_text,
    )
    env.filters["fi_date"] = fi_date
    env.filters["yaml_str"] = yaml_str
    return PAGES.attach(env)  # compiled templates kept between builds


def render(template: str, params: object) -> str:
    """Fill ``overrides/<template>`` with its one parameter object, named ``params``."""
    return environment().get_template(template).render(params=params)
