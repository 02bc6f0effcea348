"""What a push may change on the publishing server, and the same check on an editor's machine.

    python -I push_policy.py OLD NEW REF     pre-receive, once per pushed ref, before any build
    python -I push_policy.py --local         ./kasikirja tarkista: the working tree (committed or
                                             not) against the publishing remote's main

Whoever pushes:
- only plain files and folders: no symbolic link, submodule or other tree entry (by mode in
  ``git ls-tree``, never by reading a link's target);
- no object over OBJECT_MAX bytes anywhere in the pushed history, no changed file over its
  kind's limit (FILE_MAX: images, pages and data files, registry snapshots), and a tree of at
  most TREE_FILES files and TREE_MAX bytes: what the build extracts and reads stays small;
- main is never deleted.

An editor (anyone not named in MAINTAINERS_FILE; the name is HANDBOOK_PUSHER, set from the SSH
key by ``git-shell-as``; a push without a name is an editor's):
- pushes branches only (``refs/heads/*``): tags, notes, ``refs/pull/*`` and the like are refused;
- never rewrites a branch's history (a push that is not a fast-forward);
- pushes a tree in which every path outside the content paths equals main's CURRENT tree, for
  main and for every branch, new or old (a branch made from an old commit of main brings the old
  code back: refused, naming each file that differs). Content is a data file
  (``data/**/*.yml``, the registry snapshots ``data/ptv.json`` and ``data/finlex.json``), a page
  (``docs/**/*.md``) or a raster image under ``docs/`` whose bytes are that image type, each a
  plain, non-executable file. Code, templates, configuration, dependencies, scripts,
  JavaScript, CSS and SVG are the maintainers'.

Messages are Finnish, name everything refused, and exit 1; no traceback reaches the editor.
Standard library only: this runs outside the sandbox, on untrusted input.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import PurePosixPath

ZERO = "0" * 40
EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
MAIN = "refs/heads/main"
REGULAR, EXECUTABLE, DIRECTORY = "100644", "100755", "040000"
TEXT = {"data": (".yml",), "docs": (".md",)}
SNAPSHOTS = (b"data/ptv.json", b"data/finlex.json")  # the registry syncs' snapshots (data too)
# Raster images and the bytes each starts with; SVG is not here: it can carry script.
IMAGES = {".png": (b"\x89PNG\r\n\x1a\n",), ".jpg": (b"\xff\xd8\xff",), ".jpeg": (b"\xff\xd8\xff",),
          ".gif": (b"GIF87a", b"GIF89a"), ".webp": (b"RIFF",)}
MB = 1024 * 1024
# The largest file of each kind a push may change (bytes), and what the editor reads about it.
FILE_MAX = {"image": (5 * MB, "kuvan"), "text": (1 * MB, "sivun tai tietotiedoston"),
            "snapshot": (20 * MB, "rekisteritiedoston"), None: (20 * MB, "tiedoston")}
OBJECT_MAX = 25 * MB  # any object anywhere in the pushed history
TREE_FILES, TREE_MAX = 5000, 200 * MB  # the whole pushed tree, as the build extracts it
TREE_ENTRIES = 2 * TREE_FILES  # files and folders, read before anything else is looked at
PATH_MAX = 200  # bytes in one path
NEW_COMMITS = 10_000  # commits one push may add (the build reads every one for dates)
CONTENT_RULE = ("Toimittaja voi muuttaa vain sisältöä: data/-kansion tietotiedostoja (.yml) "
                "ja docs/-kansion sivuja (.md) ja kuvia (.png, .jpg, .jpeg, .gif, .webp).")


class Refused(Exception):
    """The push is refused: ``lines`` say why, after the refusal's label."""

    def __init__(self, *lines: str):
        super().__init__(lines[0])
        self.lines = lines


def git(*args: str, data: bytes | None = None, env: dict | None = None) -> bytes:
    return subprocess.run(["git", *args], check=True, capture_output=True, input=data,
                          stdin=None if data is not None else subprocess.DEVNULL,
                          env=env).stdout


def shown(path: bytes) -> str:
    """A path as the editor may see it: control characters (a terminal's escapes) shown as codes."""
    text = path.decode("utf-8", "backslashreplace")
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in text)


