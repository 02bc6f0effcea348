"""Typed models of every kind of data file in ``data/``.

The models say what each field may hold; ``validate.py`` turns their errors into
Finnish messages with file and line, and checks references between files.
Keys are English snake_case; values that editors pick from a list are Finnish.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
LawNumber = Annotated[str, StringConstraints(pattern=r"^[1-9][0-9]{0,3}/(19|20)[0-9]{2}$")]
Section = Annotated[str, StringConstraints(pattern=r"^[0-9]+( ?[a-z])?( ?[–-] ?[0-9]+( ?[a-z])?)? §$")]
Url = Annotated[str, StringConstraints(pattern=r"^https://[^\s]+$")]
GUID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
PtvId = Annotated[str, StringConstraints(pattern=GUID_PATTERN)]  # PTV's ids, lowercase

ChargeType = Literal["maksuton", "maksullinen", "muu"]
ChannelType = Literal["puhelin", "verkkosivu", "verkkoasiointi", "lomake", "palvelupaikka"]
Language = Literal["fi", "sv", "en", "se", "smn", "sms", "ru", "ar", "so", "uk", "selkokieli"]

SAMI_LANGUAGES: dict[str, str] = {"se": "Davvisámegiella", "smn": "Anarâškielâ",
                                   "sms": "Nuõrttsääʹmǩiõll"}  # each in its own language
LANGUAGE_NAMES: dict[str, str] = {
    "fi": "suomi", "sv": "ruotsi", "en": "englanti", "se": "pohjoissaame", "smn": "inarinsaame",
    "sms": "koltansaame", "ru": "venäjä", "ar": "arabia", "so": "somali", "uk": "ukraina",
    "selkokieli": "selkosuomi",
}
CHANNEL_NAMES: dict[str, str] = {
    "puhelin": "Puhelin", "verkkosivu": "Verkkosivu", "verkkoasiointi": "Verkkoasiointi",
    "lomake": "Tulostettava lomake", "palvelupaikka": "Palvelupaikka",
}


def _doc(text: str):
    """A field's description in Finnish, shown to editors by VS Code through the JSON Schema."""
    return Field(description=text)


class Model(BaseModel):
    """Base of every data model: unknown keys are errors, text is trimmed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Law(Model):
    """One law in ``data/laws.yml``."""

    id: Id
    name: Annotated[Text, Field(max_length=150)]  # "Sosiaalihuoltolaki"
    number: LawNumber  # "1301/2014"
    short_name: Annotated[Text, Field(max_length=40)] | None = None  # "SHL"

    def cite(self, section: str | None = None) -> str:
        """THL's style of citing the law: "Sosiaalihuoltolaki 36 §", or the number without a
        section."""
        return f"{self.name} {section}" if section else f"{self.name} ({self.number})"


class LawRef(Model):
    """A reference from a service (or a process step) to a law, optionally to one section."""

    # Checked against data/laws.yml (data/references.py), which also gives the id of a law
    # written by its number; the schema keeps the id pattern for editors' completion.
    law: Annotated[str, Field(json_schema_extra={"pattern": ID_PATTERN}), _doc(
        "Lain tunnus tiedostosta data/laws.yml, esim. sosiaalihuoltolaki.")]
    section: Annotated[Section | None, _doc(
        'Pykälä, esim. "36 §", "14 a §" tai "29–30 §".')] = None


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


Phone = Annotated[str, StringConstraints(pattern=r"^(\+358|0)[0-9 ]{4,14}$|^112$")]
Email = Annotated[str, StringConstraints(pattern=r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$")]


class ContactEnglish(Model):
    """A contact's labels in English, for the English pages (the number and address stay)."""

    name: Annotated[Text, Field(max_length=100), _doc("Nimi englanniksi, esim. Emergency number 112.")]
    description: Annotated[Text | None, _doc("Kuvaus englanniksi.")] = None
    hours: Annotated[Text | None, _doc("Aukioloajat englanniksi, esim. Mon–Fri 9–15.")] = None


