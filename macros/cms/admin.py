"""The web editor's folder: ``python -m macros cms`` writes everything ``/admin/`` serves.

    python -m macros cms [--out DIR]             the local mode (./kasikirja muokkain): saves go
                                                 through admin/server.mjs into this clone
    python -m macros cms --forge gitlab --repo lapha/kasikirja --forge-url https://git.example.fi \\
        --app-id ID --preview-url https://esikatselu.kasikirja.example.fi --out /srv/kasikirja/admin
                                                 a forge: the editorial workflow (a branch per change,
                                                 its push builds a preview, merging publishes)

The folder holds the editor's own files (``admin/``), Decap CMS and the ``yaml`` package from
``node_modules`` (``npm ci``; nothing is fetched from elsewhere), ``config.yml`` from the models
(``config.py``) and ``asetukset.json`` (the preview's address, for admin/kasikirja-cms.mjs).
``csp()`` is the Content-Security-Policy it needs, for the local server and for nginx.
"""

from __future__ import annotations

import argparse
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from .config import DATA_COLLECTIONS, collections

OWN_FILES = ("index.html", "manual-init.js", "kasikirja-cms.mjs", "kasikirja-cms.css",
             "yaml-writer.mjs", "locale-fi.mjs")
DECAP = Path("node_modules/decap-cms/dist")
YAML_BROWSER = Path("node_modules/yaml/browser/dist")
FORGES = ("gitlab", "gitea", "github")


@dataclass(frozen=True)
class Backend:
    """Where saves go: ``proxy`` (the local server) or a forge's API."""

    forge: str = "proxy"
    repo: str = ""
    branch: str = "main"
    forge_url: str = ""
    app_id: str = ""
    preview_url: str = "http://127.0.0.1:8000"

    def config(self) -> dict:
        if self.forge == "proxy":
            return {"name": "proxy", "proxy_url": "/api/v1", "branch": self.branch}
        out = {"name": self.forge, "repo": self.repo, "branch": self.branch}
        if self.forge in ("gitlab", "gitea"):
            api = "/api/v4" if self.forge == "gitlab" else "/api/v1"
            out.update({"base_url": self.forge_url, "api_root": self.forge_url + api,
                        "auth_type": "pkce", "app_id": self.app_id})
            if self.forge == "gitlab":
                out["auth_endpoint"] = "oauth/authorize"
        else:  # GitHub needs an OAuth gateway of the county's own at forge_url
            out["base_url"] = self.forge_url
        return out

    def origins(self) -> list[str]:
        """The forge's origin (its API), if any."""
        return [origin(self.forge_url)] if self.forge != "proxy" and self.forge_url else []


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def csp(backend: Backend) -> str:
    """The editor's Content-Security-Policy: its own files only, no inline script; inline
    styles (Decap's CSS-in-JS writes <style> elements) and 'unsafe-eval' (Decap validates its
    configuration with ajv, which compiles the schema with ``new Function``: without it the
    editor does not start); the preview's origin only as a frame (local mode), the forge only
    for its API (forge mode); nothing may frame the editor."""
    frames = origin(backend.preview_url) if backend.forge == "proxy" else "'none'"
    connect = " ".join(["'self'", *backend.origins()])
    return ("default-src 'none'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data: blob:; font-src 'self' data:; "
            f"connect-src {connect}; frame-src {frames}; worker-src 'none'; "
            "manifest-src 'none'; media-src 'none'; object-src 'none'; base-uri 'none'; "
            "form-action 'none'; frame-ancestors 'none'")


def config(root: Path, backend: Backend) -> dict:
    """Decap's config.yml: the backend, Finnish settings and the collections of the models."""
    out = {
        "locale": "fi",
        "backend": backend.config(),
        "media_folder": "docs/kuvat",
        "public_folder": "/kuvat",
        "site_url": backend.preview_url,
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "editor": {"preview": True},
        "collections": collections(root),
    }
    if backend.forge != "proxy":
        out["publish_mode"] = "editorial_workflow"
        out["backend"]["commit_messages"] = {
            "create": "Uusi {{collection}}: {{slug}} (verkkomuokkain)",
            "update": "Muokattu {{collection}}: {{slug}} (verkkomuokkain)",
            "delete": "Poistettu {{collection}}: {{slug}} (verkkomuokkain)",
            "uploadMedia": "Uusi kuva {{path}} (verkkomuokkain)",
            "deleteMedia": "Poistettu kuva {{path}} (verkkomuokkain)",
        }
    return out


def collection_names(conf: dict) -> list[str]:
    return [c["name"] for c in conf["collections"]]


def write(root: Path, out: Path, backend: Backend) -> dict:
    """Write the editor's folder to ``out`` (replacing what an earlier run wrote there)."""
    decap = root / DECAP
    if not (decap / "decap-cms.js").is_file():
        raise FileNotFoundError("Decap CMS puuttuu: asenna se komennolla npm ci")
    conf = config(root, backend)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for name in OWN_FILES:
        shutil.copy2(root / "admin" / name, out / name)
    for file in decap.iterdir():
        if file.name in ("decap-cms.js", "decap-cms.js.LICENSE.txt") or \
                file.name.endswith((".decap-cms.js", ".wasm")):
            shutil.copy2(file, out / file.name)
    shutil.copytree(root / YAML_BROWSER, out / "yaml")
    text = yaml.safe_dump(conf, allow_unicode=True, sort_keys=False, width=100)
    (out / "config.yml").write_text("# Generated by python -m macros cms from the data models: "
                                    "do not edit.\n" + text, encoding="utf-8")
    mode = "local" if backend.forge == "proxy" else "forge"
    settings = {"mode": mode, "preview": backend.preview_url.rstrip("/"),
                "collections": collection_names(conf)}
    (out / "asetukset.json").write_text(json.dumps(settings, ensure_ascii=False), encoding="utf-8")
    (out / "csp.txt").write_text(csp(backend) + "\n", encoding="utf-8")
    return conf


def main(argv: list[str], root: Path = Path(".")) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros cms", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=root)
    parser.add_argument("--out", type=Path, help="folder to write (default .cache/muokkain)")
    parser.add_argument("--forge", choices=FORGES, help="save through a forge (editorial workflow)")
    parser.add_argument("--repo", default="", help="forge: owner/name of the repository")
    parser.add_argument("--branch", default="main", help="the branch saves start from")
    parser.add_argument("--forge-url", default="", help="forge: its address (GitHub: the OAuth gateway)")
    parser.add_argument("--app-id", default="", help="forge: the OAuth application's id (PKCE)")
    parser.add_argument("--preview-url", default="http://127.0.0.1:8000",
                        help="local: the preview server; forge: PREVIEW_URL of the branch previews")
    args = parser.parse_args(argv)
    if args.forge and not (args.repo and args.forge_url):
        parser.error("--forge tarvitsee myös --repo ja --forge-url")
    backend = Backend(args.forge or "proxy", args.repo, args.branch, args.forge_url.rstrip("/"),
                      args.app_id, args.preview_url)
    out = args.out or args.root / ".cache" / "muokkain"
    try:
        conf = write(args.root, out, backend)
    except FileNotFoundError as error:
        print(error)
        return 1
    print(f"Muokkain kirjoitettu kansioon {out}: {len(conf['collections'])} kokoelmaa "
          f"({', '.join(DATA_COLLECTIONS[k][1] for k in DATA_COLLECTIONS)} ja sivut).")
    return 0
