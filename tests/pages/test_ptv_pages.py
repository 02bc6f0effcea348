"""Pages from the PTV snapshot: the real handbook, copied, its services mapped to PTV services
of the local registry server (tests/registries.py), synced with `python -m macros sync ptv`
and built. Every service, brochure and municipality page shows channels; English pages use
PTV's English; each phone, text-message number and e-mail is its own list item; numbers as
Finns read them, text-message numbers labelled and not called; the areas served by name; web
pages in their own language; contacts.yml stays for what PTV lacks; hostile PTV text reaches
pages escaped; `check` reports what changed (old → new, with the page) until it is reviewed;
an editor cannot point the sync elsewhere."""

from __future__ import annotations

import json
import re
import subprocess
from datetime import date, timedelta

import jsonschema
import pytest
import registries as r
import yaml
from registries import ORGANISATION, Registry
from sites import ROOT, build, handbook_copy, html, run_cli

pytestmark = [pytest.mark.server, pytest.mark.handbook]  # a synced copy of the handbook

SERVICES = sorted(p.stem for p in (ROOT / "data/services").glob("*.yml"))
MUNICIPALITIES = yaml.safe_load((ROOT / "data/municipalities.yml").read_text(encoding="utf-8"))
NAMED = "040 000 0055"  # a named person's line (test data) in the copy's contacts.yml
HOSTILE_NAME = '<script>alert(1)</script>" onmouseover="alert(2)'
HOSTILE_SUMMARY = "{{ config }} [klikkaa](javascript:alert(3)) <img src=x onerror=alert(4)> {: onclick=x }"


def number(index: int) -> str:
    """A test number per service: 40 000 01xx, never a real line."""
    return f"4000001{index:02d}"


def shown(index: int) -> str:
    """The same number as pages show it."""
    return f"040 000 01{index:02d}"


def county(registry: Registry) -> None:
    """A PTV service per handbook service with a phone channel (a call charge, a text-message
    number and an e-mail; open Mon–Fri, closed on Christmas Eve; its area two municipalities as
    PTV sends them; English name for every other one), a service location in every
    municipality linked to toimeentulotuki, an e-service with a web page per language whose
    name is null, and a hostile channel."""
    registry.services, registry.channels = [], []
    for index, service_id in enumerate(SERVICES):
        registry.services.append(r.service(service_id, f"PTV {service_id}", f"PTV {service_id} en",
                                           channels=(f"puhelin-{service_id}",)))
        registry.channels.append(r.phone_channel(
            f"puhelin-{service_id}", f"Neuvonta {service_id}", number(index),
            en=f"Advice line {service_id}" if index % 2 == 0 else None,
            municipalities=("698", "683"), sms="500000009", email=f"{service_id}@example.invalid",
            hours=(r.closed_on("2099-12-24", "Jouluaatto", "Christmas Eve"),
                   r.closed_on("2020-12-24", "Vanha poikkeus", "Old exception"))))
    ttt = next(s for s in registry.services if s["id"] == r.guid("toimeentulotuki"))
    for m in MUNICIPALITIES:
        name = f"toimisto-{m['id']}"
        registry.channels.append(r.location_channel(
            name, f"{m['name']}: sosiaalitoimisto", f"Testikatu {m['code']}", "1", "99999",
            m["name"], m["code"], en=f"{m['name']} social office"))
        ttt["serviceChannels"].append({"serviceChannel": {"id": r.guid(name)}})
    hostile = r.e_channel("vihamielinen", HOSTILE_NAME, "javascript:alert(5)",
                          municipalities=("698",))
    hostile["serviceChannelDescriptions"] = r.texts("Summary", fi=HOSTILE_SUMMARY)
    hostile["webPages"].append({"url": 'https://example.invalid/"><script>alert(6)</script>',
                                "value": 'Linkki"><b>', "language": "fi"})
    hostile["phoneNumbers"] = [{"type": "Phone", "prefixNumber": "+358", "language": "fi",
                                "number": '40"><img src=x onerror=alert(7)>',
                                "serviceChargeType": "Chargeable"}]
    hostile["addresses"] = [{"type": "Location", "streetAddress": {
        "street": r.texts(None, fi="*Katu* <b>"), "streetNumber": "1", "postalCode": "96100",
        "postOffice": r.texts(None, fi="ROVANIEMI"), "municipality": {"code": "698"}}}]
    registry.channels.append(hostile)
    ttt["serviceChannels"].append({"serviceChannel": {"id": r.guid("vihamielinen")}})
    registry.channels.append(r.e_channel("asiointi", "Sähköinen asiointi",
                                         "https://example.invalid/asiointi", en="E-service",
                                         url_en="https://example.invalid/asiointi/en"))
    ttt["serviceChannels"].append({"serviceChannel": {"id": r.guid("asiointi")}})
    registry.channels.append(r.phone_channel("paivystys", "Sosiaalipäivystys (PTV)", "401112223"))
    registry.services.append(r.service("puuttuva", "Aikuissosiaalityön palvelu, jota ei ole",
                                       classes=("P4.10",)))  # not in the handbook


