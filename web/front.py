"""The connection front of ``etskg serve``: Debian's nginx, started and stopped with the server.

Why a front at all: a gunicorn ``gthread`` worker gives each accepted
connection a thread until its request has been read and its answer
written. Measured against the bare server (2 workers x 4 threads): 40
idle connections made ``/api/stats`` wait 44 s, and 100 slow-header
sockets or 16 slow readers of a 7 MB result stopped every route. nginx
holds connections in an event loop at a few hundred bytes each, reads
each request whole (header and body timeouts) before passing it on, and
buffers each answer (to a temporary file past its memory buffers), so a
gunicorn thread is busy only while the app works. It is the buffering
reverse proxy gunicorn's own documentation puts in front of it, and
Debian ships it; a pure-Python event-loop worker (gevent) would have held
connections as cheaply but runs the CPU-bound query encoder on its event
loop, stalling every other request of that worker for the encoding's
length.

``Front(host, port, runtime_dir)`` writes ``nginx.conf`` into
``runtime_dir`` (also nginx's prefix: its pid file, temporary files and the
app's socket live there) and runs ``nginx -g 'daemon off;'`` as a child
that gets SIGTERM if this process dies, so no orphan keeps the port.
gunicorn listens on ``runtime_dir/app.sock``, which only the front reaches:
the ``X-Forwarded-For`` and ``X-Request-Start`` it sets can be believed.
"""
from __future__ import annotations

import ctypes
import os
import shutil
import signal
import subprocess
from pathlib import Path

from web.app import MAX_BODY, SECURITY_HEADERS

NGINX = "nginx"
PR_SET_PDEATHSIG = 1  # linux/prctl.h

# Limits of the front, all per connection unless said otherwise:
# - the request header must arrive within 10 s and each read of the body
#   come within 10 s of the last (slow-header and slow-body clients);
# - an answer the client stops reading for 30 s is dropped (slow readers);
#   what it has not read yet waits in nginx's buffers, not in a thread;
# - an idle keep-alive connection is closed after 15 s;
# - one client address may have 64 requests in progress at once (429
#   past that); connections that have not sent a whole request yet do not
#   count, they cost nginx alone;
# - a body announced past 1 MiB (web.app.MAX_BODY) is refused here with 413
#   and Connection: close before it is read (a document upload, when
#   `etskg serve --allow-upload` turns it on, may be --max-upload-mb); request lines up to 16 KiB
#   reach gunicorn, whose own limit (8190) stays the one clients see;
# - the app's security headers (web.app.SECURITY_HEADERS) are set here on
#   every response, nginx's own errors (413, 414, 429, 408, 502) included,
#   and hidden from the app's answers so that each is sent once.
CONFIG = """\
worker_processes 1;
pid {dir}/nginx.pid;
error_log stderr error;
{user}
events {{ worker_connections 4096; }}
http {{
    access_log off;
    server_tokens off;
    client_header_timeout 10s;
    client_body_timeout 10s;
    send_timeout 30s;
    keepalive_timeout 15s;
    keepalive_requests 1000;
    reset_timedout_connection on;
    client_max_body_size {max_body};
    large_client_header_buffers 4 16k;
    limit_conn_zone $binary_remote_addr zone=per_client:4m;
    limit_conn per_client 64;
    limit_conn_status 429;
    map $http_host $app_host {{ "" $server_addr:$server_port; default $http_host; }}
    # Connections to gunicorn are kept open and reused (HTTP/1.1, no Connection
    # header passed on): a new socket per request, accepted and handed to a
    # thread by gunicorn, was a third of a small /sparql query's time.
    upstream app {{ server unix:{dir}/app.sock; keepalive 16; }}
    server {{
        listen {listen};
{headers}
        # Set here for every location: a location with a proxy_set_header of its own would inherit none of these.
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_set_header Host $app_host;
        proxy_set_header X-Forwarded-For $remote_addr;
        proxy_set_header X-Forwarded-Proto $scheme;
        proxy_set_header X-Request-Start "t=$msec";
        proxy_buffering on;
        proxy_buffers 16 64k;
        proxy_busy_buffers_size 128k;
        proxy_max_temp_file_size 64m;
        proxy_connect_timeout 10s;
        proxy_read_timeout 120s;
        location / {{
            proxy_pass http://app;
        }}
{uploads}
    }}
}}
"""


def nginx_path() -> str | None:
    """The nginx binary (PATH, then Debian's /usr/sbin, which a non-root PATH may lack), or None."""
    return shutil.which(NGINX) or shutil.which(NGINX, path="/usr/sbin:/usr/local/sbin")


def _die_with_parent() -> None:
    # Runs in the child before exec: SIGTERM when the process that started it dies.
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


class Front:
    """nginx on ``host:port`` passing every request to the gunicorn socket in ``runtime_dir``."""

    def __init__(self, host: str, port: int, runtime_dir: str | os.PathLike, max_upload: int | None = None):
        self.dir = Path(runtime_dir)
        self.socket = self.dir / "app.sock"
        listen = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        # As root nginx hands its workers to 'nobody', who must reach the socket's directory.
        user = "user nobody nogroup;" if os.geteuid() == 0 else ""
        self.dir.chmod(0o755)
        headers = "\n".join(f'        add_header {name} "{value}" always;\n        proxy_hide_header {name};'
                            for name, value in SECURITY_HEADERS.items())
        # The upload route's own body limit; the app checks the size again (web.uploads).
        uploads = ("        location = /api/documents {\n"
                   f"            client_max_body_size {max_upload + (64 << 10)};\n"
                   "            proxy_pass http://app;\n        }") if max_upload else ""
        (self.dir / "nginx.conf").write_text(CONFIG.format(dir=self.dir, listen=listen, user=user, max_body=MAX_BODY,
                                                           headers=headers, uploads=uploads))
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [nginx_path(), "-p", str(self.dir), "-c", str(self.dir / "nginx.conf"), "-g", "daemon off;"],
            stdin=subprocess.DEVNULL, preexec_fn=_die_with_parent)

    def stop(self) -> None:
        """Stop nginx: QUIT lets answers in flight finish, TERM after 10 s."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGQUIT)
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.terminate()
            self.process.wait()
