"""Models of the registry settings (``data/registries.yml``) and of the snapshots the syncs
write (``data/ptv.json``, ``data/finlex.json``; see ``macros/sync``).

A snapshot is written by a program, but from data outside the handbook's review: its texts
are untrusted. The models fix its shape (ids, language codes, municipality codes, dates);
pages escape every text and check every address and number before showing it
(``macros/pages/channels.py``).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from .models import Model, _doc
from .models import PtvId as Guid

Lang = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$")]
MunicipalityCode = Annotated[str, StringConstraints(pattern=r"^[0-9]{3}$")]
ClassCode = Annotated[str, StringConstraints(pattern=r"^P[0-9]+(\.[0-9]+)*$")]
Texts = dict[Lang, Annotated[str, Field(max_length=5000)]]  # PTV's text by language
Short = Annotated[str, Field(max_length=300)]


# --- data/registries.yml ---------------------------------------------------------------------
# The registries' API addresses are not here: they are the server's (mkdocs.yml,
# extra.handbook.ptv_api and finlex_api), never content an editor's push could change.


class PtvSettings(Model):
    organisation: Annotated[Guid | None, _doc(
        "Hyvinvointialueen organisaatiotunnus PTV:ssä (pienillä kirjaimilla). "
        "Ilman sitä python -m macros sync ptv ei voi hakea mitään.")] = None
    adult_social_work: Annotated[list[ClassCode], _doc(
        "PTV:n palveluluokat (koodisto ptvserclass2), joiden palvelut ovat aikuissosiaalityötä: "
        "check listaa ne näistä, joita käsikirjassa ei ole.")] = []


class Reviewed(Model):
    ptv: Annotated[date | None, _doc(
        "Päivä, johon asti havaitut PTV-muutokset on tarkistettu (check näyttää myöhemmät).")] = None
    finlex: Annotated[date | None, _doc(
        "Päivä, johon asti Finlexissä muuttuneet pykälät on tarkistettu (check näyttää "
        "myöhemmät).")] = None


class Registries(Model):
    """What the syncs read for, in ``data/registries.yml``, and what editors have reviewed."""

    ptv: PtvSettings = PtvSettings()
    reviewed: Annotated[Reviewed, _doc(
        "Kun olet tarkistanut check-raportin rekisterimuutokset, kirjoita tähän päivä: "
        "sitä ennen havaitut muutokset eivät enää näy.")] = Reviewed()
    max_age_days: Annotated[int, Field(ge=1, le=365), _doc(
        "Kuinka monta päivää tilannekuva voi olla muuttumatta, ennen kuin check muistuttaa "
        "tarkistamaan, että päivitys toimii.")] = 30


# --- data/ptv.json -----------------------------------------------------------------------


class Snapshot(BaseModel):
    """Base of the snapshots' models: the sync wrote them, so any other key is an error."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class PtvPhone(Snapshot):
    number: Annotated[str, Field(max_length=100)]
    prefix: Annotated[str, Field(max_length=20)] | None = None
    service_number: bool = False  # a Finnish service number: no prefix
    kind: Literal["Phone", "Sms", "Fax"] = "Phone"
    charge: Literal["Chargeable", "FreeOfCharge", "Other", "Charged", "Free"] | None = None
    charge_description: Texts = {}
    info: Texts = {}


class PtvEmail(Snapshot):
    address: Annotated[str, Field(max_length=200)]


class PtvWebPage(Snapshot):
    url: Annotated[str, Field(max_length=1000)]
    name: Texts = {}
    languages: list[Lang] = []  # the language versions of the channel that give this address


class PtvAddress(Snapshot):
    type: Literal["Location", "Postal", "Delivery"] | None = None
    street: Texts = {}
    street_number: Annotated[str, Field(max_length=50)] | None = None
    post_office_box: Texts = {}
    postal_code: Annotated[str, StringConstraints(pattern=r"^[0-9]{5}$")] | None = None
    post_office: Texts = {}
    municipality: MunicipalityCode | None = None
    info: Texts = {}


class PtvTime(Snapshot):
    day_from: str | None = None
    day_to: str | None = None
    opens: Annotated[str, StringConstraints(pattern=r"^[0-9]{1,2}:[0-9]{2}(:[0-9]{2})?$")] | None = None
    closes: Annotated[str, StringConstraints(pattern=r"^[0-9]{1,2}:[0-9]{2}(:[0-9]{2})?$")] | None = None


class PtvHours(Snapshot):
    type: Literal["DaysOfTheWeek", "Exceptional", "OverMidnight", "Standard", "Exception",
                  "Special"] | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    closed: bool = False
    always_open: bool = False
    reservation: bool = False
    info: Texts = {}
    times: list[PtvTime] = []


class PtvMunicipality(Snapshot):
    code: MunicipalityCode
    name: Texts = {}


class PtvArea(Snapshot):
    type: str | None = None  # Municipality, Region, BusinessSubRegion, HospitalDistrict
    code: str | None = None
    name: Texts = {}
    municipalities: list[PtvMunicipality] = []


class PtvChannel(Snapshot):
    type: Literal["Phone", "EChannel", "WebPage", "PrintableForm", "ServiceLocation"]
    name: Texts
    summary: Texts = {}
    phones: list[PtvPhone] = []
    emails: list[PtvEmail] = []
    web_pages: list[PtvWebPage] = []
    addresses: list[PtvAddress] = []
    hours: list[PtvHours] = []
    areas: list[PtvArea] = []
    nationwide: bool = False
    municipalities: list[MunicipalityCode] = []
    services: list[Guid] = []


class PtvService(Snapshot):
    name: Texts
    classes: list[Annotated[str, Field(max_length=20)]] = []
    channels: list[Guid] = []


class ChangedValue(Snapshot):
    field: str  # the snapshot's field: phones, hours, addresses, …
    old: Short = ""  # as the reminder shows it
    new: Short = ""


class ChannelChange(Snapshot):
    """A channel that a sync saw added, changed or removed; ``check`` lists it until an editor
    has reviewed the changes seen up to its date (``reviewed.ptv`` in data/registries.yml)."""

    id: Guid
    name: str = ""
    kind: Literal["added", "changed", "removed"]
    seen: date  # the sync that saw it
    values: list[ChangedValue] = []
    services: list[Guid] = []  # a removed channel's PTV services


class PtvSnapshot(Snapshot):
    """``data/ptv.json``: the county's services and channels in PTV, by PTV id. Written only
    when PTV's data changed: ``changed`` is the day a sync last saw it change."""

    source: str
    organisation: Guid
    changed: date
    services: dict[Guid, PtvService] = {}
    channels: dict[Guid, PtvChannel] = {}
    changes: list[ChannelChange] = []


# --- data/finlex.json --------------------------------------------------------------------


class FinlexSection(Snapshot):
    hash: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{16}$")]
    heading: str | None = None
    changed: date | None = None  # the sync that first saw this text


class Amendment(Snapshot):
    number: str | None = None  # the amending act, "790/2022"
    in_force: date | None = None


class FinlexLaw(Snapshot):
    number: str
    url: str
    missing: bool = False  # Finlex has no consolidated text of it
    title: str | None = None
    consolidated: date | None = None
    latest_amendment: Amendment | None = None
    previous_title: str | None = None
    title_changed: date | None = None
    sections: dict[str, FinlexSection] = {}
    missing_sections: list[str] = []


class FinlexSnapshot(Snapshot):
    """``data/finlex.json``: each law's title, latest amendment and cited sections; written
    only when one of them changed (``changed``: the day a sync last saw a change)."""

    source: str
    changed: date
    laws: dict[str, FinlexLaw] = {}