class Contact(Model):
    """A public contact residents can use (a phone line, an e-service, a helpline), in
    ``data/contacts.yml``. Service channels and life situations refer to it by id, so each
    number is written once, with where it was checked and when."""

    id: Id
    kind: Annotated[ChannelType, _doc(
        "Asiointikanavan tyyppi: puhelin, verkkoasiointi, verkkosivu, lomake tai palvelupaikka.")]
    name: Annotated[Text, Field(max_length=100), _doc("Nimi asukkaalle, esim. Sosiaalipäivystys.")]
    description: Annotated[Text | None, _doc(
        "Yksi tai kaksi virkettä asukkaalle: milloin tähän otetaan yhteyttä.")] = None
    phone: Annotated[Phone | None, _doc(
        "Julkinen palvelunumero. Ei koskaan nimetyn henkilön suoraa numeroa. "
        "Jätä pois, jos numeroa ei löydy julkisesta lähteestä.")] = None
    email: Annotated[Email | None, _doc("Palvelun yleinen sähköpostiosoite.")] = None
    hours: Annotated[Text | None, _doc("Aukiolo- tai puhelinajat, esim. ma–pe klo 9–15.")] = None
    address: Annotated[Text | None, _doc("Käyntiosoite.")] = None
    url: Annotated[Url | None, _doc("Verkkosivu tai verkkoasiointi.")] = None
    area: Annotated[Text | None, _doc(
        "Alue sanallisesti, esim. koko Lappi tai Kemi, Keminmaa ja Simo.")] = None
    municipalities: Annotated[list[Id], _doc(
        "Kunnat, joiden asukkaita tämä palvelee (data/municipalities.yml). "
        "Tyhjä luettelo tarkoittaa koko Lappia.")] = []
    organisation: Annotated[Id, _doc("Kuka palvelua pitää yllä (data/organisations.yml).")]
    ptv: Annotated[PtvId | None, _doc(
        "Sama kanava PTV:ssä (kanavan tunnus). Sivut näyttävät silloin PTV:n tiedot, ja "
        "python -m macros check kertoo, jos tämän tiedoston tiedot poikkeavat niistä.")] = None
    named_person: Annotated[bool, _doc(
        "Numero on lähteessä nimetyn henkilön kohdalla. Sitä ei näytetä sivuilla, ellei PTV "
        "julkaise samaa numeroa kanavan numerona.")] = False
    source: Annotated[Url, _doc("Julkinen sivu, josta tiedot on tarkistettu.")]
    checked: Annotated[date, _doc("Milloin tiedot on tarkistettu lähteestä (VVVV-KK-PP).")]
    unverified: Annotated[Text | None, _doc(
        "Mikä tiedoissa on vielä varmistamatta (näkyy tarkistusraportissa, ei sivulla).")] = None
    en: Annotated[ContactEnglish | None, _doc(
        "Nimi, kuvaus ja aukioloajat englanninkielisille sivuille.")] = None


class Channel(Model):
    """One way to use a service (Suomi.fi service channel types). A channel may refer to a
    contact of data/contacts.yml; its own fields then override the contact's."""

    type: Annotated[ChannelType | None, _doc(
        "Kanavan tyyppi: puhelin, verkkosivu, verkkoasiointi, lomake tai palvelupaikka.")] = None
    contact: Annotated[Id | None, _doc(
        "Yhteystiedon tunnus tiedostosta data/contacts.yml; sen tiedot näytetään.")] = None
    name: Annotated[Annotated[Text, Field(max_length=100)] | None, _doc(
        "Kanavan nimi asukkaalle, esim. Sosiaalipäivystys.")] = None
    description: Annotated[Text | None, _doc("Milloin tätä kanavaa käytetään.")] = None
    url: Annotated[Url | None, _doc("Verkkosivu tai verkkoasiointi (https://…).")] = None
    phone: Annotated[Phone | None, _doc(
        "Julkinen palvelunumero, ei koskaan nimetyn henkilön numeroa.")] = None
    hours: Annotated[Text | None, _doc("Aukiolo- tai puhelinajat, esim. ma–pe klo 9–15.")] = None
    address: Annotated[Text | None, _doc("Käyntiosoite.")] = None
    local: Annotated[bool, _doc(
        "Palvelupaikka on jokaisessa kunnassa: sivu ohjaa kuntasivuille, joilla osoitteet ovat "
        "(data/municipalities.yml).")] = False
    organisation: Annotated[Id | None, _doc(
        "Kuka kanavaa pitää yllä, jos eri kuin palvelun vastuuorganisaatio "
        "(data/organisations.yml). Sen ohje yhteystiedoista näkyy kanavan kohdalla.")] = None


