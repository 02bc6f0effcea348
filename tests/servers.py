"""Real servers for tests: nginx on a loopback port serving a folder with the project's config."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from sites import ROOT

NGINX_CONF = ROOT / "deploy/nginx/handbook.conf"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def nginx(site_root: Path, workdir: Path, previews: Path | None = None):
    """Run nginx with deploy/nginx/handbook.conf, its root, listen and the folder of branch
    previews (SITE_ROOT/previews; by default an empty one) set for this test."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    assert Path(binary).exists(), "nginx is missing: apt-get install -y nginx (bash .ci/setup --browser)"
    port = free_port()
    workdir.mkdir(parents=True, exist_ok=True)
    server = NGINX_CONF.read_text()
    server = re.sub(r"^(\s*)listen .*;$", rf"\1listen 127.0.0.1:{port};", server, flags=re.M)
    server = re.sub(r"^(\s*)root .*;$", rf"\1root {site_root};", server, flags=re.M)
    server = re.sub(r"^(\s*)alias .*/previews/;$", rf"\1alias {previews or workdir / 'previews'}/;",
                    server, flags=re.M)
    (workdir / "handbook.conf").write_text(server)
    user = "user root root;\n" if os.geteuid() == 0 else ""
    (workdir / "nginx.conf").write_text(f"""{user}daemon off;
worker_processes 1;
pid {workdir}/nginx.pid;
error_log {workdir}/error.log warn;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {workdir}/body;
    proxy_temp_path {workdir}/proxy;
    fastcgi_temp_path {workdir}/fastcgi;
    uwsgi_temp_path {workdir}/uwsgi;
    scgi_temp_path {workdir}/scgi;
    include {workdir}/handbook.conf;
}}
""")
    process = subprocess.Popen([binary, "-p", str(workdir), "-c", str(workdir / "nginx.conf")],
                               stdin=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                assert process.poll() is None, process.stderr.read().decode()
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def get(url: str, headers: dict | None = None):
    """(status, headers, body bytes) of a GET, without raising on 4xx."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()
