"""Upload a document into the running service: /upload (page), POST /api/documents, GET /api/documents/JOB.

Off by default: ``etskg serve --allow-upload`` turns it on, for a trusted
deployment (anyone who can reach the service can then add documents to its
graph). Otherwise every route here answers 404.

An upload is checked before it is accepted — size (``--max-upload-mb``,
413), format by content (PDF, HTML or text; anything else 415), a PDF that
is malformed, encrypted or has no pages (422) — then saved under
``STORE/uploads/JOB/`` and ingested in a separate process: the documents of
the live generation plus the new one go through ``etskg ingest`` into a new
generation, which the service switches to when it is complete (a failed
ingest leaves the live one as it was). Jobs run one at a time (a lock file),
so two uploads in a row both end up in the graph. The job's state lives in
its folder, so every gunicorn worker answers the same for it.
"""
from __future__ import annotations

import fcntl
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from flask import Blueprint, current_app, g, jsonify, render_template, request
from werkzeug.exceptions import BadRequest, NotFound, RequestEntityTooLarge, UnprocessableEntity, UnsupportedMediaType
from werkzeug.utils import secure_filename

from ingest.clean import IngestError
from ingest.formats import inspect

bp = Blueprint("uploads", __name__)
DEFAULT_MAX_BYTES = 20 << 20
ETSKG = Path(__file__).resolve().parent.parent / "etskg.py"
JOB_ID = re.compile(r"[0-9a-f]{32}")

_FACTS = """
SELECT ?s ?p ?o ?text ?page ?element WHERE {{
  ?a a ets:Assertion ; prov:wasDerivedFrom <{doc}> ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
     ets:evidenceText ?text .
  OPTIONAL {{ ?a ets:page ?page }}
  OPTIONAL {{ ?a ets:element ?element }}
}} ORDER BY ?s ?p ?o"""

_SOURCES = """
SELECT ?id ?path WHERE { ?d a ets:Document ; dcterms:identifier ?id ; ets:sourcePath ?path } ORDER BY ?id"""


def _enabled() -> None:
    if not current_app.config.get("ETSKG_UPLOADS"):
        raise NotFound("uploading documents is off on this server (etskg serve --allow-upload turns it on)")


def _store() -> Path:
    return current_app.extensions["etskg"].store.dir


def _jobs() -> Path:
    return _store() / "uploads"


