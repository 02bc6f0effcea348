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


def test_a_subject_is_shown_as_text_not_html():
    text = changes_page([Change(date(2026, 11, 2), "Esikatselu SITE_ROOT/previews/<branch> & muu",
                                ())], PAGES)
    assert "SITE_ROOT/previews/&lt;branch&gt; &amp; muu" in text and "<branch>" not in text


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
