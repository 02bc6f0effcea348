"""core/files.py: symlinks and special files in content folders are found, never followed."""

import os

from macros.core.files import irregular_files, regular


def test_links_and_fifos_are_found_and_regular_files_pass(tmp_path):
    (tmp_path / "docs/a").mkdir(parents=True)
    (tmp_path / "docs/a/sivu.md").write_text("# Sivu\n")
    (tmp_path / "docs/a/linkki.md").symlink_to("/etc/passwd")
    (tmp_path / "docs/kansio").symlink_to("/etc")
    (tmp_path / "data").mkdir()
    os.mkfifo(tmp_path / "data/putki.yml")
    (tmp_path / "overrides").symlink_to("/etc")
    found = {p.path: p.message for p in irregular_files(tmp_path)}
    assert set(found) == {"docs/a/linkki.md", "docs/kansio", "data/putki.yml", "overrides"}
    assert "symbolinen linkki" in found["docs/kansio"] and "tavallinen" in found["data/putki.yml"]
    assert all("root:" not in message for message in found.values())
    assert regular(tmp_path / "docs/a/sivu.md") and not regular(tmp_path / "docs/a/linkki.md")


def test_missing_folders_are_nothing_to_report(tmp_path):
    assert irregular_files(tmp_path) == []
