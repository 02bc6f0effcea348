"""The changes page (macros/history.py): pure rendering, and reading a real git repository."""

import subprocess
from datetime import date

from macros.pages.history import Change, changes_page, page_of, read_history

PAGES = {"palvelut/a.md": "Alfa", "index.md": "Etusivu", "tietoa/muutokset.md": "Muutokset"}


def test_changed_files_map_to_the_pages_they_show_on():
    assert page_of("data/services/a.yml", set(PAGES)) == "palvelut/a.md"
    assert page_of("docs/index.md", set(PAGES)) == "index.md"
    assert page_of("macros/pages.py", set(PAGES)) is None
    assert page_of("data/services/poistettu.yml", set(PAGES)) is None


def test_changes_page_lists_dates_subjects_and_links():
    text = changes_page([Change(date(2026, 11, 2), "Päivitetty alfan käsittelyaika",
                                ("data/services/a.yml", "docs/index.md"))], PAGES)
    assert "- **2.11.2026**: Päivitetty alfan käsittelyaika ([Etusivu](../index.md), " \
           "[Alfa](../palvelut/a.md))" in text


# Commit messages are an editor's text that stays in main's history for good: one the output
# allowlist refused would stop every later build, so none may form markup.
HOSTILE_SUBJECTS = (
    "Esikatselu SITE_ROOT/previews/<branch> & muu",
    "Katso [ohje](javascript:alert(1)) ja ![kuva](https://seuranta.example/k.png)",
    "Otsikko {: onclick=\"alert(1)\" } ja <img src=x onerror=alert(1)>",
    "{{ 7 * 7 }} ja {% raw %} ja *korostus* `koodi` ~~yli~~ https://esimerkki.example/",
    "- lista: 1. kohta # otsikko > lainaus !!! note",
)


def test_a_subject_is_shown_as_text_not_markup():
    """Each subject reaches the built page as the same text, without a tag or link of its own,
    and passes the output allowlist (markdown as mkdocs.yml sets it, then the one walk)."""
    import markdown
    from bs4 import BeautifulSoup

    from macros.assemble.page_html import PageHtml
    text = changes_page([Change(date(2026, 11, 2), subject, ()) for subject in HOSTILE_SUBJECTS],
                        PAGES)
    html = markdown.markdown(text, extensions=["abbr", "admonition", "attr_list", "def_list",
                                               "md_in_html", "pymdownx.superfences"])
    _, findings, _ = PageHtml(lambda word: ()).run(html, content_only=True)
    assert findings == []
    items = BeautifulSoup(html, "html.parser").select("li")
    assert [li.get_text().split(": ", 1)[1] for li in items] == list(HOSTILE_SUBJECTS)
    assert all(li.find_all(True) == [li.strong] for li in items), html


def test_without_history_the_page_says_so():
    assert "Muutoshistoria ei ole saatavilla" in changes_page(None, PAGES)


def test_read_history_from_a_real_repository(tmp_path):
    def git(*args):
        subprocess.run(["git", "-C", str(tmp_path), *args], check=True, capture_output=True)
    git("init", "-q")
    git("config", "user.email", "toimitus@example.invalid")
    git("config", "user.name", "Toimitus")
    (tmp_path / "data/services").mkdir(parents=True)
    (tmp_path / "data/services/a.yml").write_text("name: A\n")
    git("add", "-A")
    git("commit", "-qm", "Lisätty palvelu A")
    (tmp_path / "README.md").write_text("x\n")
    git("add", "-A")
    git("commit", "-qm", "Ohje")
    changes = read_history(tmp_path)
    assert [c.subject for c in changes] == ["Ohje", "Lisätty palvelu A"]
    assert changes[1].files == ("data/services/a.yml",)
    assert read_history(tmp_path / "data") is not None  # any folder inside the repository
    assert read_history(tmp_path.parent / "ei-ole") is None


def test_only_what_was_published_is_listed_not_the_commits_of_a_branch(tmp_path):
    """The guide publishes a branch by a merge "Julkaistu: …": the page lists that message with
    every file the branch changed, and none of the editor's working commits (issue 31, 6)."""
    def git(*args):
        subprocess.run(["git", "-C", str(tmp_path), *args], check=True, capture_output=True)
    git("init", "-q", "--initial-branch=main")
    git("config", "user.email", "toimitus@example.invalid")
    git("config", "user.name", "Toimitus")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/index.md").write_text("# A\n")
    git("add", "-A")
    git("commit", "-qm", "Käsikirja")
    git("switch", "-q", "-c", "muutos/velkaneuvonta")
    (tmp_path / "data/services").mkdir(parents=True)
    (tmp_path / "data/services/velkaneuvonta.yml").write_text("name: V\n")
    git("add", "-A")
    git("commit", "-qm", "testi, älä katso")
    (tmp_path / "docs/index.md").write_text("# B\n")
    git("commit", "-qam", "korjaus")
    git("switch", "-q", "main")
    git("merge", "-q", "--no-ff", "-m", "Julkaistu: velkaneuvonta", "muutos/velkaneuvonta")
    changes = read_history(tmp_path)
    assert [c.subject for c in changes] == ["Julkaistu: velkaneuvonta", "Käsikirja"]
    assert set(changes[0].files) == {"data/services/velkaneuvonta.yml", "docs/index.md"}
