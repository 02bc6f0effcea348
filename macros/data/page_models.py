"""The front matter of a hand-written page in ``docs/``: the keys an editor may set.

MkDocs and Material write some of them into every page's HTML (the title into ``<title>``,
the description into a ``<meta>`` attribute, ``alternate`` into a link, ``lang`` picks a
template), so each is typed and limited here; an unknown key or a wrong type stops
``check`` and the build with the page's file and line (``checks/guards.py``).
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

# An address within the site, relative to its root ("en/", "palvelut/toimeentulotuki/").
SITE_PATH = re.compile(r"^(?:[a-z0-9][a-z0-9._-]*/)*(?:[a-z0-9][a-z0-9._-]*)?$")


class PageSearch(BaseModel):
    model_config = ConfigDict(extra="forbid")
    exclude: bool = False  # read by the hooks (build/builder.py)


class PageMeta(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str | None = Field(None, min_length=1, max_length=150)
    description: str | None = Field(None, min_length=1, max_length=400)
    keywords: list[str] = []
    lang: Literal["fi", "en"] | None = None
    alternate: str | None = None  # the page's other-language version
    hide: list[Literal["navigation", "toc", "footer", "path", "feedback"]] = []
    render_macros: bool | None = None
    search: PageSearch | None = None

    @field_validator("title", "description")
    @classmethod
    def _plain(cls, value: str | None) -> str | None:
        if value is not None and re.search(r"[<>]", value):
            raise ValueError("sivun otsikossa ja kuvauksessa ei voi olla merkkejä < ja >; "
                             "kirjoita ne sanoin")
        return value

    @field_validator("alternate")
    @classmethod
    def _site_path(cls, value: str | None) -> str | None:
        if value is not None and not SITE_PATH.match(value):
            raise ValueError('kirjoita toisen kielen sivun osoite sivuston juuresta, '
                             'esimerkiksi "en/" tai "palvelut/toimeentulotuki/"')
        return value
