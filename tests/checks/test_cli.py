"""`python -m macros check` and `generate`, and a build that runs no hooks."""

import pytest
import yaml
from bs4 import BeautifulSoup
from sites import ROOT, build, fixture_site, run_cli
from test_scenarios import SCENARIOS


def test_check_passes_on_the_real_handbook():
    result = run_cli(ROOT, "check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Tiedot kunnossa:")


def test_check_reports_missing_contacts_only_where_no_public_number_was_found():
    """The real data: services whose county numbers are in data/contacts.yml report nothing;
    every remaining line is a channel or office still without a public number or address."""
    result = run_cli(ROOT, "check", "--kaikki")
    assert "numeroa ei ole" not in result.stdout + result.stderr
    section = result.stdout.split("Yhteystieto puuttuu")[1].split("\n\n")[0]
    text = " ".join(line.strip() for line in section.splitlines()[1:])
    assert text, result.stdout
    for service in ("sosiaalipaivystys", "sosiaaliasiavastaava", "toimeentulotuki",
                    "aikuissosiaalityo", "sosiaalineuvonta"):
        assert f"data/services/{service}.yml" not in text, text
    contacts = yaml.safe_load((ROOT / "data/contacts.yml").read_text(encoding="utf-8"))
    for contact in contacts:
        reported = f"({contact['id']}, käytössä" in text or f": {contact['id']}, käytössä" in text
        assert reported == (contact["kind"] == "puhelin" and "phone" not in contact
                            or contact["kind"] == "palvelupaikka"
                            and not ({"phone", "address"} & set(contact))), contact["id"]
    actions = [line for line in section.splitlines()[1:] if not line.startswith("    ")]
    assert actions and all("puuttu" in line for line in actions), actions


def test_check_fails_with_one_line_per_problem(tmp_path):
    project = fixture_site(tmp_path, edits={
        "data/services/alfa.yml": ("charge_type: maksuton", "charge_type: ilmainen"),
        "data/services/beeta.yml": ("group: neuvonta", "group: neuvo")})
    result = run_cli(project, "check")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines[0] == ('data/services/alfa.yml:7: charge_type: arvo "ilmainen" ei kelpaa '
                        "(sallitut: maksuton, maksullinen, muu).")
    assert lines[1].startswith('data/services/beeta.yml:8: group: tuntematon ryhmä "neuvo".')
    assert "Traceback" not in result.stderr


def test_check_reports_overdue_reviews_and_missing_contacts_without_failing(tmp_path):
    result = run_cli(fixture_site(tmp_path), "check", "--today", "2026-12-01", "--kaikki")
    assert result.returncode == 0
    assert ("data/services/beeta.yml:12: 1.8.2026: tarkistuspäivä (next_review) on mennyt."
            in result.stdout)
    assert ("data/services/alfa.yml:18: Neuvonta: kanavalta puuttuu puhelinnumero (phone)."
            in result.stdout)


def test_plain_check_counts_the_reminders_and_lists_only_what_needs_action(tmp_path):
    """Reminders do not stop publishing: a plain `check` says how many there are and how to
    list them; `--kaikki` lists them, each once, under its title."""
    project = fixture_site(tmp_path)
    plain = run_cli(project, "check", "--today", "2026-12-01")
    assert plain.returncode == 0, plain.stderr
    assert plain.stdout.splitlines()[0].startswith("Tiedot kunnossa:")
    assert "next_review" not in plain.stdout and "puhelinnumero puuttuu" not in plain.stdout
    assert ("6 muistutusta (tarkistus myöhässä 1, yhteystieto puuttuu 1, rekisterien "
            "tilannekuvat 2, ptv-tunnukset 2). Ne eivät estä "
            "julkaisua; näet ne komennolla ./kasikirja tarkista --kaikki") in plain.stdout
    everything = run_cli(project, "check", "--today", "2026-12-01", "--kaikki")
    assert "Tarkistus myöhässä (1):" in everything.stdout
    assert "Yhteystieto puuttuu (1):" in everything.stdout


def test_check_reports_a_rule_verified_more_than_a_year_ago_without_failing(tmp_path):
    """The fixture's rule was verified 1.11.2026: fine for a year, then reported."""
    project = fixture_site(tmp_path)
    expected = ("data/rules.yml:8: kasittelyaika, 1.11.2026: sääntö on tarkistettu yli vuosi "
                "sitten.")
    within = run_cli(project, "check", "--today", "2027-11-01", "--kaikki")
    assert within.returncode == 0 and expected not in within.stdout
    late = run_cli(project, "check", "--today", "2027-11-03", "--kaikki")
    assert late.returncode == 0, late.stderr
    assert "Sääntö tarkistamatta (1):" in late.stdout
    assert expected in late.stdout


