"""Typed models of every kind of data file in ``data/``.

The models say what each field may hold; ``validate.py`` turns their errors into
Finnish messages with file and line, and checks references between files.
Keys are English snake_case; values that editors pick from a list are Finnish.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
LawNumber = Annotated[str, StringConstraints(pattern=r"^[1-9][0-9]{0,3}/(19|20)[0-9]{2}$")]
Section = Annotated[str, StringConstraints(pattern=r"^[0-9]+( ?[a-z])?( ?[–-] ?[0-9]+( ?[a-z])?)? §$")]
Url = Annotated[str, StringConstraints(pattern=r"^https://[^\s]+$")]

ChargeType = Literal["maksuton", "maksullinen", "muu"]
ChannelType = Literal["puhelin", "verkkosivu", "verkkoasiointi", "lomake", "palvelupaikka"]
Language = Literal["fi", "sv", "en", "se", "smn", "sms", "ru", "ar", "so", "uk", "selkokieli"]

LANGUAGE_NAMES: dict[str, str] = {
    "fi": "suomi", "sv": "ruotsi", "en": "englanti", "se": "pohjoissaame", "smn": "inarinsaame",
    "sms": "koltansaame", "ru": "venäjä", "ar": "arabia", "so": "somali", "uk": "ukraina",
    "selkokieli": "selkosuomi",
}
CHANNEL_NAMES: dict[str, str] = {
    "puhelin": "Puhelin", "verkkosivu": "Verkkosivu", "verkkoasiointi": "Verkkoasiointi",
    "lomake": "Tulostettava lomake", "palvelupaikka": "Palvelupaikka",
}


class Model(BaseModel):
    """Base of every data model: unknown keys are errors, text is trimmed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Law(Model):
    """One law in ``data/laws.yml``."""

    id: Id
    name: Annotated[Text, Field(max_length=150)]  # "Sosiaalihuoltolaki"
    number: LawNumber  # "1301/2014"
    short_name: Annotated[Text, Field(max_length=40)] | None = None  # "SHL"


class LawRef(Model):
    """A reference from a service (or a process step) to a law, optionally to one section."""

    law: Id
    section: Section | None = None  # "36 §", "14 a §", "29–30 §"


class Organisation(Model):
    """An organisation responsible for services, in ``data/organisations.yml``."""

    id: Id
    name: Annotated[Text, Field(max_length=100)]
    url: Url | None = None
    contact_hint: Text  # where a reader finds up-to-date phone numbers and addresses


class ServiceGroup(Model):
    """A group of the services index, in ``data/service_groups.yml``."""

    id: Id
    name: Annotated[Text, Field(max_length=60)]
    description: Annotated[Text, Field(max_length=200)]


class Channel(Model):
    """One way to use a service (Suomi.fi service channel types)."""

    type: ChannelType
    name: Annotated[Text, Field(max_length=100)] | None = None
    description: Text | None = None
    url: Url | None = None
    phone: Annotated[str, StringConstraints(pattern=r"^(\+358|0)[0-9 ]{4,14}$|^112$")] | None = None
    hours: Text | None = None
    address: Text | None = None


class Unverified(Model):
    """A fact not yet confirmed from a primary source: which field, and what to confirm."""

    field: Text
    note: Text


def _doc(text: str):
    """A field's description in Finnish, shown to editors by VS Code through the JSON Schema."""
    return Field(description=text)


class Service(Model):
    """One service, ``data/services/<id>.yml``; fields follow the Suomi.fi service catalogue."""

    name: Annotated[Text, Field(max_length=100), _doc("Palvelun nimi, enintään 100 merkkiä.")]
    short_description: Annotated[Text, Field(max_length=150), _doc(
        "Tiivistelmä yhdellä virkkeellä, enintään 150 merkkiä. Näkyy luetteloissa ja korteissa.")]
    description: Annotated[Text, _doc("Mistä on kyse: palvelun kuvaus asukkaalle (Markdown).")]
    instructions: Annotated[Text | None, _doc("Näin haet: vaiheet järjestyksessä (Markdown).")] = None
    requirements: Annotated[Text | None, _doc("Kenelle palvelu on ja mitä se edellyttää (Markdown).")] = None
    processing_time: Annotated[Text | None, _doc("Käsittelyaika, esim. 7 arkipäivää.")] = None
    charge_type: Annotated[ChargeType, _doc("Hinta: maksuton, maksullinen tai muu.")]
    charge_description: Annotated[Text | None, _doc("Lisätietoa hinnasta tai muutoksenhausta.")] = None
    target_groups: Annotated[list[Text], Field(min_length=1), _doc("Kenelle palvelu on tarkoitettu.")]
    languages: Annotated[list[Language], Field(min_length=1), _doc("Kielet, joilla palvelua saa.")]
    area: Annotated[Text, _doc("Alue, jolla palvelua saa.")]
    group: Annotated[Id, _doc("Palveluluettelon ryhmä (data/service_groups.yml).")]
    legislation: Annotated[list[LawRef], _doc("Lait (data/laws.yml), pykälä vapaaehtoinen.")] = []
    channels: Annotated[list[Channel], _doc(
        "Asiointikanavat. Jätä tuntematon puhelinnumero tai osoite pois: sivu kertoo, mistä sen löytää.")] = []
    organisation: Annotated[Id, _doc("Vastuuorganisaatio (data/organisations.yml).")]
    related_services: Annotated[list[Id], _doc("Liittyvät palvelut (tiedostonimi ilman .yml).")] = []
    owner: Annotated[Text, _doc("Sisällöstä vastaava tiimi tai rooli (ei henkilön nimeä).")]
    last_reviewed: Annotated[date, _doc("Milloin sisältö on viimeksi tarkistettu (VVVV-KK-PP).")]
    next_review: Annotated[date, _doc("Mihin mennessä sisältö tarkistetaan seuraavaksi (VVVV-KK-PP).")]
    unverified: Annotated[list[Unverified], _doc("Tiedot, joita ei ole vielä tarkistettu lähteestä.")] = []
