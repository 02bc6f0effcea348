"""English, easy Finnish and Sámi: every service translated field for field, rules cited in
every language, easy-Finnish summaries that end with what to do, the Sámi page's links and
how-to, and Sámi text shown only when reviewed. Expectations come from data/ via PyYAML."""

import re
from datetime import date
from pathlib import Path

import pytest
import yaml
from sites import ROOT, html

from macros.checks.rule_copies import copies
from macros.core.links import finlex_url
from macros.data.models import Organisation, Service, ServiceGroup, ServiceSami
from macros.data.rules import CALL
from macros.data.site import Site, build_model, load_site
from macros.data.sources import parse_yaml
from macros.pages.residents import sami_section, sami_texts
from macros.pages.templating import ContentError

SERVICES = {f.stem: yaml.safe_load(f.read_text(encoding="utf-8"))
            for f in sorted((ROOT / "data/services").glob("*.yml"))}
RULES = {r["id"]: r for r in yaml.safe_load((ROOT / "data/rules.yml").read_text(encoding="utf-8"))}
GLOSSARY = yaml.safe_load((ROOT / "data/glossary.yml").read_text(encoding="utf-8"))
# Names readers know better than what they stand for: easy Finnish uses them as they are
# (Kela's own easy-Finnish pages say "Kela", never "Kansaneläkelaitos").
KNOWN_NAMES = {"Kela"}
ABBREVIATIONS = [t["term"] for t in GLOSSARY
                 if t.get("abbreviation", True) and t["term"] not in KNOWN_NAMES]
TEXT_FIELDS = ("description", "instructions", "requirements", "processing_time",
               "charge_description", "appeal")
SAMI_PAGE = "asukkaille/saamen-kieli/index.html"

# The second-person imperatives an easy-Finnish summary may end with ("Soita…", "Kysy…").
IMPERATIVES = {"soita", "hae", "kysy", "ota", "kerro", "tule", "varaa", "pyydä", "lähetä",
               "täytä", "mene", "käy", "kirjoita", "vie", "mieti", "ehdota", "puhu", "lue"}


def words(text: str) -> str:
    """Whitespace normalised, and no space before punctuation: get_text(" ") puts one after an
    inline element, as in "<abbr>Kela</abbr>'s"."""
    return re.sub(r"\s+(?=[',.:;)])", "", " ".join(text.split()))


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", words(text)) if s]


def ends_with_action(text: str) -> bool:
    """The last sentence starts with an imperative from IMPERATIVES."""
    last = sentences(text)[-1]
    return re.match(r"\w+", last).group(0).lower() in IMPERATIVES


def abbreviations_in(text: str) -> list[str]:
    """Glossary abbreviations in the text, also inflected (Kelasta, TYP:n); case-sensitive."""
    return [term for term in ABBREVIATIONS if re.search(rf"\b{re.escape(term)}", text)]


def finnish_rule_ids(data: dict) -> set[str]:
    """Rules a service's Finnish resident text cites (every mode counts)."""
    cited = set()
    for key, value in data.items():
        if key in ("en", "se", "smn", "sms", "easy_finnish", "unverified") or not isinstance(value, str):
            continue
        cited |= {m.group(1) for m in CALL.finditer(value)}
    return cited


RULE_PAIRS = [(service_id, rule_id) for service_id, data in SERVICES.items()
              for rule_id in sorted(finnish_rule_ids(data))]


# --- English --------------------------------------------------------------------------------


def test_every_service_has_english():
    assert len(SERVICES) >= 19
    assert [i for i, data in SERVICES.items() if not data.get("en")] == []


@pytest.mark.parametrize("service_id", list(SERVICES))
def test_english_has_every_text_field_the_finnish_has(service_id):
    data = SERVICES[service_id]
    english = data["en"]
    assert english.get("name") and english.get("short_description")
    missing = [f for f in TEXT_FIELDS if data.get(f) and not english.get(f)]
    assert missing == [], f"{service_id}: en lacks {missing}"
    assert len(english.get("bring", [])) == len(data.get("bring", [])), "what to bring differs"


