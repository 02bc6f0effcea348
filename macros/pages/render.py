"""Rendering of the templates in ``overrides/pages`` and ``overrides/components``.

Templates get one parameter object and return Markdown (with HTML where Markdown
has no element for it). This module only knows how to find and fill them.
"""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from pathlib import Path

import jinja2

from ..core.cache import PAGES

TEMPLATES = Path(__file__).resolve().parents[2] / "overrides"


def fi_date(value: date) -> str:
    """A date as Finns write it: 1.9.2026."""
    return f"{value.day}.{value.month}.{value.year}"


def yaml_str(value: str) -> str:
    """A string quoted for YAML front matter (JSON strings are YAML), keeping ä and ö readable."""
    return json.dumps(value, ensure_ascii=False)


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(enabled_extensions=("html",)),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["fi_date"] = fi_date
    env.filters["yaml_str"] = yaml_str
    return PAGES.attach(env)  # compiled templates kept between builds


def render(template: str, params: object) -> str:
    """Fill ``overrides/<template>`` with its one parameter object, named ``params``."""
    return environment().get_template(template).render(params=params)
