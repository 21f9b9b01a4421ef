"""Bounded soak of `etskg serve`: mixed SPARQL / search / Q&A / page load with 5% hostile requests.

Starts `etskg serve` on a free loopback port over --store and drives it
from 127.0.0.1 with --clients threads (one keep-alive connection each) for
--minutes (default 10) or --max-requests, whichever comes first, then stops
the server. 95% of the requests are ordinary (simple SPARQL, search, Q&A,
pages, JSON API, linked data); 5% are malicious or malformed (updates,
SERVICE to a loopback port, malformed or over-long queries, results past
the size limit, bodies past 1 MiB, undecodable bodies, wrong media types,
bad parameters, script in parameters, path tricks, parser-crashing nesting),
each with the status it must get. Once a minute one runaway query must come
back 503 (time limit), and every 10 s one heavy query (the 60-byte cross
product, doubling CONCATs) must come back 503 at its memory or time limit;
no other request may get a 5xx. An ordinary request refused 503 with
Retry-After (every place of the SPARQL endpoint taken by those queries) is
sent once more after that delay, as a polite client would, and counted.

Beside them, for the whole run, slow clients on connections of their own:
idle sockets and stalled headers (the server must close them, at its
header timeout), headers sent a byte at a time that do end (200), and slow
readers of a multi-megabyte SPARQL result (200, every byte, read at 160 KB/s).

Memory: the resident set (VmRSS) of the gunicorn worker processes, and of
their SPARQL query processes, sampled every 30 s; "start" is taken after a
warm-up minute of the same mix, "end" after the last request. Target: zero 5xx, growth under
10% (bench/README.md "## Soak"). Figures also go to bench/out/soak.json.

    python bench/soak.py --store ./data               # 10 minutes
    python bench/soak.py --store ./data --minutes 1   # a short check
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

from web_load import free_port, start_server  # bench/ is on sys.path when a bench runs

ROOT = Path(__file__).resolve().parent.parent
MINUTES = 10.0
CLIENTS = 4
MAX_REQUESTS = 500_000
HOSTILE_SHARE = 0.05
SAMPLE_SECONDS = 30.0
RUNAWAY_EVERY = 60.0  # seconds between two runaway queries
HEAVY_EVERY = 10.0  # seconds between two heavy (memory-hungry) queries
# Slow clients, each on its own connection for the whole run.
SLOW_HEADERS = 24  # headers sent a byte every 0.25 s; a third never end them
IDLE = 8  # connect and send nothing
SLOW_READERS = 4  # read a large result 8 KB every 50 ms
HEADER_TIMEOUT = 10.0  # the front's client_header_timeout (web.front)
WARM_MINUTES = 1.0  # of the whole mix before "start" (not measured)
JSON = "application/sparql-results+json"
FORM = "application/x-www-form-urlencoded"

SPARQL = [
    "SELECT ?s WHERE { ?s a ets:System } LIMIT 5",
    "ASK { sys:korea ets:status ets-status:in_force }",
    "SELECT ?y WHERE { sys:korea ets:startYear ?y }",
    'SELECT ?s WHERE { ?s rdfs:label "韩国碳市场"@zh }',
    "SELECT ?s (COUNT(?x) AS ?n) WHERE { ?s ets:coversSector ?x } GROUP BY ?s ORDER BY DESC(?n) LIMIT 10",
]
SEARCH = ["韩国 国际抵消", "Korea international offsets", "EU ETS 2 start date", "欧盟碳市场2 启动",
          "auction revenue fell in 2024", "拍卖收入 下降", "印度尼西亚 燃煤电厂", "Japan GX-ETS mandatory phase"]
ASK = ["Which systems accept international offsets?", "韩国碳市场什么时候启动？", "How many systems are in force?",
       "哪些碳市场覆盖航空业？", "What is the offset limit in the Korea ETS?"]
PAGES = ["/", "/?q=" + quote("Korea offsets"), "/systems", "/systems?status=in_force&sort=start_year",
         "/systems.csv", "/graph", "/id/system/korea", "/id/jurisdiction/korea", "/api/systems", "/api/stats",
         "/api/entities/system/korea", "/openapi.json", "/static/style.css"]


def ordinary(rng: random.Random) -> tuple:
    """(method, path, body, headers, allowed statuses) of one ordinary request."""
    kind = rng.choices(["sparql", "search", "ask", "page"], weights=[30, 30, 20, 20])[0]
    if kind == "sparql":
        return "GET", "/sparql?" + urlencode({"query": rng.choice(SPARQL)}), None, {"Accept": JSON}, {200}
    if kind == "search":
        return "GET", "/api/search?" + urlencode({"q": rng.choice(SEARCH), "k": 10}), None, {}, {200}
    if kind == "ask":
        return "GET", "/api/ask?" + urlencode({"q": rng.choice(ASK)}), None, {}, {200}
    return "GET", rng.choice(PAGES), None, {}, {200}


def hostile(rng: random.Random, closed_port: int) -> tuple:
    """(method, path, body, headers, allowed statuses) of one malicious or malformed request."""
    service = f"SELECT * WHERE {{ ?x ?y ?o.SERVICE <http://127.0.0.1:{closed_port}/sparql> {{ ?s ?p ?o }} }}"
    cases = [
        ("POST", "/sparql", urlencode({"query": "INSERT DATA { <urn:s> <urn:p> 1 }"}), {"Content-Type": FORM}, {403}),
        ("POST", "/sparql", "DROP ALL", {"Content-Type": "application/sparql-update"}, {403}),
        ("GET", "/sparql?" + urlencode({"update": "CLEAR ALL"}), None, {}, {403}),
        ("GET", "/sparql?" + urlencode({"query": f"LOAD <http://127.0.0.1:{closed_port}/x>"}), None, {}, {403}),
        ("POST", "/sparql", urlencode({"query": service}), {"Content-Type": FORM}, {400}),
        ("GET", "/sparql?" + urlencode({"query": "SELECT * WHERE { ?s ?p"}), None, {}, {400}),
        ("POST", "/sparql", urlencode({"query": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"}), {"Content-Type": FORM},
         {400}),  # result past the size limit
        ("POST", "/sparql", "ASK {}\n#" + "x" * 150_000, {"Content-Type": "application/sparql-query"}, {400}),
        ("POST", "/sparql", "#" * (1 << 20) + "\nASK {}", {"Content-Type": "application/sparql-query"}, {413}),
        ("POST", "/sparql", b"\xff\xfe\x00A", {"Content-Type": "application/sparql-query"}, {400}),
        ("POST", "/sparql", "ASK {}", {"Content-Type": "image/png"}, {415}),
        ("GET", "/api/search?q=x&k=100000", None, {}, {400}),
        ("GET", "/api/search?q=%00%ff%fe&lang=xx", None, {}, {400}),
        ("GET", "/?q=" + quote('<script>alert(1)</script>"><img src=x onerror=alert(2)>'), None, {}, {200}),
        ("GET", "/api/entities/system/" + quote("x> } ; DROP ALL #", safe=""), None, {}, {404}),
        # The front refuses a path that climbs above the root (400); the app alone says 404.
        ("GET", "/id/" + quote("../../etc/passwd", safe=""), None, {}, {400, 404}),
        ("GET", "/static/../etskg.py", None, {}, {404}),
        ("DELETE", "/api/stats", None, {}, {405}),
        ("GET", "/id/passage/icap-2025-en:p001?start=abc", None, {"Accept": "text/html"}, {400, 404}),
        ("GET", "/id/system/a%25zz", None, {"Accept": "text/turtle"}, {404}),
        # Nesting and paths that crashed the query parser: refused before the engine sees them.
        ("POST", "/sparql", urlencode({"query": "SELECT * WHERE " + "{" * 20000 + " ?s ?p ?o " + "}" * 20000}),
         {"Content-Type": FORM}, {400}),
        ("POST", "/sparql", urlencode({"query": "SELECT * WHERE { ?s " + "/".join(["<urn:p>"] * 9000) + " ?o }"}),
         {"Content-Type": FORM}, {400}),
    ]
    return rng.choice(cases)


RUNAWAY = ("POST", "/sparql", urlencode({"query": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"}),
           {"Content-Type": FORM}, {503})
# Each doubles a string 30 times (a gigabyte) in a few hundred bytes of query.
DOUBLINGS = ('SELECT (STRLEN(?x30) AS ?n) WHERE { BIND("ab" AS ?x0) '
             + " ".join(f"BIND(CONCAT(?x{i}, ?x{i}) AS ?x{i + 1})" for i in range(30)) + " }")
HEAVY = [("POST", "/sparql", urlencode({"query": query}), {"Content-Type": FORM}, {503})
         for query in ("SELECT ?c ?f WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1", DOUBLINGS)]
LARGE = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } LIMIT 9000"  # several MB of SPARQL JSON, under the 8 MiB cap


class Client(threading.Thread):
    """One keep-alive connection sending requests until the shared deadline or budget runs out."""

    def __init__(self, n: int, port: int, stats: "Stats", closed_port: int):
        super().__init__(daemon=True)
        self.rng = random.Random(n)
        self.port = port
        self.stats = stats
        self.closed_port = closed_port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def send(self, method, path, body, headers) -> tuple[int, str | None]:
        """(status, Retry-After header or None) of one request on the keep-alive connection."""
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            response.read()
            if response.getheader("Connection", "").lower() == "close":
                self.conn.close()
            return response.status, response.getheader("Retry-After")
        except (OSError, http.client.HTTPException):
            self.conn.close()  # reconnects on the next request
            raise

    def run(self) -> None:
        while self.stats.take():
            self.run_one()

    def run_one(self) -> None:
        """Send one request: a runaway or heavy query when one is due, else hostile or ordinary."""
        if self.stats.runaway_due():
            label, request = "runaway", RUNAWAY
        elif (turn := self.stats.heavy_due()) is not None:
            label, request = "heavy", HEAVY[turn % len(HEAVY)]
        elif self.rng.random() < HOSTILE_SHARE:
            label, request = "hostile", hostile(self.rng, self.closed_port)
        else:
            label, request = "ordinary", ordinary(self.rng)
        self.exchange(label, request)

    def exchange(self, label: str, request: tuple) -> None:
        """Send ``request`` and record its status (or failure) under ``label``.

        An ordinary request refused 503 with Retry-After (the SPARQL endpoint
        full of runaway and heavy queries: the admission gate) is sent once
        more after that many seconds, as a polite client does; it is counted
        under "retried" and only its second status is recorded.
        """
        method, path, body, headers, allowed = request
        started = time.perf_counter()
        try:
            status, retry_after = self.send(method, path, body, headers)
            if label == "ordinary" and status == 503 and retry_after and retry_after.isdigit():
                self.stats.record("retried", status, time.perf_counter() - started, path, ok=True)
                time.sleep(min(int(retry_after), 10))
                status, _ = self.send(method, path, body, headers)
        except (OSError, http.client.HTTPException) as err:
            self.stats.record(label, f"{type(err).__name__}", time.perf_counter() - started, path, ok=False)
            return
        self.stats.record(label, status, time.perf_counter() - started, path, ok=status in allowed)


class SlowClient(threading.Thread):
    """One slow connection after another until the run ends: ``kind`` is "idle", "stalled", "slow-header" or "slow-reader".

    What each must get: an idle socket or a header that never ends is
    closed by the server within its header timeout (recorded as "closed";
    a socket still open 5 s later is a failure); a header sent a byte at a
    time that does end gets 200; a slow reader gets 200 and the whole body.
    """

    def __init__(self, n: int, kind: str, port: int, stats: "Stats"):
        super().__init__(daemon=True)
        self.rng = random.Random(n)
        self.kind = kind
        self.port = port
        self.stats = stats

    def run(self) -> None:
        while self.stats.running():
            started = time.perf_counter()
            try:
                status, ok = getattr(self, self.kind.replace("-", "_"))()
            except OSError as err:
                status, ok = type(err).__name__, False
            if self.stats.running() or ok:  # a connection cut short by the run's end is not a result
                self.stats.record(self.kind, status, time.perf_counter() - started, self.kind, ok=ok)

    def connect(self, rcvbuf: int | None = None) -> socket.socket:
        sock = socket.socket()
        if rcvbuf:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        sock.settimeout(HEADER_TIMEOUT + 5)
        sock.connect(("127.0.0.1", self.port))
        return sock

    def closed_by_server(self, sock: socket.socket, started: float) -> tuple:
        """Wait for the server to close ``sock``; ("closed", True) within the header timeout + 5 s."""
        try:
            while sock.recv(4096):
                pass
        except TimeoutError:
            return "held open", False
        except ConnectionResetError:
            pass  # the front resets timed-out connections (reset_timedout_connection)
        return "closed", time.monotonic() - started < HEADER_TIMEOUT + 5

    def idle(self) -> tuple:
        with self.connect() as sock:
            return self.closed_by_server(sock, time.monotonic())

    def stalled(self) -> tuple:
        with self.connect() as sock:
            started = time.monotonic()
            sock.sendall(b"GET /api/stats HTTP/1.1\r\nHost: soak\r\nX-Slow: ")
            while time.monotonic() - started < HEADER_TIMEOUT + 5 and self.stats.running():
                try:  # a byte every 0.25 s until the server gives up on the header
                    sock.sendall(b"x")
                except OSError:
                    break
                time.sleep(0.25)
            return self.closed_by_server(sock, started)

    def slow_header(self) -> tuple:
        with self.connect() as sock:
            sock.sendall(b"GET /api/stats HTTP/1.1\r\nHost: soak\r\nConnection: close\r\nX-Slow: ")
            for _ in range(self.rng.randint(4, 24)):  # 1-6 s, within the header timeout
                sock.sendall(b"x")
                time.sleep(0.25)
            sock.sendall(b"\r\n\r\n")
            status, body = read_response(sock)
            return status, status == 200 and b"triples" in body

    def slow_reader(self) -> tuple:
        body = urlencode({"query": LARGE}).encode()
        with self.connect(rcvbuf=8192) as sock:
            sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: soak\r\nConnection: close\r\n"
                         b"Accept: application/sparql-results+json\r\n"
                         b"Content-Type: application/x-www-form-urlencoded\r\n"
                         + f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
            status, payload = read_response(sock, pause=0.05)
            return status, status == 200 and len(payload) > 1_000_000 and payload.rstrip().endswith(b"}")


def read_response(sock: socket.socket, pause: float = 0.0) -> tuple[int, bytes]:
    """(status, body) of the one answer on ``sock`` (sent with Connection: close), reading 8 KB every ``pause`` s."""
    data = bytearray()
    while chunk := sock.recv(8192):
        data += chunk
        if pause:
            time.sleep(pause)
    head, _, body = bytes(data).partition(b"\r\n\r\n")
    if b"chunked" in head.lower():
        body = dechunk(body)
    return int(head.split(b" ", 2)[1]), body


def dechunk(body: bytes) -> bytes:
    out, rest = bytearray(), body
    while rest:
        size, _, rest = rest.partition(b"\r\n")
        n = int(size.split(b";")[0], 16)
        if n == 0:
            break
        out += rest[:n]
        rest = rest[n + 2:]
    return bytes(out)


class Stats:
    """Shared counters, the request budget and the runaway schedule."""

    def __init__(self, deadline: float, budget: int):
        self.deadline = deadline
        self.budget = budget
        self.lock = threading.Lock()
        self.statuses: Counter = Counter()
        self.unexpected: list[str] = []  # the first 20 requests that got a status they must not get
        self.failed = 0
        self.latency: dict[str, list[float]] = {}
        self.next_runaway = time.monotonic() + RUNAWAY_EVERY / 2
        self.next_heavy = time.monotonic() + HEAVY_EVERY / 2
        self.heavy = 0

    def running(self) -> bool:
        """Whether the run goes on (slow clients stop with the request clients)."""
        return self.budget > 0 and time.monotonic() < self.deadline

    def take(self) -> bool:
        with self.lock:
            if self.budget <= 0 or time.monotonic() >= self.deadline:
                return False
            self.budget -= 1
            return True

    def runaway_due(self) -> bool:
        with self.lock:
            if time.monotonic() >= self.next_runaway:
                self.next_runaway += RUNAWAY_EVERY
                return True
        return False

    def heavy_due(self) -> int | None:
        """The number of the heavy query to send now, None when none is due."""
        with self.lock:
            if time.monotonic() >= self.next_heavy:
                self.next_heavy += HEAVY_EVERY
                self.heavy += 1
                return self.heavy
        return None

    def record(self, label: str, status, seconds: float, path: str, ok: bool) -> None:
        with self.lock:
            self.statuses[(label, status)] += 1
            self.latency.setdefault(label, []).append(seconds)
            if not ok:
                self.failed += 1
                if len(self.unexpected) < 20:
                    self.unexpected.append(f"{label} {status} {path[:120]}")


def rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            return next(int(line.split()[1]) for line in fh if line.startswith("VmRSS:"))
    except (OSError, StopIteration):
        return 0


def children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry))
    return sorted(found)


def is_nginx(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/comm") as fh:
            return fh.read().strip() == "nginx"
    except OSError:
        return False


def memory(server_pid: int) -> dict:
    """RSS in MB of the gunicorn workers, of their query processes and of the nginx front."""
    workers = [p for p in children(server_pid) if not is_nginx(p)]
    front = [p for p in children(server_pid) if is_nginx(p)]
    front += [c for p in front for c in children(p)]
    queries = [q for w in workers for q in children(w)]
    return {"t": round(time.monotonic(), 1), "workers_mb": round(sum(map(rss_kb, workers)) / 1024, 1),
            "query_processes_mb": round(sum(map(rss_kb, queries)) / 1024, 1),
            "front_mb": round(sum(map(rss_kb, front)) / 1024, 1),
            "workers": len(workers), "query_processes": len(queries)}


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return round(1000 * ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))], 1) if ordered else 0.0


def server_errors(stats: Stats) -> dict[str, int]:
    """Answers 5xx or failed connections, apart from the 503s runaway and heavy queries must get and first tries retried.

    A slow client's own outcome (closed, held open) is checked against what it must get, not here.
    """
    return {f"{label} {status}": n for (label, status), n in stats.statuses.items()
            if (label not in ("runaway", "heavy", "retried") and isinstance(status, int) and status >= 500)
            or (label in ("ordinary", "hostile") and not isinstance(status, int))}


def run_phase(port: int, server_pid: int, stats: Stats, clients: int, closed_port: int, seed: int,
              samples: list | None = None) -> tuple[float, dict]:
    """Drive the whole mix, slow clients included, until ``stats`` runs out; (seconds, memory at the last request).

    ``samples`` (if given) gets the memory every SAMPLE_SECONDS.
    """
    threads = [Client(seed + n, port, stats, closed_port) for n in range(clients)]
    kinds = (["idle"] * IDLE + ["stalled"] * (SLOW_HEADERS // 3) + ["slow-header"] * (SLOW_HEADERS - SLOW_HEADERS // 3)
             + ["slow-reader"] * SLOW_READERS)
    slow = [SlowClient(seed + n, kind, port, stats) for n, kind in enumerate(kinds)]
    began = last = time.monotonic()
    for t in threads + slow:
        t.start()
    while any(t.is_alive() for t in threads):
        for t in threads:
            t.join(timeout=SAMPLE_SECONDS / len(threads))
        if samples is not None and time.monotonic() - last >= SAMPLE_SECONDS:
            last = time.monotonic()
            samples.append(memory(server_pid))
            print(f"{(time.monotonic() - began) / 60:5.1f} min  {sum(stats.statuses.values()):7} requests  "
                  f"workers {samples[-1]['workers_mb']} MB  query processes {samples[-1]['query_processes_mb']} MB",
                  flush=True)
    elapsed = time.monotonic() - began
    end = memory(server_pid)
    for t in slow:  # each ends within one connection's length (a slow reader's answer, a header timeout)
        t.join(120)
    return elapsed, end


def soak(port: int, server_pid: int, minutes: float, clients: int, max_requests: int) -> dict:
    closed_port = free_port()  # nothing listens there: a SERVICE that got through would fail, not hang
    # A first minute of the same mix, not measured: the answer caches fill, every thread meets a
    # large result and the allocator settles (about 100 MB over the first two minutes, flat after).
    warm = Stats(time.monotonic() + WARM_MINUTES * 60, max_requests)
    run_phase(port, server_pid, warm, clients, closed_port, seed=1000)
    print(f"warm-up: {sum(warm.statuses.values())} requests, {warm.failed} with a status they must not get",
          flush=True)
    start = memory(server_pid)
    stats = Stats(time.monotonic() + minutes * 60, max_requests)
    samples = [start]
    elapsed, end = run_phase(port, server_pid, stats, clients, closed_port, seed=0, samples=samples)
    samples.append(end)
    five_xx = server_errors(stats)
    total = sum(stats.statuses.values())
    growth = (end["workers_mb"] - start["workers_mb"]) / start["workers_mb"] * 100
    return {
        "minutes": round(elapsed / 60, 2), "clients": clients, "requests": total,
        "per_second": round(total / elapsed, 1),
        "hostile": sum(n for (label, _), n in stats.statuses.items() if label == "hostile"),
        "runaway": {str(status): n for (label, status), n in stats.statuses.items() if label == "runaway"},
        "heavy": {str(status): n for (label, status), n in stats.statuses.items() if label == "heavy"},
        "slow": {f"{label} {status}": n for (label, status), n in stats.statuses.items()
                 if label in ("idle", "stalled", "slow-header", "slow-reader")},
        "statuses": {f"{label} {status}": n for (label, status), n in sorted(stats.statuses.items(), key=str)},
        "errors_5xx_or_failed": five_xx, "unexpected_status": stats.failed, "first_unexpected": stats.unexpected,
        "retried": sum(n for (label, _), n in stats.statuses.items() if label == "retried"),
        "warm_up": {"requests": sum(warm.statuses.values()), "errors_5xx_or_failed": server_errors(warm),
                    "retried": sum(n for (label, _), n in warm.statuses.items() if label == "retried"),
                    "unexpected_status": warm.failed, "first_unexpected": warm.unexpected},
        "ordinary_ms": {"p50": percentile(stats.latency["ordinary"], 50), "p95": percentile(stats.latency["ordinary"], 95),
                        "p99": percentile(stats.latency["ordinary"], 99)},
        "slow_s": {label: round(sum(times) / len(times), 1) for label, times in stats.latency.items()
                   if label in ("idle", "stalled", "slow-header", "slow-reader")},
        "rss_start": start, "rss_end": end, "worker_rss_growth_pct": round(growth, 1), "samples": samples,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", default=os.environ.get("ETSKG_STORE") or str(ROOT / "data"))
    ap.add_argument("--minutes", type=float, default=MINUTES)
    ap.add_argument("--clients", type=int, default=CLIENTS)
    ap.add_argument("--workers", type=int, help="gunicorn workers (default: etskg serve's default)")
    ap.add_argument("--max-requests", type=int, default=MAX_REQUESTS)
    args = ap.parse_args(argv)
    server, url = start_server(args.store, args.workers)
    port = urlsplit(url).port
    try:
        time.sleep(2)  # every worker finishes its warm-up
        report = soak(port, server.pid, args.minutes, args.clients, args.max_requests)
    finally:
        server.terminate()
        server.wait(30)
    report["load_average_end"] = round(os.getloadavg()[0], 2)
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "soak.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    met = {"no_5xx": not report["errors_5xx_or_failed"] and not report["warm_up"]["errors_5xx_or_failed"],
           "as_expected": report["unexpected_status"] == 0 and report["warm_up"]["unexpected_status"] == 0,
           "rss_growth_under_10pct": report["worker_rss_growth_pct"] < 10}
    summary = {k: v for k, v in report.items() if k not in ("samples", "statuses")}
    print(json.dumps(summary, indent=2, ensure_ascii=False))
    print(json.dumps(met))
    return 0 if all(met.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
