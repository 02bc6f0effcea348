"""Pages generated from data (macros/pages.py, overrides/pages/*.md), on in-memory data."""

from datetime import date
from pathlib import Path

import yaml

from macros.core.links import finlex_url, relative
from macros.data.models import Contact, CountyPage, Law, LawRef, Organisation, Service, ServiceGroup
from macros.data.site import Site
from macros.pages.services import finnish_sort_key, generate_pages, law_label


def service(name, group="raha", **extra):
    fields = dict(name=name, short_description=f"{name} lyhyesti.", description="Kuvaus.",
                  charge_type="maksuton", target_groups=["Aikuiset"], languages=["fi"],
                  area="Lappi", group=group, organisation="hva", owner="Tiimi",
                  last_reviewed=date(2026, 9, 1), next_review=date(2027, 3, 15))
    return Service(**{**fields, **extra})


def site(contacts=(), **services):
    return Site(
        root=Path("."),
        laws={"shl": Law(id="shl", name="Sosiaalihuoltolaki", number="1301/2014")},
        organisations={"hva": Organisation(id="hva", name="Lapin hyvinvointialue",
                                           contact_hint="Katso lapha.fi."),
                       "lapin-hyvinvointialue": Organisation(
                           id="lapin-hyvinvointialue", name="Lapin hyvinvointialue",
                           contact_hint="Katso lapha.fi."),
                       "tyo": Organisation(id="tyo", name="Työllisyysalue",
                                           contact_hint="Katso työllisyysalueen sivut.")},
        contacts={c.id: c for c in contacts},
        service_groups={"raha": ServiceGroup(id="raha", name="Raha", description="Rahasta."),
                        "tyo": ServiceGroup(id="tyo", name="Työ", description="Työstä."),
                        "tyhja": ServiceGroup(id="tyhja", name="Tyhjä", description="Ei mitään.")},
        services=services)


def front_matter(page: str) -> dict:
    return yaml.safe_load(page.split("---\n")[1])


def test_finlex_link_is_built_from_the_number():
    assert finlex_url("1301/2014") == "https://www.finlex.fi/fi/laki/ajantasa/2014/20141301"
    assert finlex_url("7/1990") == "https://www.finlex.fi/fi/laki/ajantasa/1990/19900007"


def test_law_label_in_thl_style():
    s = site()
    assert law_label(s, LawRef(law="shl", section="36 §")) == "Sosiaalihuoltolaki 36 §"
    assert law_label(s, LawRef(law="shl")) == "Sosiaalihuoltolaki (1301/2014)"


def test_every_service_gets_a_page_and_the_index_lists_it():
    pages = generate_pages(site(a=service("Alfa"), b=service("Beeta", group="tyo")))
    assert set(pages) == {"palvelut/index.md", "palvelut/a.md", "palvelut/b.md"}
    index = pages["palvelut/index.md"]
    assert "- [Alfa](a.md): Alfa lyhyesti." in index and "- [Beeta](b.md)" in index
    assert "## Raha" in index and "## Työ" in index and "Tyhjä" not in index


def test_service_page_fields_in_fixed_order_with_review_at_bottom():
    s = site(a=service("Alfa", instructions="Hae näin.", processing_time="7 päivää",
                       legislation=[LawRef(law="shl", section="36 §")], related_services=["b"]),
             b=service("Beeta"))
    page = generate_pages(s)["palvelut/a.md"]
    meta = front_matter(page)
    assert meta["title"] == "Alfa" and meta["generated_from"] == "data/services/a.yml"
    assert meta["render_macros"] is False
    order = ["# Alfa", "## Mistä on kyse?", "## Kenelle palvelu on?", "## Näin haet",
             "## Käsittely ja hinta", "## Yhteystiedot ja asiointi", "## Kielet ja alue",
             "## Palvelusta vastaa", "## Lait", "## Katso myös", "Sivu tarkistettu"]
    positions = [page.index(heading) for heading in order]
    assert positions == sorted(positions)
    assert ("[Sosiaalihuoltolaki 36 § Finlexissä]"
            "(https://www.finlex.fi/fi/laki/ajantasa/2014/20141301)") in page
    assert "- [Beeta](b.md): Beeta lyhyesti." in page
    assert '<time datetime="2026-09-01">1.9.2026</time>' in page
    assert '<time datetime="2027-03-15">15.3.2027</time>' in page


def test_empty_fields_leave_no_heading_and_missing_contacts_say_where_to_look():
    page = generate_pages(site(a=service("Alfa", channels=[{"type": "puhelin"}])))["palvelut/a.md"]
    assert "## Näin haet" not in page and "## Lait" not in page and "## Katso myös" not in page
    assert "## Mitä tarvitset mukaan" not in page
    assert "Katso lapha.fi." in page  # where to look, without printing that a number is missing
    assert "numeroa ei ole" not in page and "**Puhelin:**" not in page