def megabytes(size: int) -> str:
    return f"{size / MB:.1f}".replace(".", ",") + " Mt"


def is_image(suffix: str, head: bytes) -> bool:
    if suffix == ".webp":
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    return head.startswith(IMAGES[suffix])


def content_kind(path: bytes) -> str | None:
    """'text', 'snapshot' or 'image' for a path an editor may change, else None."""
    try:
        parts = PurePosixPath(path.decode("utf-8")).parts
    except UnicodeDecodeError:
        return None
    if len(parts) < 2:
        return None
    if path in SNAPSHOTS:
        return "snapshot"
    suffix = PurePosixPath(parts[-1]).suffix.lower()
    if parts[-1].endswith(TEXT.get(parts[0], ())):
        return "text"
    return "image" if parts[0] == "docs" and suffix in IMAGES else None


def entries(tree: str) -> list[tuple[str, str, bytes]]:
    """(mode, size or "-", path) of every entry of a tree, recursively, folders too; read as a
    stream and refused past TREE_ENTRIES (a million empty files pack into a few megabytes)."""
    out = []
    with subprocess.Popen(["git", "ls-tree", "-r", "-t", "-l", "-z", "--full-tree", tree],
                          stdout=subprocess.PIPE, stdin=subprocess.DEVNULL) as listing:
        rest = b""
        while chunk := listing.stdout.read(1 << 16):
            *records, rest = (rest + chunk).split(b"\0")
            for record in records:
                meta, _, path = record.partition(b"\t")
                mode, _, _, size = meta.decode().split()
                out.append((mode, size, path))
            if len(out) > TREE_ENTRIES:
                listing.kill()
                raise Refused(f"käsikirjassa on yli {TREE_ENTRIES} tiedostoa ja kansiota "
                              f"(enintään {TREE_FILES} tiedostoa). Poista ylimääräiset tiedostot "
                              "ja lähetä uudelleen.")
    if listing.returncode:
        raise subprocess.CalledProcessError(listing.returncode, "git ls-tree")
    return out


def check_links(found: list[tuple[str, str, bytes]]) -> None:
    """Only plain files and folders."""
    names = {"120000": "linkki", "160000": "alimoduuli"}
    odd = [f"  {shown(path)} ({names.get(mode, mode)})"
           for mode, _, path in found if mode not in (REGULAR, EXECUTABLE, DIRECTORY)]
    if odd:
        raise Refused("käsikirjassa saa olla vain tavallisia tiedostoja ja kansioita, ei "
                      "linkkejä eikä alimoduuleja. Poista nämä ja lähetä uudelleen:", *odd)
    long = [f"  {shown(path[:80])}…" for _, _, path in found if len(path) > PATH_MAX]
    if long:
        raise Refused(f"tiedoston polku on yli {PATH_MAX} merkkiä pitkä. Lyhennä kansioiden ja "
                      "tiedostojen nimiä ja lähetä uudelleen:", *long[:10])


def check_totals(found: list[tuple[str, str, bytes]]) -> None:
    """Not too many files, nor too much in them, in the tree the build extracts."""
    files = [int(size) for mode, size, _ in found if mode != DIRECTORY]
    if len(files) > TREE_FILES or sum(files) > TREE_MAX:
        raise Refused(f"käsikirjassa on {len(files)} tiedostoa, yhteensä {megabytes(sum(files))} "
                      f"(enintään {TREE_FILES} tiedostoa ja {megabytes(TREE_MAX)}). Poista "
                      "ylimääräiset tiedostot ja lähetä uudelleen.")