@bp.route("/upload")
def page():
    _enabled()
    g.page = "upload"
    return render_template("upload.html", max_mb=current_app.config["ETSKG_UPLOAD_MAX"] // (1 << 20))


@bp.route("/api/documents", methods=["POST"])
def upload():
    _enabled()
    limit = current_app.config["ETSKG_UPLOAD_MAX"]
    if request.content_length is not None and request.content_length > limit + (64 << 10):
        raise RequestEntityTooLarge(f"the file is larger than this server accepts ({limit // (1 << 20)} MB)")
    request.max_content_length = limit + (64 << 10)  # the multipart envelope around the file
    request.max_form_memory_size = limit + (64 << 10)
    sent = request.files.get("file")
    if sent is None or not sent.filename:
        raise BadRequest("send the document as the multipart form field 'file'")
    name = secure_filename(sent.filename) or "upload.txt"
    job = uuid.uuid4().hex
    folder = _jobs() / job
    folder.mkdir(parents=True)
    path = folder / name
    sent.save(path)
    if path.stat().st_size > limit:
        _discard(folder)
        raise RequestEntityTooLarge(f"the file is larger than this server accepts ({limit // (1 << 20)} MB)")
    try:
        kind = inspect(path, name)
    except IngestError as err:
        _discard(folder)
        message = str(err)
        if "not UTF-8" in message or "binary data" in message or "no text" in message or "not a PDF" in message:
            raise UnsupportedMediaType(f"{message} (accepted: PDF, HTML, plain text)") from None
        raise UnprocessableEntity(message) from None
    _write_state(folder, {"job": job, "doc": path.stem, "file": name, "format": kind, "state": "queued",
                          "queued": time.time()})
    subprocess.Popen([sys.executable, "-m", "web.uploads", str(folder), str(_store())],
                     cwd=ETSKG.parent, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                     stderr=subprocess.DEVNULL, start_new_session=True)
    response = jsonify(_status(job))
    response.status_code = 202
    response.headers["Location"] = f"/api/documents/{job}"
    return response


@bp.route("/api/documents/<job>")
def status(job: str):
    _enabled()
    if not JOB_ID.fullmatch(job) or not (_jobs() / job / "state.json").exists():
        raise NotFound(f"no upload {job}")
    return jsonify(_status(job))


def _status(job: str) -> dict:
    folder = _jobs() / job
    state = json.loads((folder / "state.json").read_text(encoding="utf-8"))
    log = folder / "progress.log"
    if state["state"] == "running" and log.exists():
        # tqdm redraws its bar with carriage returns: the last redraw is the step in progress.
        lines = [part.strip() for part in re.split(r"[\r\n]", log.read_text(encoding="utf-8", errors="replace"))]
        state["progress"] = next((line for line in reversed(lines) if line), "")
    if state["state"] == "done":
        state.update(_document_facts(state["doc"]))
    return state


def _document_facts(doc: str) -> dict:
    """The systems and facts the graph has from one document, with their evidence and page."""
    from kg.namespaces import RELATION_OF_PROPERTY, doc_iri

    view = current_app.extensions["etskg"].view()
    names = {**view.labels, **{iri: row["labels"] for iri, row in view.systems_by_iri.items()}}
    facts, systems = [], {}
    for r in view.query(_FACTS.format(doc=doc_iri(doc))).rows:
        subject, value = str(r["s"]), str(r["o"])
        systems.setdefault(subject, names.get(subject, {}))
        fact = {"subject": subject, "relation": RELATION_OF_PROPERTY[r["p"]].name, "value": value,
                "value_labels": names.get(value, {}), "evidence": str(r["text"])}
        if "page" in r:
            fact["page"] = int(r["page"])
        if "element" in r:
            fact["element"] = str(r["element"])
        facts.append(fact)
    return {"systems": [{"iri": iri, "labels": labels} for iri, labels in systems.items()], "facts": facts}


def _write_state(folder: Path, state: dict) -> None:
    fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(state, fh, ensure_ascii=False)
    os.replace(tmp, folder / "state.json")


def _discard(folder: Path) -> None:
    for f in folder.iterdir():
        f.unlink()
    folder.rmdir()


def run_job(folder: Path, store: Path) -> int:
    """Ingest the live generation's documents plus the uploaded one into a new generation; one job at a time."""
    from kg.store import Store

    state = json.loads((folder / "state.json").read_text(encoding="utf-8"))
    with open(store / "uploads" / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        state.update(state="running", started=time.time())
        _write_state(folder, state)
        gen = Store(store).current()
        sources = [str(r.path) for r in gen.graph().query(_SOURCES) if str(r.id) != state["doc"]] if gen else []
        missing = [p for p in sources if not Path(p).exists()]
        if missing:
            state.update(state="failed", error=f"a document of the live graph is no longer where it was read from: "
                                                f"{Path(missing[0]).name}; the graph was left as it was")
        else:
            with open(folder / "progress.log", "w") as log:
                done = subprocess.run([sys.executable, str(ETSKG), "ingest", *sources, str(folder / state["file"]),
                                       "--store", str(store)], stdout=subprocess.DEVNULL, stderr=log, cwd=ETSKG.parent)
            if done.returncode == 0:
                state.update(state="done")
            else:
                lines = [ln for ln in re.split(r"[\r\n]", (folder / "progress.log").read_text(errors="replace")) if ln.strip()]
                # The CLI's error is its last line; the file's path inside the store means nothing to the uploader.
                error = (lines[-1] if lines else "the ingest failed").replace(str(folder) + os.sep, "")
                state.update(state="failed", error=error)
        state["finished"] = time.time()
        _write_state(folder, state)
    return 0 if state["state"] == "done" else 1


if __name__ == "__main__":
    sys.exit(run_job(Path(sys.argv[1]), Path(sys.argv[2])))
