"""The web editor's Finnish field labels, and help for the fields whose model has no
description (a model's ``description`` is the help wherever it has one).

A label is looked up as ``Model.field`` first, then ``field``; a model field with neither is a
test failure (tests/cms/test_config.py), so a new field cannot reach the editor unnamed.
"""

from __future__ import annotations

LABELS = {
    "action": "Mitä tehdään", "address": "Käyntiosoite", "alternate": "Toisen kielen sivu",
    "appeal": "Muutoksenhaku", "area": "Alue", "body": "Sivun teksti", "bring": "Mitä tarvitset mukaan",
    "bring_sources": "Mukaan tarvittavien lähteet", "brochure": "Esite", "channels": "Asiointikanavat",
    "charge_description": "Lisätietoa hinnasta", "charge_type": "Hinta", "checked": "Tarkistettu",
    "code": "Kuntanumero", "concerns": "Ketä koskee", "contact": "Yhteystieto",
    "contacts": "Yhteystiedot", "county_page": "Hyvinvointialueen sivu", "deadline": "Määräaika",
    "decision": "Päätöskohta", "description": "Kuvaus", "documents": "Lomakkeet ja asiakirjat",
    "easy_finnish": "Selkokielellä", "email": "Sähköposti", "en": "Englanniksi",
    "end": "Prosessi päättyy tähän", "exclude": "Jätä pois hausta", "field": "Kenttä",
    "first_step": "Ensimmäinen askel", "group": "Palveluryhmä", "hide": "Piilota sivulta",
    "hours": "Aukioloajat", "id": "Tunnus", "instructions": "Näin haet", "keywords": "Hakusanat",
    "kind": "Tyyppi", "label": "Vaihtoehto", "lang": "Sivun kieli", "languages": "Kielet",
    "last_reviewed": "Tarkistettu viimeksi", "law": "Laki", "laws": "Lait",
    "legislation": "Lainsäädäntö", "life_situations": "Elämäntilanteet",
    "local": "Palvelupaikka joka kunnassa", "municipalities": "Kunnat", "name": "Nimi",
    "named_person": "Nimetyn henkilön numero", "next": "Seuraava vaihe",
    "next_review": "Seuraava tarkistus", "note": "Huomautus", "number": "Esitteen numero",
    "office": "Sosiaalitoimisto", "organisation": "Organisaatio", "outcomes": "Vaihtoehdot",
    "owner": "Sisällön vastuutaho", "phone": "Puhelinnumero", "processing_time": "Käsittelyaika",
    "ptv": "PTV-tunnus", "purpose": "Tarkoitus", "question": "Kysymys", "records": "Kirjaukset",
    "related_services": "Liittyvät palvelut", "render_macros": "Makrot käytössä",
    "requirements": "Kenelle", "reviewed_by": "Tarkistaja", "reviewed_on": "Tarkistettu",
    "role": "Rooli", "sami_homeland": "Saamelaisten kotiseutualue", "se": "Pohjoissaameksi",
    "search": "Haku", "section": "Pykälä", "service_area": "Palvelualue", "services": "Palvelut",
    "short_description": "Tiivistelmä", "smn": "Inarinsaameksi", "sms": "Koltansaameksi",
    "source": "Lähde", "steps": "Vaiheet", "subregion": "Seutukunta", "system": "Järjestelmä",
    "tagline": "Iskulause", "target_groups": "Kohderyhmät", "text": "Määräaika", "title": "Otsikko",
    "type": "Kanavan tyyppi", "unverified": "Tarkistamatta", "url": "Verkko-osoite",
    "urgent": "Kiireellinen", "what": "Mitä kirjataan",
    "Contact.id": "Tunnus", "Municipality.id": "Tunnus", "Step.id": "Vaiheen tunnus",
    "Process.name": "Prosessin nimi", "Service.name": "Palvelun nimi", "Service.ptv": "PTV-tunnukset",
    "Service.unverified": "Tarkistamattomat tiedot", "Process.unverified": "Tarkistamattomat tiedot",
    "Service.area": "Palvelualue", "ServiceSami.description": "Kuvaus",
    "Office.name": "Toimiston nimi", "Office.note": "Huomautus",
    "PageMeta.description": "Kuvaus hakukoneille",
}