class Unverified(Model):
    """A fact not yet confirmed from a primary source: which field, and what to confirm."""

    field: Annotated[Text, _doc("Kenttä, jonka tieto on tarkistamatta, esim. description.")]
    note: Annotated[Text, _doc("Mitä pitää tarkistaa ja mistä.")]


class Rule(Model):
    """One legal rule that many pages state (a deadline, an appeal time, who decides), in
    ``data/rules.yml``. Pages cite it with ``{{ rule("id") }}``, so the number lives here once."""

    id: Id
    name: Annotated[Text, Field(max_length=100), _doc(
        "Säännön nimi henkilöstön sivulla, esim. Toimeentulotukipäätöksen käsittelyaika.")]
    text: Annotated[Text, _doc(
        "Sääntö yhtenä tai kahtena virkkeenä asukkaalle (sinä-muoto). "
        '{{ rule("id") }} tulostaa tämän.')]
    value: Annotated[Text | None, Field(max_length=80), _doc(
        'Lyhyt arvo virkkeen sisään, esim. "30 päivän kuluessa". {{ rule("id", "value") }}.')] = None
    easy: Annotated[Text | None, _doc(
        'Sama selkokielellä (ei lyhenteitä, ei pykäliä). {{ rule("id", "easy") }}.')] = None
    en: Annotated[Text | None, _doc('Sama englanniksi. {{ rule("id", "en") }}.')] = None
    staff: Annotated[Text | None, _doc(
        "Tarkempi selitys ammattilaisille: keitä koskee, poikkeukset (Markdown).")] = None
    law: Annotated[LawRef, _doc("Pykälä, jossa säännöstä säädetään (data/laws.yml).")]
    source: Annotated[Url, _doc("Mistä sääntö on tarkistettu (Finlex, Kela, THL).")]
    verified: Annotated[date | None, _doc(
        "Milloin sääntö on viimeksi tarkistettu lähteestä (VVVV-KK-PP). "
        "python -m macros check muistuttaa, kun tarkistus on yli vuoden vanha.")] = None
    guard: Annotated[list[str], _doc(
        "Säännölliset lausekkeet käsin kirjoitetuille kopioille tästä säännöstä "
        '(esim. "7 arkipäiv"). Tarkistus ehdottaa niiden tilalle {{ rule("id") }}.')] = []


class CountyPage(Model):
    """The county's own page of a service on lapha.fi (contacts by municipality)."""

    url: Annotated[Url, _doc("Palvelun sivu lapha.fi:ssä, jossa yhteystiedot ovat kunnittain.")]
    checked: Annotated[date, _doc("Milloin osoite on tarkistettu (VVVV-KK-PP).")]


class ServiceEnglish(Model):
    """The English version of a service's resident-facing text: each field translates the
    Finnish field of the same name, and cites the same rules (``{{ rule("id", "en") }}``)."""

    name: Annotated[Text, Field(max_length=100), _doc("Palvelun nimi englanniksi.")]
    short_description: Annotated[Text, Field(max_length=150), _doc(
        "Tiivistelmä englanniksi, enintään 150 merkkiä.")]
    description: Annotated[Text, _doc("Kuvaus englanniksi (Markdown).")]
    instructions: Annotated[Text | None, _doc("Näin haet englanniksi (Markdown).")] = None
    requirements: Annotated[Text | None, _doc("Kenelle palvelu on, englanniksi.")] = None
    processing_time: Annotated[Text | None, _doc("Käsittelyaika englanniksi.")] = None
    bring: Annotated[list[Text], _doc(
        "Mitä tarvitset mukaan, englanniksi: sama luettelo samassa järjestyksessä.")] = []
    charge_description: Annotated[Text | None, _doc("Lisätietoa hinnasta englanniksi.")] = None
    appeal: Annotated[Text | None, _doc(
        'Muutoksenhaku englanniksi (Markdown), säännöillä: {{ rule("oikaisuvaatimus-aika", "en") }}.'
    )] = None