@pytest.fixture(scope="module")
def registry():
    with Registry() as server:
        server.page_size = 10
        county(server)
        yield server


@pytest.fixture(scope="module")
def project(tmp_path_factory, registry):
    """A copy of the handbook whose services name their PTV service, one contact its PTV
    channel (with another number) and one a named person's line, synced from the server."""
    project = tmp_path_factory.mktemp("ptv") / "project"
    handbook_copy(project)
    settings = (project / "data/registries.yml").read_text(encoding="utf-8")
    settings = settings.replace("ptv:\n", f"ptv:\n  organisation: {ORGANISATION}\n", 1)
    (project / "data/registries.yml").write_text(settings, encoding="utf-8")
    for service_id in SERVICES:
        path = project / f"data/services/{service_id}.yml"
        path.write_text(path.read_text(encoding="utf-8") + f"ptv: [{r.guid(service_id)}]\n",
                        encoding="utf-8")
    contacts = (project / "data/contacts.yml").read_text(encoding="utf-8")
    contacts = contacts.replace("- id: sosiaalipaivystys\n",
                                f"- id: sosiaalipaivystys\n  ptv: {r.guid('paivystys')}\n")
    contacts = contacts.replace("- id: sosiaaliasiavastaava\n", "- id: sosiaaliasiavastaava\n"
                                f"  named_person: true\n  phone: {NAMED}\n")
    (project / "data/contacts.yml").write_text(contacts, encoding="utf-8")
    result = registry.sync(project, "ptv")
    assert result.returncode == 0, result.stderr
    assert f"PTV: {len(SERVICES) + 1} palvelua" in result.stdout
    assert "ensimmäinen tilannekuva" in result.stdout
    # Its own repository, everything committed (check reports files git does not track).
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "PTV-tilannekuva"]):
        subprocess.run(["git", "-c", "user.name=Testi", "-c", "user.email=testi@example.invalid",
                        *command], cwd=project, check=True, capture_output=True)
    return project


@pytest.fixture(scope="module")
def site(project):
    result = build(project, project / "site")
    assert result.returncode == 0, result.output
    return project / "site"


def channel_names(page) -> list[str]:
    return [h.get_text() for h in page.select("article h3")]


def words(node) -> str:
    """A page's or element's text as a reader meets it: one space between words."""
    return " ".join(node.get_text(" ").split())


