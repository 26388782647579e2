"""nginx serving a built site with the deployment snippet (docs/deploy/nginx.conf), as a host
would: for tests/test_deploy.py (plain HTTP) and benchmarks/lighthouse.py (HTTP/2 over TLS,
with a certificate made for the run)."""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

SNIPPET = Path(__file__).resolve().parent.parent / "docs" / "deploy" / "nginx.conf"

CONFIG = """user root;  # ignored, with a notice, where nginx does not run as root
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    server {{
        listen 127.0.0.1:{port}{tls};
        {certificate}
        root {site};
        include {snippet};
    }}
}}
"""


def nginx_binary() -> str | None:
    found = shutil.which("nginx") or "/usr/sbin/nginx"
    return found if Path(found).exists() else None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def nginx(site: Path, tls: bool = False):
    """Serve ``site`` on a free port and yield its base URL; stop nginx afterwards."""
    binary = nginx_binary()
    if binary is None:
        raise FileNotFoundError("nginx is not installed: `sudo apt-get install nginx-light`")
    with tempfile.TemporaryDirectory() as tmp:
        folder, port = Path(tmp), free_port()
        certificate = ""
        if tls:
            subprocess.run(
                ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
                + ["-keyout", str(folder / "key.pem"), "-out", str(folder / "cert.pem")]
                + ["-subj", "/CN=127.0.0.1"],
                check=True,
                capture_output=True,
            )
            certificate = (
                f"ssl_certificate {folder}/cert.pem; ssl_certificate_key {folder}/key.pem;"
            )
        config = CONFIG.format(
            folder=folder,
            port=port,
            tls=" ssl http2" if tls else "",
            certificate=certificate,
            site=site,
            snippet=SNIPPET,
        )
        (folder / "nginx.conf").write_text(config, encoding="utf-8")
        command = [binary, "-p", str(folder), "-c", str(folder / "nginx.conf")]
        process = subprocess.Popen(command + ["-g", "daemon off;"], stderr=subprocess.PIPE)
        try:
            _wait_for(port, process)
            yield f"{'https' if tls else 'http'}://127.0.0.1:{port}"
        finally:
            process.terminate()
            process.wait(timeout=10)


def _wait_for(port: int, process: subprocess.Popen) -> None:
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            return
        except OSError:
            if process.poll() is not None:
                message = process.stderr.read().decode()
                raise RuntimeError(f"nginx did not start: {message}") from None
            time.sleep(0.05)
    raise RuntimeError("nginx did not answer within 10 s")