class ServiceSami(Model):
    """A service's text in one Sámi language, written and reviewed by a native speaker.
    Never machine-translated: the text is shown only with who reviewed it and when."""

    name: Annotated[Text, Field(max_length=100), _doc("Palvelun nimi saameksi.")]
    short_description: Annotated[Text, Field(max_length=150), _doc(
        "Tiivistelmä saameksi, enintään 150 merkkiä.")]
    description: Annotated[Text | None, _doc("Kuvaus saameksi (Markdown).")] = None
    reviewed_by: Annotated[Text, Field(max_length=100), _doc(
        "Kuka tekstin tarkisti: rooli tai organisaatio, ei henkilön nimeä "
        "(esim. Saamelaiskäräjien kielitoimisto).")]
    reviewed_on: Annotated[date, _doc("Milloin teksti tarkistettiin (VVVV-KK-PP).")]


class Brochure(Model):
    """Brochure-only facts: the service's place in the printed series and its tagline."""

    number: Annotated[int, Field(ge=1, le=99), _doc("Esitteen numero sarjassa.")]
    tagline: Annotated[Text, Field(max_length=120), _doc("Esitteen iskulause kannessa.")]


class Service(Model):
    """One service, ``data/services/<id>.yml``; fields follow the Suomi.fi service catalogue."""

    name: Annotated[Text, Field(max_length=100), _doc("Palvelun nimi, enintään 100 merkkiä.")]
    short_description: Annotated[Text, Field(max_length=150), _doc(
        "Tiivistelmä yhdellä virkkeellä, enintään 150 merkkiä. Näkyy luetteloissa ja korteissa.")]
    description: Annotated[Text, _doc("Mistä on kyse: palvelun kuvaus asukkaalle (Markdown).")]
    instructions: Annotated[Text | None, _doc("Näin haet: vaiheet järjestyksessä (Markdown).")] = None
    requirements: Annotated[Text | None, _doc("Kenelle palvelu on ja mitä se edellyttää (Markdown).")] = None
    bring: Annotated[list[Text], _doc(
        "Mitä tarvitset mukaan: asiakirjat ja liitteet hakemiseen, yksi kohta riville. "
        "Vain se, minkä lähde (bring_sources) kertoo.")] = []
    bring_sources: Annotated[list[Url], _doc(
        "Julkiset sivut, joista Mitä tarvitset mukaan -luettelo on tarkistettu.")] = []
    processing_time: Annotated[Text | None, _doc(
        "Käsittelyaika. Lain määräaika kirjoitetaan säännöllä (data/rules.yml), ei numerona.")] = None
    charge_type: Annotated[ChargeType, _doc("Hinta: maksuton, maksullinen tai muu.")]
    charge_description: Annotated[Text | None, _doc(
        "Lisätietoa hinnasta, esim. mistä peritään maksu. Muutoksenhaku kuuluu kenttään appeal.")] = None
    appeal: Annotated[Text | None, _doc(
        "Jos olet tyytymätön päätökseen: miten päätökseen haetaan muutosta (Markdown). "
        'Kirjoita määräajat säännöillä, esim. {{ rule("oikaisuvaatimus-aika") }}. '
        "Vain palveluille, joista tehdään päätös.")] = None
    target_groups: Annotated[list[Text], Field(min_length=1), _doc(
        "Kenelle palvelu on tarkoitettu: ryhmät luettelona, kukin ryhmä omana kohtanaan "
        "(esim. Työikäiset aikuiset).")]
    languages: Annotated[list[Language], Field(min_length=1), _doc("Kielet, joilla palvelua saa.")]
    area: Annotated[Text, _doc("Alue, jolla palvelua saa.")]
    group: Annotated[Id, _doc("Palveluluettelon ryhmä (data/service_groups.yml).")]
    legislation: Annotated[list[LawRef], _doc("Lait (data/laws.yml), pykälä vapaaehtoinen.")] = []
    channels: Annotated[list[Channel], _doc(
        "Asiointikanavat. Jätä tuntematon puhelinnumero tai osoite pois: "
        "sivu kertoo, mistä sen löytää.")] = []
    organisation: Annotated[Id, _doc("Vastuuorganisaatio (data/organisations.yml).")]
    county_page: Annotated[CountyPage | None, _doc(
        "Hyvinvointialueen oma sivu tästä palvelusta (yhteystiedot kunnittain).")] = None
    related_services: Annotated[list[Id], _doc("Liittyvät palvelut (tiedostonimi ilman .yml).")] = []
    owner: Annotated[Text, _doc("Sisällöstä vastaava tiimi tai rooli (ei henkilön nimeä).")]
    last_reviewed: Annotated[date, _doc("Milloin sisältö on viimeksi tarkistettu (VVVV-KK-PP).")]
    next_review: Annotated[date, _doc("Mihin mennessä sisältö tarkistetaan seuraavaksi (VVVV-KK-PP).")]
    unverified: Annotated[list[Unverified], _doc("Tiedot, joita ei ole vielä tarkistettu lähteestä.")] = []
    life_situations: Annotated[list[Id], _doc(
        "Elämäntilanteet, joihin palvelu auttaa (data/life_situations.yml).")] = []
    easy_finnish: Annotated[Text | None, _doc(
        "Selkokielinen tiivistelmä: lyhyet virkkeet, tutut sanat, ei lyhenteitä.")] = None
    en: Annotated[ServiceEnglish | None, _doc("Englanninkielinen versio (valinnainen).")] = None
    se: Annotated[ServiceSami | None, _doc(
        "Pohjoissaamenkielinen teksti, vain äidinkielisen tarkistamana (ei konekäännöstä).")] = None
    smn: Annotated[ServiceSami | None, _doc(
        "Inarinsaamenkielinen teksti, vain äidinkielisen tarkistamana (ei konekäännöstä).")] = None
    sms: Annotated[ServiceSami | None, _doc(
        "Koltansaamenkielinen teksti, vain äidinkielisen tarkistamana (ei konekäännöstä).")] = None
    brochure: Annotated[Brochure | None, _doc("Tulostettava esite tästä palvelusta.")] = None
    keywords: Annotated[list[Annotated[Text, Field(max_length=60)]], Field(max_length=30), _doc(
        "Hakusanat: arkiset sanat, joilla asukas etsii palvelua, vaikka sivun teksti ei niitä "
        "käyttäisi (esim. rahat loppu, vuokrarästi). Eivät näy sivulla. Vanhat nimet kuuluvat "
        "tiedostoon data/retired_names.yml.")] = []
    ptv: Annotated[list[PtvId], _doc(
        "Palvelun tunnukset Suomi.fi-palvelutietovarannossa (PTV). Sivut näyttävät niiden "
        "asiointikanavat tiedostosta data/ptv.json (python -m macros sync ptv).")] = []