@pytest.mark.parametrize("index, service_id", list(enumerate(SERVICES)))
def test_every_service_page_shows_its_ptv_channels(site, index, service_id):
    page = html(site, f"palvelut/{service_id}/index.html")
    assert f"Neuvonta {service_id}" in channel_names(page)
    call = page.select_one(f"article a[href='tel:+358{number(index)}']")
    assert call is not None and call.get_text() == shown(index)  # as Finns read it
    text = words(page)
    assert "Aukioloajat: ma–pe 8.00–16.00" in text
    assert "Poikkeukset: 24.12.2099 suljettu (Jouluaatto)" in text
    assert "Vanha poikkeus" not in text  # ended before the snapshot
    assert (f"Puhelin: {shown(index)} (Neuvonta). Hinta: Puhelun hinta on paikallisverkko- tai "
            "matkapuhelinmaksu.") in text
    assert "Alue: Ranua, Rovaniemi" in text  # an area of type Municipality, its code null
    assert re.search(r"Asiointikanavien tiedot: Suomi.fi-palvelutietovaranto \( ?PTV ?\), "
                     r"päivitetty \d+\.\d+\.20\d\d\.", text)


LIST_PAGES = ["palvelut/{s}/index.html", "en/services/{s}/index.html",
              "esitteet/{s}/index.html", "asukkaille/kunnat/rovaniemi/index.html"]
LABELS = re.compile(r"^(Puhelin|Tekstiviesti|Sähköposti|Verkossa|Käyntiosoite|Postiosoite|"
                    r"Aukioloajat|Poikkeukset|Alue|Palvelut|Phone|Text message|Email|Online|"
                    r"Visiting address|Opening hours|Exceptions|Area|Services):")
ANY_LABEL = re.compile(r"(?:^|\s)" + LABELS.pattern[1:])


@pytest.mark.parametrize("path", LIST_PAGES, ids=lambda p: p.split("/")[0])
def test_each_phone_sms_number_and_email_is_its_own_list_item(site, registry, path):
    """trim_blocks once ran the item after a phone with a price into it ("Hinta: Maksuton-
    **Sähköposti:** …"): every item of a PTV channel's list starts with its label and holds
    one."""
    page = html(site, path.format(s="toimeentulotuki"))
    names = {t["value"] for c in registry.channels for t in c["serviceChannelNames"]}
    items = [words(li) for h3 in page.select("article h3") if h3.get_text() in names
             for ul in h3.find_next_siblings(["ul", "h3", "h2"], limit=1) if ul.name == "ul"
             for li in ul.find_all("li", recursive=False)]
    assert len(items) > 20, items
    for item in items:
        assert LABELS.match(item), item
        assert len(ANY_LABEL.findall(item)) == 1 and "**" not in item, item
    labels = [LABELS.match(i).group(1) for i in items]
    assert {"Puhelin", "Tekstiviesti", "Sähköposti"} <= set(labels) or \
        {"Phone", "Text message", "Email"} <= set(labels)


def test_a_text_message_number_is_labelled_and_not_called(site):
    for path in ("palvelut/toimeentulotuki/index.html", "en/services/toimeentulotuki/index.html"):
        page = html(site, path)
        items = [li for li in page.select("article li") if "050 000 0009" in li.get_text()
                 .replace("\u00a0", " ")]
        assert items, path
        for item in items:
            assert words(item).startswith(("Tekstiviesti:", "Text message:")), words(item)
            assert item.find("a") is None, item  # no tel: link for a number one texts
        assert not page.select("a[href='tel:+358500000009']")


def test_a_service_page_shows_addresses_and_e_services_in_its_language(site):
    page = html(site, "palvelut/toimeentulotuki/index.html")
    text = words(page)
    assert "Käyntiosoite: Testikatu 047 1, 99999 ENONTEKIÖ" in text
    links = [a["href"] for a in page.select("article a[href^='https://example.invalid/asiointi']")]
    assert links == ["https://example.invalid/asiointi"]  # not the English version's address
    english = html(site, "en/services/toimeentulotuki/index.html")
    links = [a["href"] for a in english.select("article a[href^='https://example.invalid/asiointi']")]
    assert links == ["https://example.invalid/asiointi/en"]


def test_a_contact_that_is_a_ptv_channel_shows_ptvs_version(site):
    page = html(site, "palvelut/toimeentulotuki/index.html")
    links = [a["href"] for a in page.select("article a[href^='tel:']")]
    assert "tel:+358401112223" in links and "tel:0407266965" not in links
    assert "040 111 2223" in words(page)
    assert "Sosiaalipäivystys (PTV)" in channel_names(page)
    assert "Lapin sosiaalipäivystys" not in channel_names(page)


