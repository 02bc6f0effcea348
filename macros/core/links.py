"""Where things are: Finlex addresses of laws and source paths of generated pages.

Each address format lives here once, so a change (Finlex's new URL scheme, a
new folder for service pages) is one edit.
"""

from __future__ import annotations

import posixpath
from functools import lru_cache

FINLEX_BASE = "https://www.finlex.fi/fi/laki/ajantasa"
SERVICES_DIR = "palvelut"
STAFF = "ammattilaisille"
PROCESSES = f"{STAFF}/prosessit"
ROLES = f"{STAFF}/roolit"
ONBOARDING = f"{STAFF}/perehdytys"
LAWS_INDEX = f"{STAFF}/lait.md"
RULES_INDEX = f"{STAFF}/saannot.md"
GLOSSARY = f"{STAFF}/sanasto.md"
CHECKLIST = f"{STAFF}/muistilista.md"
FORMS_INDEX = f"{STAFF}/lomakkeet/index.md"
SITUATIONS = "mista-apua"
MUNICIPALITIES = "asukkaille/kunnat/index.md"
MUNICIPALITY_DIR = "asukkaille/kunnat"
ACCESSIBILITY = "saavutettavuus.md"
EN = "en"
EN_SERVICES = f"{EN}/services"
EN_SITUATIONS = f"{EN}/help"
EN_ACCESSIBILITY = f"{EN}/accessibility.md"
# Generated staff views that onboarding paths and forms may point to like any docs page.
STAFF_VIEWS = {CHECKLIST, GLOSSARY, LAWS_INDEX, RULES_INDEX, FORMS_INDEX, f"{PROCESSES}/index.md",
               f"{ROLES}/index.md"}


def finlex_url(number: str) -> str:
    """Finlex's consolidated text of a law: ``1301/2014`` → ``…/ajantasa/2014/20141301``."""
    serial, year = number.split("/")
    return f"{FINLEX_BASE}/{year}/{year}{int(serial):04d}"


def service_src(service_id: str) -> str:
    """The page of a service, as a path in docs/ (served at ``/palvelut/<id>/``)."""
    return f"{SERVICES_DIR}/{service_id}.md"


def services_index_src() -> str:
    return f"{SERVICES_DIR}/index.md"


def en_service_src(service_id: str) -> str:
    """The English page of a service (its translation, or the Finnish text with a note)."""
    return f"{EN_SERVICES}/{service_id}.md"


def url_of(src: str) -> str:
    """A docs path as its address relative to the site root: palvelut/x.md → palvelut/x/."""
    path = src.removesuffix(".md")
    if path == "index" or path.endswith("/index"):
        return path.removesuffix("index")
    return f"{path}/"


def municipality_src(municipality_id: str) -> str:
    """A municipality's page (served at ``/asukkaille/kunnat/<id>/``)."""
    return f"{MUNICIPALITY_DIR}/{municipality_id}.md"


def process_src(process_id: str) -> str:
    return f"{PROCESSES}/{process_id}.md"


def role_src(role_id: str) -> str:
    return f"{ROLES}/{role_id}.md"


def step_anchor(step_id: str) -> str:
    """The anchor of a step on its process page (an explicit {#id} on its heading)."""
    return f"vaihe-{step_id}"


@lru_cache(maxsize=65536)  # called for every link of every generated page; relpath is slow
def relative(target_src: str, from_src: str) -> str:
    """A Markdown link from one docs/ page to another; MkDocs checks it exists."""
    return posixpath.relpath(target_src, posixpath.dirname(from_src) or ".")