def check_history(new: str) -> None:
    """Not too many new commits, and no object of the push (its whole new history, not only
    the last commit) too big."""
    count = int(git("rev-list", "--count", new, "--not", "--all"))
    if count > NEW_COMMITS:
        raise Refused(f"lähetyksessä on {count} uutta committia (enintään {NEW_COMMITS}). Tee "
                      "muutos uudelleen uuteen haaraan vähemmillä commiteilla ja lähetä uudelleen.")
    listed = git("rev-list", "--objects", new, "--not", "--all")
    ids = b"\n".join(line.split(b" ", 1)[0] for line in listed.splitlines() if line)
    if not ids:
        return
    big = [line for line in git("cat-file", "--batch-check=%(objectsize) %(objectname)",
                                data=ids + b"\n").decode().splitlines()
           if int(line.split()[0]) > OBJECT_MAX]
    if big:
        size, name = big[0].split()
        raise Refused(f"lähetyksessä on {megabytes(int(size))}:n kokoinen tiedosto tai muutos "
                      f"({name[:12]}), enintään {megabytes(OBJECT_MAX)}. Poista se myös "
                      "aiemmista commiteista (esimerkiksi tekemällä muutos uudelleen uuteen "
                      "haaraan) ja lähetä uudelleen.")


def changes(base: str, new: str) -> list[tuple[str, str, bytes]]:
    """(new mode, new blob, path) of every path that differs; a removed path has mode 000000."""
    raw = git("diff-tree", "-r", "-z", "--no-renames", "--raw", base, new).split(b"\0")
    out = []
    for meta, path in zip(raw[0::2], raw[1::2], strict=False):  # a trailing empty field
        if meta.startswith(b":"):
            fields = meta[1:].decode().split(" ")
            out.append((fields[1], fields[3], path))
    return out


def check_sizes(found: list[tuple[str, str, bytes]]) -> None:
    """Each changed file within its kind's limit (an image of 300 MB of zeros packs small)."""
    present = [(blob, path) for mode, blob, path in found if mode != "000000"]
    if not present:
        return
    sizes = git("cat-file", "--batch-check=%(objectsize)",
                data=b"".join(blob.encode() + b"\n" for blob, _ in present)).split()
    big = []
    for (_, path), size in zip(present, map(int, sizes), strict=True):
        limit, kind = FILE_MAX[content_kind(path)]
        if size > limit:
            big.append(f"  {shown(path)} ({megabytes(size)}; {kind} enimmäiskoko on "
                       f"{megabytes(limit)})")
    if big:
        raise Refused("tiedosto on liian suuri. Pienennä kuva (esimerkiksi leveys enintään "
                      "2000 pikseliä) tai jaa teksti osiin ja lähetä uudelleen:", *big)


def not_content(found: list[tuple[str, str, bytes]]) -> list[str]:
    refused = []
    for mode, blob, path in found:
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


def check_content(main_tree: str, new: str, team: list[str] | None, who: str, branch: bool) -> None:
    """An editor's tree equals main's current tree everywhere but the content paths; ``team``
    is the server's maintainers (None on an editor's machine, which does not know them; the
    message is the same on both, as long as the server has maintainers)."""
    outside = not_content(changes(main_tree, new))
    if not outside:
        return
    named = "" if team else " (palvelimen maintainers-luettelo on tyhjä)" * (team is not None)
    old_branch = ("Jos et muuttanut näitä itse, haarasi on tehty main-haaran vanhemmasta "
                  "versiosta: yhdistä siihen main-haaran uusin versio (git pull julkaisu main) "
                  "ja lähetä uudelleen. Muuten p" if branch else "P")
    raise Refused(f"muutos koskee muutakin kuin sisältöä ({who}).", CONTENT_RULE,
                  "Nämä tiedostot eroavat main-haarasta, ja niitä voi muuttaa vain ylläpitäjä:",
                  *outside,
                  f"{old_branch}oista muutokset näistä tiedostoista ja lähetä uudelleen, tai "
                  f"pyydä ylläpitäjää{named} tekemään muutos.")


def maintainers(file: str) -> list[str]:
    try:
        with open(file, encoding="utf-8") as handle:
            return [line.split("#")[0].strip() for line in handle if line.split("#")[0].strip()]
    except OSError:
        return []


def main_tree() -> str:
    found = subprocess.run(["git", "rev-parse", "-q", "--verify", f"{MAIN}^{{tree}}"],
                           capture_output=True, text=True, stdin=subprocess.DEVNULL)
    return found.stdout.strip() if found.returncode == 0 else EMPTY_TREE