def test_a_named_persons_line_is_not_shown_unless_ptv_publishes_it(site):
    for path in ("palvelut/sosiaaliasiavastaava/index.html", "asukkaille/kunnat/kemi/index.html"):
        links = [a["href"] for a in html(site, path).select("a[href^='tel:']")]
        assert f"tel:{NAMED.replace(' ', '')}" not in links, path


@pytest.mark.parametrize("m", MUNICIPALITIES, ids=lambda m: m["id"])
def test_every_municipality_page_shows_the_channels_covering_it(site, m):
    page = html(site, f"asukkaille/kunnat/{m['id']}/index.html")
    names = channel_names(page)
    assert f"{m['name']}: sosiaalitoimisto" in names
    others = [n for n in names if n.endswith(": sosiaalitoimisto") and n != f"{m['name']}: sosiaalitoimisto"]
    assert others == []  # a service location in another municipality does not cover this one
    text = words(page)
    assert f"Käyntiosoite: Testikatu {m['code']} 1, 99999 {m['name'].upper()}" in text
    assert "Aukioloajat: ma–pe 9.00–15.00" in text
    assert "Palvelut: Täydentävä ja ehkäisevä toimeentulotuki" in text
    assert ("Neuvonta toimeentulotuki" in names) == (m["code"] in ("698", "683"))


def test_english_pages_use_ptvs_english(site):
    page = html(site, "en/services/toimeentulotuki/index.html")
    names = channel_names(page)
    assert "E-service" in names and "Rovaniemi social office" in names
    text = words(page)
    assert "Exceptions: 24.12.2099 closed (Christmas Eve)" in text
    assert "Opening hours: Mon–Fri 8:00–16:00" in text
    assert "Service channel details: Suomi.fi Finnish Service Catalogue" in text
    odd = SERVICES[1]  # its channel has no English name: the Finnish one, marked as Finnish
    heading = html(site, f"en/services/{odd}/index.html").find("h3", string=f"Neuvonta {odd}")
    assert heading is not None and heading.find("span", lang="fi") is not None


def test_brochures_show_the_channels(site):
    page = html(site, "esitteet/toimeentulotuki/index.html")
    assert "Neuvonta toimeentulotuki" in channel_names(page)
    assert "Rovaniemi: sosiaalitoimisto" in channel_names(page)


