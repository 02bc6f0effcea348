"""Facts read from the public registries they live in, written into snapshots in ``data/``.

- ``ptv.py``: the county's services and service channels from Suomi.fi Palvelutietovaranto
  (PTV open API v11) → ``data/ptv.json``.
- ``finlex.py``: the title, latest amendment and a hash of each cited section of every law in
  ``data/laws.yml`` from Finlex open data (Akoma Ntoso) → ``data/finlex.json``.
- ``http.py``: the one HTTP client both use (timeouts, retries with backoff on 429 and 5xx,
  a size limit); ``snapshot.py``: stable, atomic writing.

A sync either writes a whole new snapshot or nothing: any failure raises ``SyncError`` with a
Finnish message, and the old snapshot stays. The build never reads the network, only the
snapshots.
"""

from __future__ import annotations


class SyncError(Exception):
    """A sync that could not finish; the message is Finnish, for the editor or the job's log."""