@pytest.mark.parametrize("service_id", list(SERVICES))
def test_english_page_is_english_without_the_finnish_fallback(built_site, service_id):
    page = html(built_site, f"en/services/{service_id}/index.html")
    assert page.html["lang"] == "en"
    assert page.h1.get_text(strip=True) == SERVICES[service_id]["en"]["name"]
    assert "This page is in Finnish" not in page.get_text()
    assert page.select_one("article div[lang=fi]") is None
    for field in ("description", "instructions", "requirements"):
        if field in SERVICES[service_id]["en"]:
            heading = {"description": "What is it?", "requirements": "Who is it for?",
                       "instructions": "How to apply"}[field]
            assert heading in [h.get_text(strip=True) for h in page.select("article h2")]


def test_english_index_marks_no_service_as_finnish(built_site):
    page = html(built_site, "en/services/index.html")
    links = page.select("article li a[href]")
    assert len(links) == len(SERVICES)
    assert "(in Finnish)" not in page.select_one("article").get_text()


def test_finnish_text_cites_the_appeal_and_the_right_to_meet_a_worker():
    """Guard against a vacuous rule test below: the data does cite these rules."""
    cited = {rule_id for _, rule_id in RULE_PAIRS}
    assert {"oikaisuvaatimus-aika", "ttt-tapaaminen"} <= cited


@pytest.mark.parametrize(("service_id", "rule_id"), RULE_PAIRS,
                         ids=[f"{s}-{r}" for s, r in RULE_PAIRS])
def test_english_page_states_each_rule_its_finnish_text_cites(built_site, service_id, rule_id):
    english = RULES[rule_id].get("en")
    assert english, f"rule {rule_id} has no en text in data/rules.yml"
    page = html(built_site, f"en/services/{service_id}/index.html")
    assert words(english) in words(page.select_one("article").get_text(" "))


def test_english_guards_catch_hand_written_copies():
    rules = load_site(ROOT).rules
    lines = list(enumerate([
        "A decision is made within 7 working days.",
        "You can appeal within 30 days of the decision.",
        "The assessment is ready within three months.",
        "Urgent cases are decided the same or the next working day.",
        "You get an answer within a week.",
        "Cited: " + '{{ rule("oikaisuvaatimus-aika", "en") }}',
    ], start=1))
    found = {line: ids for line, _, ids in copies(lines, rules)}
    assert "ttt-kasittelyaika" in found[1]
    assert "oikaisuvaatimus-aika" in found[2]
    assert "lastensuojelutarpeen-selvitys-aika" in found[3]
    assert "ttt-kiireellinen" in found[4]
    assert "ttt-kasittelyaika" in found[5]
    assert 6 not in found


# --- Easy Finnish ---------------------------------------------------------------------------


def test_easy_finnish_helpers_can_fail():
    assert ends_with_action("Palvelu on maksuton. Soita meille.")
    assert not ends_with_action("Soita meille. Palvelu on maksuton.")
    assert abbreviations_in("Hae ensin tukea Kelasta. Kysy SHL:stä.") == ["SHL"]  # Kela is known
    assert abbreviations_in("Kysy TYP:n työntekijältä.") == ["TYP"]
    assert abbreviations_in("Hän kertoo sinulle.") == []


@pytest.mark.parametrize("service_id", list(SERVICES))
def test_easy_finnish_ends_with_what_to_do_and_has_no_abbreviations(service_id):
    raw = SERVICES[service_id].get("easy_finnish")
    assert raw, f"{service_id} has no easy_finnish"
    text = load_site(ROOT).services[service_id].easy_finnish  # rule calls expanded
    assert ends_with_action(text), f"{service_id}: last sentence: {sentences(text)[-1]!r}"
    assert abbreviations_in(text) == []
    assert "viikon sisällä" not in words(raw) and "viikon sisällä" not in words(text)
    assert max(len(s.split()) for s in sentences(text)) <= 16, "a sentence is too long"


# --- Sámi -----------------------------------------------------------------------------------


