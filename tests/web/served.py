"""`duizhao serve` as a real process on a free loopback port (and nginx in front of it), for the tests
that need what only a served app has: several worker processes, uvicorn's proxy headers, signals."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import httpx

PASSWORD = "correct horse battery"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(url: str, proc: subprocess.Popen, what: str, log: Path, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError(f"{what} did not start: {log.read_text(errors='replace')[-2000:]}") from None
            time.sleep(0.3)


@dataclass
class Served:
    proc: subprocess.Popen
    base: str

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def serve(db: Path, *args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> Served:
    """`duizhao --db DB serve --port P ARGS…`, waited for until it answers (`env`: added to ours)."""
    port = free_port()
    exe = Path(sys.executable).with_name("duizhao")
    # the tests here do not search: no warm-up, start in a second
    env = {**os.environ, "DUIZHAO_WARMUP": "0", **(env or {})}
    log = open(db.parent / f"serve-{port}.log", "wb")  # noqa: SIM115 - the server writes it while it runs
    proc = subprocess.Popen(
        [str(exe), "--db", str(db), "serve", "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning", *args],
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=str(cwd or db.parent),
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    wait_for(base + "/static/style.css", proc, "duizhao serve", Path(log.name))
    return Served(proc, base)


def csrf(c: httpx.Client, url: str = "/login") -> str:
    m = re.search(r'name="csrf" value="([^"]+)"', c.get(url).text)
    assert m, f"no csrf field on {url}"
    return m.group(1)


def sign_in(c: httpx.Client, name: str, password: str = PASSWORD) -> httpx.Response:
    return c.post("/login", data={"csrf": csrf(c), "name": name, "password": password, "next": "/"})


# -- nginx in front, configured as docs/deployment.md says ------------------------------------------
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)

NGINX_CONF = """
daemon off;
master_process off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    server {{
        listen 127.0.0.1:{port} ssl;
        server_name localhost;
        ssl_certificate     {tmp}/cert.pem;
        ssl_certificate_key {tmp}/key.pem;
        client_max_body_size 50m;
        location / {{
            proxy_pass {upstream};
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_read_timeout 120s;
        }}
    }}
}}
"""


def nginx(upstream: str, tmp: Path) -> Served:
    """nginx terminating TLS (a self-signed certificate) on a free loopback port, proxying to `upstream`
    with the headers of docs/deployment.md."""
    assert NGINX
    tmp.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
         "-keyout", str(tmp / "key.pem"), "-out", str(tmp / "cert.pem")],
        check=True,
        capture_output=True,
    )  # fmt: skip
    port = free_port()
    conf = tmp / "nginx.conf"
    conf.write_text(NGINX_CONF.format(tmp=tmp, port=port, upstream=upstream), encoding="utf-8")
    proc = subprocess.Popen(
        [NGINX, "-p", str(tmp), "-c", str(conf)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    base = f"https://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            httpx.get(base + "/static/style.css", verify=False, timeout=2)
            break
        except httpx.HTTPError:
            if proc.poll() is not None or time.monotonic() > deadline:
                out = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
                proc.kill()
                log = (tmp / "error.log").read_text() if (tmp / "error.log").exists() else ""
                raise RuntimeError(f"nginx did not start: {out[-1000:]} {log[-1000:]}") from None
            time.sleep(0.2)
    return Served(proc, base)


def client(base: str, source: str = "127.0.0.1") -> httpx.Client:
    """An httpx client whose connections come from `source` (any 127.x address is this machine's)."""
    transport = httpx.HTTPTransport(local_address=source, verify=False)
    return httpx.Client(base_url=base, transport=transport, follow_redirects=False, timeout=60)
