"""The handbook's build settings, read from ``mkdocs.yml``.

They live under ``extra.handbook``; each is written there with MkDocs' ``!ENV`` tag, so CI and
the publishing server override one by setting its environment variable and nothing else
reads the environment::

    extra:
      handbook:
        pdf: !ENV [HANDBOOK_PDF, false]                    # brochure PDFs (WeasyPrint)
        cache: !ENV [HANDBOOK_CACHE, true]                 # build caches on disk
        cache_dir: !ENV [HANDBOOK_CACHE_DIR, .cache/handbook]
        parallel: !ENV [HANDBOOK_PARALLEL, true]          # convert and render on two cores

A config without them (a small test site) gets the defaults: no PDFs, caches in
``.cache/handbook``.

The registries' API addresses (``ptv_api``, ``finlex_api``) are here too, not in ``data/``:
they are the server's trust, and an editor's push cannot change this file. The server may
point them elsewhere with ``HANDBOOK_PTV_API`` and ``HANDBOOK_FINLEX_API`` (its
``/etc/kasikirja/rekisterit.env``); ``sync_test_origin`` (``HANDBOOK_SYNC_TEST_ORIGIN``) names
the one plain-http loopback origin the tests' registry server may use (``macros/sync/http.py``),
and is empty everywhere else.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

CACHE_DIR = ".cache/handbook"
PTV_API = "https://api.palvelutietovaranto.suomi.fi/api/v11"
FINLEX_API = "https://opendata.finlex.fi/finlex/avoindata/v1"
# Addresses that are never the handbook's: mkdocs.yml's default and the documentation domains.
# deploy/hooks/pre-receive refuses to publish main at one (the same pattern, in bash).
PLACEHOLDER = re.compile(r"^https?://([^/:]+\.)?example\.(invalid|com|net|org)([:/]|$)")


def flag(value: object) -> bool:
    """A yes/no setting as YAML or an environment variable writes it (true, 1, "yes")."""
    return str(value).strip().lower() in ("1", "true", "yes", "on")


@dataclass(frozen=True)
class Settings:
    root: Path  # the project folder (where mkdocs.yml is)
    site_url: str = ""
    pdf: bool = False
    cache_dir: Path | None = None  # None: caches in memory only
    ptv_api: str = PTV_API
    finlex_api: str = FINLEX_API
    sync_test_origin: str = ""
    parallel: bool = True  # assemble/parallel.py

    @property
    def placeholder_address(self) -> bool:
        """No published address, or a placeholder: QR codes and links would point nowhere."""
        return not self.site_url or bool(PLACEHOLDER.match(self.site_url))

    @classmethod
    def from_config(cls, config: Mapping) -> Settings:
        """From MkDocs' config (or Zensical's, which names the folder ``root_dir``)."""
        root = Path(config["root_dir"] if "root_dir" in config
                    else Path(config["config_file_path"]).parent).resolve()
        handbook = (config.get("extra") or {}).get("handbook") or {}
        cache_dir = None
        if flag(handbook.get("cache", True)):
            cache_dir = (root / str(handbook.get("cache_dir") or CACHE_DIR)).resolve()
        return cls(root, config.get("site_url") or "", flag(handbook.get("pdf", False)), cache_dir,
                   str(handbook.get("ptv_api") or PTV_API),
                   str(handbook.get("finlex_api") or FINLEX_API),
                   str(handbook.get("sync_test_origin") or ""),
                   flag(handbook.get("parallel", True)))