def check_ref(old: str, new: str, ref: str, pusher: str, team: list[str]) -> None:
    maintainer = bool(pusher) and pusher in team
    if not ref.startswith("refs/heads/"):
        if maintainer:
            return
        raise Refused(f"{shown(ref.encode())} ei ole haara. Toimittaja voi lähettää vain haaroja "
                      "(git push julkaisu HAARA); tunnisteet (tags), muistiinpanot (notes) ja "
                      "muut viittaukset voi lähettää vain ylläpitäjä.")
    if new == ZERO:
        if ref == MAIN:
            raise Refused("päähaaraa main ei voi poistaa.")
        return
    if git("cat-file", "-t", new).strip() != b"commit":
        raise Refused("haaran pitää osoittaa committiin.")
    tree = entries(new)
    check_links(tree)
    check_sizes(changes(main_tree() if old == ZERO else old, new))
    check_totals(tree)
    check_history(new)
    if maintainer:
        return
    if old != ZERO and subprocess.run(["git", "merge-base", "--is-ancestor", old, new],
                                      stdin=subprocess.DEVNULL).returncode != 0:
        raise Refused(f"muutos korvaisi haaran {shown(ref[11:].encode())} historian (force push), "
                      "ja sen voi tehdä vain ylläpitäjä. Hae ensin palvelimen muutokset "
                      f"(git pull julkaisu {shown(ref[11:].encode())}) ja lähetä uudelleen ilman "
                      "--force-valintaa.")
    who = f"käyttäjä {pusher} ei ole ylläpitäjä" if pusher else "tunnistamaton lähettäjä ei ole ylläpitäjä"
    check_content(main_tree(), new, team, who, ref != MAIN)


def server(old: str, new: str, ref: str) -> int:
    label = ("JULKAISU HYLÄTTY" if ref == MAIN else
             "ESIKATSELU HYLÄTTY" if ref.startswith("refs/heads/") else "LÄHETYS HYLÄTTY")
    try:
        check_ref(old, new, ref, os.environ.get("HANDBOOK_PUSHER", ""),
                  maintainers(os.environ.get("MAINTAINERS_FILE", "")))
    except Refused as refused:
        print(f"{label}: {refused.lines[0]}", *refused.lines[1:], sep="\n", file=sys.stderr)
        return 1
    return 0


def working_tree() -> str:
    """The tree of the working tree as `git add -A` would commit it, in a throwaway index."""
    with tempfile.TemporaryDirectory(prefix="kasikirja-") as scratch:
        index = os.path.join(scratch, "index")
        own = git("rev-parse", "--git-path", "index").decode().strip()
        if os.path.exists(own):
            shutil.copyfile(own, index)  # its file times make `add` fast
        env = {**os.environ, "GIT_INDEX_FILE": index}
        git("add", "-A", ".", env=env)
        return git("write-tree", env=env).decode().strip()


def local() -> int:
    """./kasikirja tarkista: refuse what the server would refuse an editor's push of this tree."""
    for remote in ("julkaisu", "origin"):
        base = subprocess.run(["git", "rev-parse", "-q", "--verify",
                               f"refs/remotes/{remote}/main^{{tree}}"],
                              capture_output=True, text=True, stdin=subprocess.DEVNULL)
        if base.returncode == 0:
            break
    else:
        print("Huomio: palvelimen main-haaraa ei ole haettu (git fetch julkaisu), joten "
              "muutosta ei verrattu siihen.", file=sys.stderr)
        return 0
    new = working_tree()
    try:
        tree = entries(new)
        check_links(tree)
        check_sizes(changes(base.stdout.strip(), new))
        check_totals(tree)
        check_content(base.stdout.strip(), new, None, "vain ylläpitäjä voi lähettää sen", True)
    except Refused as refused:
        print(f"PALVELIN HYLKÄÄ MUUTOKSEN ({remote}/main): {refused.lines[0]}", *refused.lines[1:],
              sep="\n", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    try:
        sys.exit(local() if sys.argv[1:] == ["--local"] else server(*sys.argv[1:4]))
    except (subprocess.CalledProcessError, ValueError, TypeError, OSError) as error:
        print(f"Muutoksen tarkistus epäonnistui ({type(error).__name__}); mitään ei julkaistu. "
              "Kerro tästä ylläpitäjälle.", file=sys.stderr)
        sys.exit(1)
