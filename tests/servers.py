"""Real servers for tests: nginx on a loopback port serving a folder with the project's config."""

from __future__ import annotations

import os
import re
import shutil
import socket
import ssl
import subprocess
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from sites import ROOT, require_tier

NGINX_CONF = ROOT / "deploy/nginx/handbook.conf"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def nginx(site_root: Path, workdir: Path):
    """Run nginx with deploy/nginx/handbook.conf serving ``site_root`` (its previews' server
    serves an empty folder), on a loopback port."""
    with _nginx(_handbook_conf(site_root, workdir), workdir, tls=False) as (url, _):
        yield url


@contextmanager
def nginx_published(config_dir: Path, workdir: Path):
    """Run nginx with the config deploy/setup-publish.sh wrote (CONFIG_DIR/nginx.conf: the
    handbook's server and the previews' server, by host name) on one loopback port."""
    with _nginx((config_dir / "nginx.conf").read_text(), workdir, tls=False) as (url, _):
        yield url


@contextmanager
def nginx_tls(site_root: Path, workdir: Path):
    """The same with the config's "TLS:" lines uncommented and a self-signed certificate made
    now: yields (http URL, https URL) on two loopback ports."""
    with _nginx(_handbook_conf(site_root, workdir), workdir, tls=True) as urls:
        yield urls


def _handbook_conf(site_root: Path, workdir: Path) -> str:
    """deploy/nginx/handbook.conf with its paths in ``workdir`` and ``site_root`` as the root."""
    etc = workdir / "etc"
    etc.mkdir(parents=True, exist_ok=True)
    shutil.copy(NGINX_CONF.parent / "headers.conf", etc / "nginx-headers.conf")
    (etc / "previews.htpasswd").touch()
    (workdir / "previews").mkdir(exist_ok=True)
    server = NGINX_CONF.read_text()
    for default, path in (("/srv/kasikirja/current", site_root),
                          ("/srv/kasikirja/previews", workdir / "previews"), ("/etc/kasikirja", etc)):
        assert default in server, f"{default} is gone from handbook.conf"
        server = server.replace(default, str(path))
    return server


@contextmanager
def _nginx(server: str, workdir: Path, tls: bool):
    require_tier("server", "nginx")
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    assert Path(binary).exists(), "nginx is missing: apt-get install -y nginx (bash .ci/setup --browser)"
    port, tls_port = free_port(), free_port()
    workdir.mkdir(parents=True, exist_ok=True)
    if tls:
        assert "# TLS: listen 443 ssl;" in server, "the TLS example is gone from handbook.conf"
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                        "-subj", "/CN=127.0.0.1", "-keyout", str(workdir / "key.pem"),
                        "-out", str(workdir / "cert.pem")],
                       check=True, capture_output=True, stdin=subprocess.DEVNULL, timeout=60)
        server = re.sub(r"^(\s*)# TLS: ", r"\1", server, flags=re.M)
        server = re.sub(r"^(\s*)listen 443 ssl;$", rf"\1listen 127.0.0.1:{tls_port} ssl;", server,
                        flags=re.M)
        server = re.sub(r"^(\s*ssl_certificate) .*;$", rf"\1 {workdir / 'cert.pem'};", server, flags=re.M)
        server = re.sub(r"^(\s*ssl_certificate_key) .*;$", rf"\1 {workdir / 'key.pem'};", server,
                        flags=re.M)
    server = re.sub(r"^(\s*)listen (?!127\.0\.0\.1:\d+ ssl).*;$", rf"\1listen 127.0.0.1:{port};",
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
        yield f"http://127.0.0.1:{port}", f"https://127.0.0.1:{tls_port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def get(url: str, headers: dict | None = None, follow: bool = True):
    """(status, headers, body bytes) of a GET, without raising on 3xx (unless followed) or 4xx.
    https is not verified: the tests' certificate is self-signed."""
    request = urllib.request.Request(url, headers=headers or {})
    handlers = [urllib.request.HTTPSHandler(context=ssl._create_unverified_context())]
    if not follow:
        handlers.append(_NoRedirect())
    try:
        with urllib.request.build_opener(*handlers).open(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()