def test_hostile_ptv_text_is_shown_as_text(site):
    page = html(site, "palvelut/toimeentulotuki/index.html")
    assert HOSTILE_NAME in channel_names(page)  # the name, as text
    article = page.select_one("article")
    assert [s.get("type") for s in article.find_all("script")] == ["application/ld+json"]
    jsonld = article.find("script").get_text()
    assert "<" not in jsonld and json.loads(jsonld)["availableChannel"]  # data, not markup
    assert article.find("img") is None
    assert not [a for tag in article.find_all(True) for a in tag.attrs
                if a.lower().startswith("on")]
    hrefs = [a.get("href", "") for a in article.find_all("a")]
    assert not [h for h in hrefs if h.lower().lstrip().startswith(("javascript", "data"))]
    assert not [h for h in hrefs if '"' in h or "<" in h]
    text = words(article)
    assert HOSTILE_SUMMARY in text  # shown, not run
    assert "*Katu* <b> 1, 96100 ROVANIEMI" in text
    assert '40"><img' not in text  # not a phone number: left out
    raw = (site / "palvelut/toimeentulotuki/index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in raw and "onerror=alert" not in raw.replace("&", "")


def test_check_reports_what_the_snapshot_says(project, registry):
    result = run_cli(project, "check", "--kaikki")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "PTV-tunnukset" in out and 'PTV:n palvelu "Aikuissosiaalityön palvelu, jota ei ole"' in out
    assert "palvelulla ei ole PTV-tunnusta" not in out  # every service is mapped
    assert re.search(r"data/contacts.yml:\d+: sosiaalipaivystys: phone: 040 726 6965, "
                     r'PTV:n kanavassa "Sosiaalipäivystys \(PTV\)": 040 111 2223', out)
    assert f"sosiaaliasiavastaava: phone: {NAMED} on nimetyn henkilön numero" in out
    assert "javascript:alert(5)" in out and "ei kelpaa, eikä sitä näytetä" in out
    assert "data/ptv.json: tilannekuvaa ei ole" not in out
    later = (date.today() + timedelta(days=31)).isoformat()
    assert "päivää sitten (raja 30)" in run_cli(project, "check", "--kaikki", "--today", later).stdout


def reviewed(project, day: str | None) -> None:
    path = project / "data/registries.yml"
    text = re.sub(r"\nreviewed:\n  ptv: .*\n", "\n", path.read_text(encoding="utf-8"))
    if day:
        text += f"reviewed:\n  ptv: {day}\n"
    path.write_text(text, encoding="utf-8")


def test_a_change_stays_in_check_with_old_and_new_until_reviewed(project, registry):
    before = [dict(c) for c in registry.channels]
    snapshot = (project / "data/ptv.json").read_bytes()
    changed = next(c for c in registry.channels if c["id"] == r.guid("puhelin-toimeentulotuki"))
    old = shown(SERVICES.index("toimeentulotuki"))
    try:
        registry.channels = [c for c in registry.channels if c["id"] != r.guid("toimisto-kemi")]
        changed["phoneNumbers"] = [dict(p, number="409999999") if p["type"] == "Phone" else p
                                   for p in changed["phoneNumbers"]]
        registry.channels.append(r.e_channel("muu", "Hammashoidon ajanvaraus",
                                             "https://example.invalid/hammas"))  # no page shows it
        result = registry.sync(project, "ptv")
        assert result.returncode == 0, result.stderr
        assert "uusia 1, muuttuneita 1, poistuneita 1 kanavaa" in result.stdout
        for _ in range(2):  # later syncs with nothing new: still listed
            out = run_cli(project, "check", "--kaikki").stdout
            assert re.search(r'kanava "Kemi: sosiaalitoimisto" \([0-9a-f-]+\): poistui PTV:stä '
                             r"\(havaittu .*\)\. Sivut: palvelut/toimeentulotuki/ "
                             r"\(data/services/toimeentulotuki.yml\)", out), out
            assert re.search(r'kanava "Neuvonta toimeentulotuki" \([0-9a-f-]+\): muuttui PTV:ssä '
                             rf"\(havaittu .*\): puhelin: {old}; 050 000 0009 \(tekstiviesti\) → "
                             r"040 999 9999; 050 000 0009 \(tekstiviesti\)\. Sivut: "
                             r"palvelut/toimeentulotuki/ \(data/services/toimeentulotuki.yml\)",
                             out), out
            assert "Hammashoidon ajanvaraus" not in out  # the county's, on no handbook page
            again = registry.sync(project, "ptv")
            assert again.returncode == 0 and "Ei muutoksia edelliseen hakuun" in again.stdout
        today = json.loads((project / "data/ptv.json").read_text(encoding="utf-8"))["changed"]
        assert f"kirjoita reviewed: ptv: {today}" in out
        reviewed(project, today)
        out = run_cli(project, "check", "--kaikki").stdout
        assert "poistui PTV:stä" not in out and "muuttui PTV:ssä" not in out
    finally:
        registry.channels = before
        reviewed(project, None)
        (project / "data/ptv.json").write_bytes(snapshot)


def test_an_editor_cannot_point_the_sync_at_another_host(project, registry):
    """The addresses are mkdocs.yml's (the server's): data/registries.yml has no field for
    them, and a push that adds one stops the sync before it fetches anything."""
    settings = project / "data/registries.yml"
    before = settings.read_text(encoding="utf-8")
    with Registry() as other:
        try:
            settings.write_text(before.replace("ptv:\n", f"ptv:\n  api: {other.ptv}\n", 1),
                                encoding="utf-8")
            result = registry.sync(project, "ptv")
            assert result.returncode == 1 and "tuntematon kenttä" in result.stderr
            assert "mitään ei haettu" in result.stderr
            settings.write_text(before.replace("ptv:\n", f"ptv:\n  # api: {other.ptv}\n", 1),
                                encoding="utf-8")
            result = registry.sync(project, "ptv")  # the server's address, not the comment's
            assert result.returncode == 0, result.stderr
        finally:
            settings.write_text(before, encoding="utf-8")
        assert other.requests == []
    schema = json.loads((ROOT / "schemas/registries.schema.json").read_text(encoding="utf-8"))
    assert "api" not in json.dumps(schema).replace("rajapinn", "")


def test_a_failed_sync_keeps_the_old_snapshot_and_says_so(project, registry):
    before = (project / "data/ptv.json").read_bytes()
    registry.fault("/api/v11/ServiceChannel/list/organization", "malformed")
    result = registry.sync(project, "ptv")
    assert result.returncode == 1
    assert "PTV-päivitys epäonnistui" in result.stderr and "ei ole kelvollista JSONia" in result.stderr
    assert "Vanha tilannekuva data/ptv.json jäi ennalleen." in result.stderr
    assert "Traceback" not in result.stderr
    assert (project / "data/ptv.json").read_bytes() == before


def test_open_data_has_the_same_channels_as_the_pages(site):
    document = json.loads((site / "api/services.json").read_text(encoding="utf-8"))
    schema = json.loads((ROOT / "schemas/api/services.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(document, schema)
    ttt = next(s for s in document["services"] if s["id"] == "toimeentulotuki")
    phones = [c["phone"] for c in ttt["serviceChannels"]]
    assert "040 111 2223" in phones and "040 726 6965" not in phones  # PTV's version
    counselling = next(c for c in ttt["serviceChannels"] if c["name"] == "Neuvonta toimeentulotuki")
    assert counselling["serviceHours"] == ("ma–pe 8.00–16.00; Poikkeukset: 24.12.2099 suljettu "
                                           "(Jouluaatto)")
    hostile = next(c for c in ttt["serviceChannels"] if c["name"] == HOSTILE_NAME)
    assert hostile["phone"] is None  # not a number: left out
    assert hostile["url"] == "https://example.invalid/%22%3E%3Cscript%3Ealert%286%29%3C/script%3E"
    text = json.dumps(document)
    assert NAMED not in text  # a named person's line, not published by PTV
    jsonld = html(site, "palvelut/sosiaaliasiavastaava/index.html").find(
        "script", type="application/ld+json").get_text()
    assert NAMED not in jsonld


BROWSED = ["palvelut/toimeentulotuki/", "en/services/toimeentulotuki/",
           "asukkaille/kunnat/rovaniemi/", "esitteet/toimeentulotuki/",
           f"en/services/{SERVICES[1]}/"]


@pytest.mark.browser
def test_ptv_pages_in_a_browser_run_nothing_and_pass_axe(browser, site, tmp_path_factory):
    """With the CSP bypassed (so only the escaping stands between a PTV text and the page), no
    dialog opens; axe-core finds no WCAG 2.1 A/AA violation; nothing scrolls sideways at 320 px."""
    from browser import run_axe
    from servers import nginx
    with nginx(site, tmp_path_factory.mktemp("nginx-ptv")) as url:
        context = browser.new_context(bypass_csp=True, viewport={"width": 320, "height": 800})
        page = context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        failures, wide = {}, {}
        for path in BROWSED:
            page.goto(f"{url}/{path}", wait_until="networkidle")
            page.mouse.move(160, 400)  # over the channels: an onmouseover would fire
            if violations := run_axe(page):
                failures[path] = violations
            overflow = page.evaluate("document.documentElement.scrollWidth - "
                                     "document.documentElement.clientWidth")
            if overflow > 0:
                wide[path] = overflow
        context.close()
    assert dialogs == [] and failures == {} and wide == {}, (dialogs, failures, wide)
