"""The handbook's menu, ``data/navigation.yml``: which pages the tabs and the side menu show,
with what names, in what order. Editors change it like any data file; the build turns it into
MkDocs' ``nav`` (``pages/navigation.py``), and ``checks/menu.py`` checks that every page it
names exists and that every hand-written page has a place in it."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, RootModel, StringConstraints

from .models import Model, Text, _doc

# A page's file under docs/ (hand-written) or the path of a page made from data.
PAGE_PATTERN = r"^([a-z0-9][a-z0-9_-]*/)*[a-z0-9][a-z0-9_-]*\.md$"


class MenuItem(Model):
    """One entry of the menu: a page, a section of pages, or both (the section's front page)."""

    title: Annotated[Text, Field(max_length=60), _doc("Nimi valikossa, esim. Kiireellinen apu.")]
    page: Annotated[str | None, StringConstraints(pattern=PAGE_PATTERN), _doc(
        "Sivun tiedosto kansiossa docs ilman docs/-alkua, esim. asukkaille/oikeutesi.md, tai "
        "tiedoista tehdyn sivun polku, esim. palvelut/index.md.")] = None
    pages: Annotated[list[MenuItem], _doc(
        "Alasivut samassa muodossa. Kansion sivut, joita ei ole lueteltu, tulevat itsestään "
        "kansion etusivun alle aakkosjärjestyksessä.")] = []


Menu = RootModel[list[MenuItem]]
