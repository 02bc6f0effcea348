"""What a push may change on the publishing server (run by pre-receive, before any build).

    python -I push_policy.py OLD NEW REF

- Nobody's push may hold a symbolic link, a submodule or any other tree entry that is not a
  plain file, anywhere in the pushed tree (checked by mode in ``git ls-tree``, never by reading
  a link's target).
- An editor's push changes content only: every path it adds, changes or removes is a data file
  (``data/**/*.yml``, or a registry snapshot ``data/ptv.json``, ``data/finlex.json`` that
  ``deploy/sync-registries.sh`` pushes), a page (``docs/**/*.md``) or a raster image under
  ``docs/`` whose bytes are that image type, each a plain, non-executable file. Code, templates, configuration,
  dependencies, scripts, JavaScript, CSS and SVG are the maintainers'.
- A maintainer is a user name listed in MAINTAINERS_FILE (one per line, ``#`` comments), the
  pusher's name is HANDBOOK_PUSHER, set from the SSH key by ``git-shell-as``. A push without a
  name is an editor's.

What counts as changed: main's new tree against its old one; a branch's against its old tip,
or for a new branch against where it left main (against nothing when it shares no history
with main). Messages are Finnish, name every refused file, and exit 1; no traceback reaches
the editor. Standard library only: this runs outside the sandbox, on untrusted input.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import PurePosixPath

ZERO = "0" * 40
EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
REGULAR, EXECUTABLE, DIRECTORY = "100644", "100755", "040000"
TEXT = {"data": (".yml",), "docs": (".md",)}
SNAPSHOTS = (b"data/ptv.json", b"data/finlex.json")  # the registry syncs' snapshots (data too)
# Raster images and the bytes each starts with; SVG is not here: it can carry script.
IMAGES = {".png": (b"\x89PNG\r\n\x1a\n",), ".jpg": (b"\xff\xd8\xff",), ".jpeg": (b"\xff\xd8\xff",),
          ".gif": (b"GIF87a", b"GIF89a"), ".webp": (b"RIFF",)}
CONTENT_RULE = ("Toimittaja voi muuttaa vain sisältöä: data/-kansion tietotiedostoja (.yml) "
                "ja docs/-kansion sivuja (.md) ja kuvia (.png, .jpg, .jpeg, .gif, .webp).")


def git(*args: str) -> bytes:
    return subprocess.run(["git", *args], check=True, capture_output=True,
                          stdin=subprocess.DEVNULL).stdout


def shown(path: bytes) -> str:
    """A path as the editor may see it: control characters (a terminal's escapes) shown as codes."""
    text = path.decode("utf-8", "backslashreplace")
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in text)


def is_image(suffix: str, head: bytes) -> bool:
    if suffix == ".webp":
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    return head.startswith(IMAGES[suffix])


def content_kind(path: bytes) -> str | None:
    """'text' or 'image' for a path an editor may change, else None."""
    try:
        parts = PurePosixPath(path.decode("utf-8")).parts
    except UnicodeDecodeError:
        return None
    if len(parts) < 2:
        return None
    if path in SNAPSHOTS:
        return "text"
    suffix = PurePosixPath(parts[-1]).suffix.lower()
    if parts[-1].endswith(TEXT.get(parts[0], ())):
        return "text"
    return "image" if parts[0] == "docs" and suffix in IMAGES else None


def entries(tree: str) -> list[tuple[str, bytes]]:
    """(mode, path) of every entry of a tree, recursively, folders too."""
    out = []
    for record in git("ls-tree", "-r", "-t", "-z", "--full-tree", tree).split(b"\0"):
        if record:
            meta, _, path = record.partition(b"\t")
            out.append((meta.split(b" ")[0].decode(), path))
    return out


def odd_entries(tree: str) -> list[str]:
    """Entries that are not plain files or folders: symlinks (120000), submodules (160000)."""
    names = {"120000": "linkki", "160000": "alimoduuli"}
    return [f"  {shown(path)} ({names.get(mode, mode)})"
            for mode, path in entries(tree) if mode not in (REGULAR, EXECUTABLE, DIRECTORY)]


def changes(base: str, new: str) -> list[tuple[str, str, bytes]]:
    """(new mode, new blob, path) of every path that differs; a removed path has mode 000000."""
    raw = git("diff-tree", "-r", "-z", "--no-renames", "--raw", base, new).split(b"\0")
    out = []
    for meta, path in zip(raw[0::2], raw[1::2], strict=False):  # a trailing empty field
        if meta.startswith(b":"):
            fields = meta[1:].decode().split(" ")
            out.append((fields[1], fields[3], path))
    return out


def not_content(base: str, new: str) -> list[str]:
    refused = []
    for mode, blob, path in changes(base, new):
        kind = content_kind(path)
        if kind is None:
            refused.append(f"  {shown(path)}")
        elif mode not in (REGULAR, "000000"):
            refused.append(f"  {shown(path)} (suoritettava tiedosto: poista suoritusoikeus)")
        elif kind == "image" and mode != "000000":
            suffix = PurePosixPath(path.decode()).suffix.lower()
            head = git("cat-file", "blob", blob)[:16]
            if not is_image(suffix, head):
                refused.append(f"  {shown(path)} (ei ole {suffix[1:].upper()}-kuva)")
    return refused


def base_of(old: str, new: str, ref: str) -> str:
    if old != ZERO:
        return old
    if ref != "refs/heads/main":
        main = subprocess.run(["git", "merge-base", "refs/heads/main", new], capture_output=True,
                              text=True, stdin=subprocess.DEVNULL)
        if main.returncode == 0 and main.stdout.strip():
            return main.stdout.strip()
    return EMPTY_TREE


def maintainers(file: str) -> list[str]:
    try:
        with open(file, encoding="utf-8") as handle:
            return [line.split("#")[0].strip() for line in handle if line.split("#")[0].strip()]
    except OSError:
        return []


def main(old: str, new: str, ref: str) -> int:
    refused = "JULKAISU HYLÄTTY" if ref == "refs/heads/main" else "ESIKATSELU HYLÄTTY"
    odd = odd_entries(new)
    if odd:
        print(f"{refused}: käsikirjassa saa olla vain tavallisia tiedostoja ja kansioita, ei "
              "linkkejä eikä alimoduuleja. Poista nämä ja lähetä uudelleen:", *odd, sep="\n",
              file=sys.stderr)
        return 1
    pusher = os.environ.get("HANDBOOK_PUSHER", "")
    team = maintainers(os.environ.get("MAINTAINERS_FILE", ""))
    if pusher and pusher in team:
        return 0
    outside = not_content(base_of(old, new, ref), new)
    if not outside:
        return 0
    who = f"käyttäjä {pusher}" if pusher else "tunnistamaton lähettäjä"
    print(f"{refused}: muutos koskee muutakin kuin sisältöä ({who} ei ole ylläpitäjä).",
          CONTENT_RULE, "Näitä tiedostoja voi muuttaa vain ylläpitäjä:", *outside,
          "Poista muutokset näistä tiedostoista ja lähetä uudelleen, tai pyydä ylläpitäjää "
          f"({', '.join(team) or 'palvelimen maintainers-luettelo on tyhjä'}) tekemään muutos.",
          sep="\n", file=sys.stderr)
    return 1


if __name__ == "__main__":
    try:
        sys.exit(main(*sys.argv[1:4]))
    except (subprocess.CalledProcessError, ValueError, TypeError) as error:
        print(f"Muutoksen tarkistus epäonnistui ({type(error).__name__}); mitään ei julkaistu. "
              "Kerro tästä ylläpitäjälle.", file=sys.stderr)
        sys.exit(1)