# Help for fields whose model gives no description (the model's description wins).
HELP = {
    "id": "Pienet kirjaimet a–z, numerot ja väliviivat, esim. sosiaalipaivystys. "
          "Muut tiedostot viittaavat tähän tunnukseen.",
    "LawRef.law": "Laki lakirekisteristä (data/laws.yml).",
    "LawRef.section": "Pykälä, esim. 36 § tai 14 a §. Jätä tyhjäksi, jos viittaat koko lakiin.",
    "Channel.type": "Jätä tyhjäksi, jos kanava on yhteystieto: tyyppi tulee siitä.",
    "Channel.contact": "Yhteystieto tiedostosta data/contacts.yml. Kanavan omat kentät korvaavat "
                       "yhteystiedon tiedot.",
    "Channel.name": "Kanavan nimi asukkaalle.", "Channel.description": "Milloin ja miten kanavaa käytetään.",
    "Channel.url": "Osoite alkaa https://.", "Channel.phone": "Julkinen palvelunumero, ei henkilön numeroa.",
    "Channel.hours": "Esim. ma–pe klo 9–15.", "Channel.address": "Käyntiosoite.",
    "Unverified.field": "Kentän nimi, jonka tieto on tarkistamatta.",
    "Unverified.note": "Mitä pitää tarkistaa ja mistä.",
    "Step.deadline": "Vaiheen määräaika ja sen lakiperuste.", "Step.laws": "Vaiheen lakiperusteet.",
    "Decision.outcomes": "Vähintään kaksi vaihtoehtoa, kukin johtaa vaiheeseen.",
    "Process.name": "Prosessin nimi, enintään 100 merkkiä.",
    "Process.steps": "Vaiheet järjestyksessä, vähintään kaksi.",
    "Process.owner": "Sisällöstä vastaava tiimi tai rooli (ei henkilön nimeä).",
    "Process.last_reviewed": "VVVV-KK-PP.", "Process.next_review": "VVVV-KK-PP.",
    "Process.unverified": "Tiedot, joita ei ole vielä tarkistettu lähteestä.",
    "LifeSituation.name": "Tilanteen nimi asukkaalle, enintään 80 merkkiä.",
    "LifeSituation.description": "Yksi virke: millainen tilanne on asukkaan sanoin.",
    "LifeSituation.urgent": "Kiireellinen tilanne näytetään ensimmäisenä ja hätänumeron kanssa.",
    "LifeSituation.en": "Tilanne englanniksi.",
    "LifeSituationEnglish.name": "Nimi englanniksi.",
    "LifeSituationEnglish.description": "Kuvaus englanniksi.",
    "LifeSituationEnglish.first_step": "Ensimmäinen askel englanniksi.",
    "Municipality.name": "Kunnan nimi.", "Municipality.subregion": "Seutukunta.",
    "Municipality.sami_homeland": "Kuuluuko kunta saamelaisten kotiseutualueeseen.",
    "Office.name": "Toimiston nimi.", "Office.address": "Käyntiosoite julkisesta lähteestä.",
    "Office.note": "Esim. ajanvaraus tai aukioloajat.", "Office.source": "Julkinen sivu, josta osoite on.",
    "Office.checked": "Milloin osoite on tarkistettu (VVVV-KK-PP).",
    "PageMeta.title": "Sivun otsikko selaimen välilehdellä ja hakutuloksissa, jos eri kuin sivun "
                      "ensimmäinen otsikko.",
    "PageMeta.description": "Sivun kuvaus hakukoneille ja jaetuille linkeille (ei merkkejä < ja >).",
    "PageMeta.keywords": "Hakusanat, joilla sivu löytyy käsikirjan haussa.",
    "PageMeta.lang": "fi tai en; tyhjä on suomi.",
    "PageMeta.alternate": "Toisen kielen version osoite sivuston juuresta, esim. en/.",
    "PageMeta.hide": "Sivun osat, joita ei näytetä.",
    "PageMeta.render_macros": "Pois päältä, jos sivulla on makrojen näköistä tekstiä, jota ei suoriteta.",
    "PageMeta.search": "Haun asetukset.", "PageSearch.exclude": "Sivua ei näytetä käsikirjan haussa.",
    "body": "Sivun teksti Markdownina. Makrot kirjoitetaan kuten {{ service_card(\"toimeentulotuki\") }}.",
}


def label(model: str, field: str) -> str | None:
    return LABELS.get(f"{model}.{field}") or LABELS.get(field)


def help_text(model: str, field: str, description: str | None) -> str:
    return description or HELP.get(f"{model}.{field}") or HELP.get(field) or ""