def test_sami_page_links_the_countys_sami_sites(built_site):
    """The county's North, Inari and Skolt Sámi sites, each seen in its public pages
    (lapha.fi/sme/…, lapha.fi/smn/…, lapha.fi/sms/…)."""
    page = html(built_site, SAMI_PAGE)
    hrefs = {a["href"].rstrip("/") for a in page.select("article a[href]")}
    assert {"https://lapha.fi/sme", "https://lapha.fi/smn", "https://lapha.fi/sms"} <= hrefs
    for code in ("se", "smn", "sms"):
        link = page.select_one(f'article a[hreflang="{code}"]')
        assert link is not None and link.select_one(f'span[lang="{code}"]') is not None


def test_sami_page_tells_in_finnish_how_to_ask_for_sami_and_an_interpreter(built_site):
    page = html(built_site, SAMI_PAGE)
    assert page.html["lang"] == "fi"
    headings = [h.get_text(strip=True) for h in page.select("article h2")]
    assert "Näin pyydät palvelua saameksi" in headings and "Näin pyydät tulkin" in headings
    text = words(page.select_one("article").get_text(" "))
    assert "Kerro kielestä heti" in text and "Tulkkaus on sinulle maksuton" in text
    law = finlex_url("1086/2003")
    cited = {a.get_text(" ", strip=True) for a in page.select(f'article a[href="{law}"]')}
    for section in ("4 §", "12 §", "13 §", "15 §", "19 §"):
        assert f"Saamen kielilaki {section} Finlexissä" in cited
    for municipality in ("Enontekiön", "Inarin", "Utsjoen", "Sodankylän"):
        assert municipality in text


def test_sami_page_shows_no_unreviewed_text(built_site):
    """No service has Sámi text yet: each language says so, in Finnish, and nothing else."""
    assert not any(data.get(code) for data in SERVICES.values() for code in ("se", "smn", "sms"))
    page = html(built_site, SAMI_PAGE)
    assert page.select("article div[lang]") == []
    assert words(page.get_text()).count("Tällä kielellä ei ole vielä tarkistettuja") == 3


SAMI_SERVICE = """\
name: Palvelu
short_description: Lyhyt.
description: Pitkä.
charge_type: maksuton
target_groups: [Aikuiset]
languages: [fi, se]
area: Lappi
group: raha
organisation: hva
owner: Tiimi
last_reviewed: 2026-01-01
next_review: 2027-01-01
se:
  name: Bálvalus
  short_description: Oanehaččat.
"""


def sami_problems(extra: str) -> list[str]:
    source, problems = parse_yaml(SAMI_SERVICE + extra, "data/services/x.yml")
    assert problems == []
    _, problems = build_model(Service, source)
    return [str(p) for p in problems]


def test_sami_text_requires_a_reviewer_and_a_review_date():
    problems = sami_problems("")
    assert any(p.startswith("data/services/x.yml:13: se.reviewed_by: pakollinen kenttä puuttuu")
               for p in problems), problems
    assert any("se.reviewed_on: pakollinen kenttä puuttuu" in p for p in problems), problems
    assert sami_problems("  reviewed_by: Saamelaiskäräjien kielitoimisto\n"
                         "  reviewed_on: 2026-11-01\n") == []
    bad = sami_problems("  reviewed_by: Kielitoimisto\n  reviewed_on: eilen\n")
    assert len(bad) == 1 and bad[0].startswith("data/services/x.yml:17: se.reviewed_on:")


def sami_site(**services) -> Site:
    return Site(root=Path("."), laws={},
                organisations={"hva": Organisation(id="hva", name="Lapin hyvinvointialue",
                                                   contact_hint="Katso lapha.fi.")},
                service_groups={"raha": ServiceGroup(id="raha", name="Raha", description="R.")},
                services=services)


def service_with(**extra) -> Service:
    return Service(name=extra.pop("name", "Palvelu"), short_description="Lyhyt.",
                   description="Pitkä.", charge_type="maksuton", target_groups=["Aikuiset"],
                   languages=["fi"], area="Lappi", group="raha", organisation="hva",
                   owner="Tiimi", last_reviewed=date(2026, 1, 1), next_review=date(2027, 1, 1),
                   **extra)