def test_each_channel_hint_comes_from_the_organisation_that_runs_it():
    channels = [{"type": "palvelupaikka", "name": "Työllisyyspalvelut"},
                {"type": "palvelupaikka", "name": "Aikuissosiaalityö", "organisation": "hva"}]
    page = generate_pages(site(a=service("Alfa", organisation="tyo", channels=channels)))[
        "palvelut/a.md"]
    employment = page.index("### Työllisyyspalvelut")
    county = page.index("### Aikuissosiaalityö")
    assert page.index("Katso työllisyysalueen sivut.") in range(employment, county)
    assert page.count("Katso työllisyysalueen sivut.") == 1
    assert "Katso lapha.fi." in page[county:]


def test_county_page_is_linked_and_a_channel_without_number_shows_what_it_has():
    s = site(a=service("Alfa", organisation="lapin-hyvinvointialue",
                       county_page=CountyPage(url="https://lapha.fi/alfa",
                                              checked=date(2026, 11, 26)),
                       channels=[{"type": "puhelin", "name": "Neuvonta", "hours": "ma–pe 9–15"}]))
    page = generate_pages(s)["palvelut/a.md"]
    assert "[lapha.fi/alfa](https://lapha.fi/alfa)" in page
    assert "- **Aukioloaika:** ma–pe 9–15" in page
    assert "**Puhelin:**" not in page and "Katso lapha.fi." not in page


def test_channel_takes_its_facts_from_the_contact_registry():
    line = Contact(id="paivystys", kind="puhelin", name="Sosiaalipäivystys", phone="040 726 6965",
                   hours="Aina", organisation="hva", source="https://example.fi/lahde",
                   checked=date(2026, 11, 26))
    s = site(contacts=[line], a=service("Alfa", channels=[{"contact": "paivystys"}]),
             b=service("Beeta", channels=[{"contact": "paivystys", "description": "Illalla."}]))
    pages = generate_pages(s)
    assert "### Sosiaalipäivystys" in pages["palvelut/a.md"]
    for page in (pages["palvelut/a.md"], pages["palvelut/b.md"]):
        assert "- **Puhelin:** [040 726 6965](tel:0407266965)" in page
        assert "- **Aukioloaika:** Aina" in page
    assert "Illalla." in pages["palvelut/b.md"]


def test_what_to_bring_is_its_own_section_after_how_to_apply():
    page = generate_pages(site(a=service(
        "Alfa", instructions="Hae näin.", bring=["Kelan päätös", "Kuitit"],
        bring_sources=["https://example.fi/ohje"])))["palvelut/a.md"]
    assert page.index("## Näin haet") < page.index("## Mitä tarvitset mukaan") < page.index(
        "## Käsittely ja hinta")
    assert "- Kelan päätös\n- Kuitit" in page


def test_finnish_alphabetical_order():
    names = ["Öljy", "Ahven", "Äiti", "Zeta", "Åland"]
    assert sorted(names, key=finnish_sort_key) == ["Ahven", "Zeta", "Åland", "Äiti", "Öljy"]


def test_relative_links_between_pages():
    assert relative("palvelut/a.md", "index.md") == "palvelut/a.md"
    assert relative("palvelut/a.md", "asukkaille/x.md") == "../palvelut/a.md"
    assert relative("palvelut/a.md", "palvelut/b.md") == "a.md"


def test_target_groups_as_a_list_and_appeal_under_its_own_heading():
    page = generate_pages(site(a=service("Alfa", target_groups=["Työikäiset aikuiset", "Nuoret"],
                                         charge_description="Ateriasta peritään maksu.",
                                         appeal="Oikaisuvaatimus 30 päivässä.")))["palvelut/a.md"]
    assert "- Työikäiset aikuiset\n- Nuoret\n" in page
    assert "tarkoitettu:" not in page
    price = next(line for line in page.splitlines() if line.startswith("- **Hinta:**"))
    assert price == "- **Hinta:** Maksuton. Ateriasta peritään maksu."
    appeal = page.index("## Jos olet tyytymätön päätökseen")
    assert page.index("## Käsittely ja hinta") < appeal < page.index("Oikaisuvaatimus 30 päivässä.")
    assert appeal < page.index("## Yhteystiedot ja asiointi")
    without = generate_pages(site(a=service("Alfa")))["palvelut/a.md"]
    assert "## Jos olet tyytymätön päätökseen" not in without


def test_the_price_and_the_law_links_read_as_finnish_sentences():
    """Issue 20, point 7: no "Hinta: Katso lisätiedot." and no "((1301/2014) (Finlex))"."""
    other = generate_pages(site(a=service("Alfa", charge_type="muu")))["palvelut/a.md"]
    assert "- **Hinta:** Kysy hinnasta palvelusta.\n" in other
    described = generate_pages(site(a=service(
        "Alfa", charge_type="muu", charge_description="Hinta riippuu tuloistasi.")))["palvelut/a.md"]
    assert "- **Hinta:** Hinta riippuu tuloistasi.\n" in described
    paid = generate_pages(site(a=service("Alfa", charge_type="maksullinen")))["palvelut/a.md"]
    assert "- **Hinta:** Maksullinen.\n" in paid
    cited = generate_pages(site(a=service("Alfa", legislation=[LawRef(law="shl")])))["palvelut/a.md"]
    assert ("- [Sosiaalihuoltolaki (1301/2014) Finlexissä]"
            "(https://www.finlex.fi/fi/laki/ajantasa/2014/20141301)") in cited
    assert "(Finlex)" not in cited and "Katso lisätiedot" not in other
