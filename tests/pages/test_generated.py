"""Which docs pages are hand-written (``macros/pages/generated.py``), read as the editor saved
them (issue 31, point 7): a page whose code example shows ``generated_from:`` is still the
editor's (``generate`` keeps it, the guards check it), and a page not saved as UTF-8 gets a
Finnish message with its file from ``check`` and from the build, never a traceback."""

from __future__ import annotations

from sites import build, fixture_site, run_cli

from macros.pages.generated import is_generated

EXAMPLE = """\
---
title: Esimerkki
---

# Esimerkki

Generoidun sivun alussa on rivi:

```yaml
generated_from: data/services/alfa.yml
```

Henkilötunnus 131052-308T ei kuulu tänne.
"""


def test_generated_means_the_front_matter_says_so_not_the_text():
    assert not is_generated(EXAMPLE)
    assert is_generated("---\ntitle: A\ngenerated_from: data/services/alfa.yml\n---\n\n# A\n")
    assert not is_generated("# A\n\ngenerated_from: x\n")


def test_a_page_with_generated_from_in_a_code_example_survives_generate_and_is_checked(tmp_path):
    project = fixture_site(tmp_path, changes={"docs/esimerkki.md": EXAMPLE})
    generated = run_cli(project, "generate")
    assert generated.returncode == 0, generated.stderr
    assert (project / "docs/esimerkki.md").read_text(encoding="utf-8") == EXAMPLE
    assert (project / "docs/palvelut/alfa.md").is_file()
    checked = run_cli(project, "check")
    # The guards saw the page: its identity code is reported with its line.
    assert checked.returncode == 1
    assert "docs/esimerkki.md:13: " in checked.stderr and "henkilötunnus" in checked.stderr.lower()


def test_a_latin1_page_gets_a_finnish_message_with_its_file_from_check_and_build(tmp_path):
    project = fixture_site(tmp_path)
    (project / "docs/vanha.md").write_bytes("# Sivu\n\nTämä on vanha sivu.\n".encode("latin-1"))
    message = "docs/vanha.md:3: merkistö: sivu ei ole UTF-8-muodossa"
    checked = run_cli(project, "check")
    assert checked.returncode == 1 and message in checked.stderr, checked.stderr
    assert "Traceback" not in checked.stderr and "UnicodeDecodeError" not in checked.stderr
    built = build(project, tmp_path / "site")
    assert built.returncode != 0 and message in built.output, built.output
    assert "Traceback" not in built.output and "UnicodeDecodeError" not in built.output