class RetiredName(Model):
    """A name no longer in use, in ``data/retired_names.yml``. The content guard flags it in
    text not marked as history; search leads a reader who types it to what replaced it."""

    name: Annotated[Text, Field(max_length=60), _doc("Vanha nimi, esim. TE-toimisto.")]
    match: Annotated[str | None, _doc(
        "Säännöllinen lauseke, jos nimi tunnistetaan muuten kuin sanan alusta "
        "(oletus: nimi sanan alussa, isot ja pienet kirjaimet samoin, mikä tahansa pääte). "
        "Aloita lauseke merkeillä (?i), jos kirjainkoolla ei ole väliä.")] = None
    ended: Annotated[Text, _doc("Mitä tapahtui ja milloin, esim. TE-toimistot lakkasivat 1.1.2025.")]
    replaced_by: Annotated[Text, _doc("Nimi, jota käytetään nyt.")]
    leads_to: Annotated[list[Text], _doc(
        "Sivut, jotka haku näyttää vanhalla nimellä hakevalle (polku docs-kansiossa, "
        "esim. palvelut/sosiaaliasiavastaava.md).")] = []

    def pattern(self) -> re.Pattern:
        """The old name as found in text: its ``match``, or the name at the start of a word in
        any case and with any ending (TE-toimistoon, te-toimistot). Raises re.error if
        ``match`` is not a valid regular expression."""
        return (re.compile(self.match) if self.match
                else re.compile(rf"\b{re.escape(self.name)}\w*", re.I))