CONTACTS = """\
- id: neuvonta
  kind: puhelin
  name: Neuvonta
  phone: 016 123 4567
  organisation: hva
  source: https://lapha.fi/neuvonta
  checked: 2025-10-01
- id: paivystys
  kind: puhelin
  name: Päivystys
  phone: "112"
  organisation: hva
  source: https://112.fi/
  checked: 2026-10-01
"""
MUNICIPALITIES = """\
- id: kemi
  name: Kemi
  subregion: Kemi-Tornio
  office: {name: Kemin sosiaalitoimisto, address: Valtakatu 1, source: https://kemi.fi/, checked: 2025-09-01}
- id: tornio
  name: Tornio
  subregion: Kemi-Tornio
"""


def test_contacts_offices_and_county_pages_checked_over_a_year_ago_are_reminders(tmp_path):
    """Every ``checked`` date is read (issue 31, point 7): a phone number checked over a year
    ago is a reminder at its line; one checked within the year is not; the reminders with
    the same action are one group (the two missing offices are one line of places)."""
    project = fixture_site(tmp_path, changes={
        "data/contacts.yml": CONTACTS, "data/municipalities.yml": MUNICIPALITIES,
    }, edits={"data/services/alfa.yml": ("organisation: hva\n", "organisation: hva\ncounty_page: "
                                         "{url: https://lapha.fi/alfa, checked: 2025-11-01}\n")})
    result = run_cli(project, "check", "--today", "2026-12-01", "--kaikki")
    assert result.returncode == 0, result.stderr
    section = result.stdout.split("Yhteystieto tarkistettu yli vuosi sitten (3):\n")[1]
    section = section.split("\n\n")[0]
    assert section.splitlines()[0] == (
        "  Tarkistettu yli vuosi sitten. Tarkista tiedot lähteestä (source tai url) ja päivitä "
        "tarkistuspäivä (checked). (3 kohtaa):")
    places = " ".join(line.strip() for line in section.splitlines()[1:])
    assert places == ("data/contacts.yml rivi 7 (neuvonta, 1.10.2025); data/services/alfa.yml "
                      "rivi 21 (county_page, 1.11.2025); data/municipalities.yml rivi 4 (Kemi: "
                      "office, 1.9.2025).")
    assert "paivystys" not in section
    assert "[0]" not in result.stdout and "].verified" not in result.stdout


def test_generated_pages_build_the_same_site_without_hooks(tmp_path):
    """`generate` then a config with no hooks: what an engine without hooks (Zensical) sees."""
    with_hooks = build(fixture_site(tmp_path / "a"), tmp_path / "site-a")
    project = fixture_site(tmp_path / "b")
    assert run_cli(project, "generate").returncode == 0
    written = project / "docs/palvelut/beeta.md"
    written.write_text(written.read_text() + "\nKirjoitettu levylle.\n")  # a hook would replace it
    (project / "nohooks.yml").write_text("INHERIT: mkdocs.yml\nhooks: []\n")
    without_hooks = build(project, tmp_path / "site-b", config="nohooks.yml")
    assert with_hooks.returncode == 0 and without_hooks.returncode == 0, without_hooks.output
    for page in ("palvelut/index.html", "palvelut/alfa/index.html", "palvelut/beeta/index.html"):
        a = BeautifulSoup((with_hooks.site / page).read_text(), "html.parser").select_one("article")
        b = BeautifulSoup((without_hooks.site / page).read_text(), "html.parser").select_one("article")
        if page != "palvelut/beeta/index.html":
            # the hooks' soft hyphens in headings are the only difference
            assert a.get_text().replace("\xad", "") == b.get_text(), page
    assert "Kirjoitettu levylle." in (without_hooks.site / "palvelut/beeta/index.html").read_text()


@pytest.mark.parametrize("name", SCENARIOS)
def test_check_names_file_line_and_field_for_every_kind_of_bad_input(tmp_path, name):
    """The same bad inputs as the build scenarios, found by `check` without building."""
    edits, expected = SCENARIOS[name]
    result = run_cli(fixture_site(tmp_path, edits=edits), "check")
    assert result.returncode == 1, result.stdout
    assert expected in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