def test_reviewed_sami_text_is_rendered_in_its_language_with_the_review():
    reviewed = ServiceSami(name="Bálvalus", short_description="Oanehaččat.",
                           description="Guhkit teaksta.", reviewed_by="Kielitoimisto",
                           reviewed_on=date(2026, 11, 1))
    unreviewed = ServiceSami.model_construct(name="Eará", short_description="Ii dárkkistuvvon.",
                                             description=None, reviewed_by="", reviewed_on=None)
    site = sami_site(a=service_with(name="Alfa", se=reviewed),
                     b=service_with(name="Beeta", se=unreviewed))
    assert [t["id"] for t in sami_texts(site, "se", "asukkaille/saamen-kieli.md")] == ["a"]
    markdown = sami_section(site, "se", "asukkaille/saamen-kieli.md")
    assert '<div lang="se" markdown="1">' in markdown
    assert "#### Bálvalus" in markdown and "Guhkit teaksta." in markdown
    assert "Kielitoimisto 1.11.2026" in markdown and "[Alfa](../palvelut/a.md)" in markdown
    assert "Eará" not in markdown and "Ii dárkkistuvvon" not in markdown
    other = sami_section(site, "smn", "asukkaille/saamen-kieli.md")
    assert "Bálvalus" not in other and "ei ole vielä tarkistettuja" in other


def test_sami_texts_macro_rejects_an_unknown_language():
    from macros.pages.editor_macros import handbook_macros
    macros = handbook_macros(lambda: sami_site(), lambda: "asukkaille/saamen-kieli.md")
    assert "ei ole vielä tarkistettuja" in macros["sami_texts"]("sms")
    with pytest.raises(ContentError, match="tuntematon saamen kieli"):
        macros["sami_texts"]("fi")


def test_english_page_without_translation_falls_back_to_finnish_with_a_note():
    """The fallback stays for a future service added without ``en``; a translated service's
    page has no note and shows the English cost details."""
    from macros.data.models import ServiceEnglish
    from macros.pages.residents import english_service_pages
    english = ServiceEnglish(name="Alpha", short_description="Alpha in short.",
                             description="About Alpha.", charge_description="Appeal in 30 days.")
    pages = english_service_pages(sami_site(
        a=service_with(name="Alfa", en=english),
        b=service_with(name="Beeta", charge_description="Lisätietoa.")))
    translated, fallback = pages["en/services/a.md"], pages["en/services/b.md"]
    assert "# Alpha" in translated and "This page is in Finnish" not in translated
    assert "- **Cost:** Free of charge. Appeal in 30 days." in translated
    assert '!!! note "This page is in Finnish"' in fallback and '<div lang="fi"' in fallback
    assert "# Beeta" in fallback
    index = pages["en/services/index.md"]
    assert "Services marked *(in Finnish)*" in index and "Beeta</span>](b.md) (in Finnish)" in index
    all_english = english_service_pages(sami_site(a=service_with(name="Alfa", en=english)))
    assert "(in Finnish)" not in all_english["en/services/index.md"]


def test_open_data_carries_english_and_reviewed_sami_text():
    from macros.data.models import ServiceEnglish
    from macros.pages.open_data import service_record
    english = ServiceEnglish(name="Alpha", short_description="In short.", description="About.",
                             charge_description="Appeal instructions.")
    sami = ServiceSami(name="Bálvalus", short_description="Oanehaččat.",
                       reviewed_by="Kielitoimisto", reviewed_on=date(2026, 11, 1))
    record = service_record(sami_site(a=service_with(
        name="Alfa", charge_description="Muutoksenhaku.", en=english, se=sami)), "a",
        "https://example.invalid/")
    assert record["name"] == {"fi": "Alfa", "en": "Alpha", "se": "Bálvalus"}
    assert record["chargeDescription"] == {"fi": "Muutoksenhaku.", "en": "Appeal instructions."}
    assert record["description"] == {"fi": "Pitkä.", "en": "About."}
