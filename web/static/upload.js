// The upload page: send the file to POST /api/documents, poll its job until the ingest is done,
// then list the systems and facts the graph now has from it. The form posts without script too
// (the answer is then the job's JSON).
(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  var input = document.getElementById("upload-file");
  var zone = document.getElementById("dropzone");
  var status = document.getElementById("upload-status");
  var lang = document.documentElement.lang.indexOf("zh") === 0 ? "zh" : "en";

  function say(text, kind) {
    status.textContent = text;
    status.className = kind || "";
  }

  function label(labels, fallback) {
    labels = labels || {};
    return labels[lang] || labels[lang === "zh" ? "en" : "zh"] || fallback.split("/").pop();
  }

  function cell(row, text) {
    var td = document.createElement("td");
    td.textContent = text;
    row.appendChild(td);
    return td;
  }

  function show(job) {
    var systems = document.getElementById("upload-systems");
    var facts = document.querySelector("#upload-facts tbody");
    systems.textContent = "";
    facts.textContent = "";
    job.systems.forEach(function (s) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = "/id/" + s.iri.split("/id/")[1];
      a.textContent = label(s.labels, s.iri);
      li.appendChild(a);
      systems.appendChild(li);
    });
    job.facts.forEach(function (f) {
      var tr = document.createElement("tr");
      cell(tr, label({}, f.subject));
      cell(tr, f.relation);
      cell(tr, label(f.value_labels, f.value));
      cell(tr, f.page ? status.dataset.page.replace("{page}", f.page) : (f.element || ""));
      cell(tr, f.evidence).className = "evidence";
      facts.appendChild(tr);
    });
    document.getElementById("upload-result").hidden = false;
  }

  function poll(url) {
    fetch(url, {headers: {Accept: "application/json"}}).then(function (r) { return r.json(); }).then(function (job) {
      if (job.state === "done") {
        say(status.dataset.done.replace("{systems}", job.systems.length).replace("{facts}", job.facts.length), "done");
        show(job);
      } else if (job.state === "failed") {
        say(status.dataset.failed + " " + job.error, "error");
      } else {
        say((job.state === "queued" ? status.dataset.queued : status.dataset.running) + " " + (job.progress || ""));
        setTimeout(function () { poll(url); }, 1000);
      }
    });
  }

  function send(file) {
    var body = new FormData();
    body.append("file", file);
    say(status.dataset.queued);
    document.getElementById("upload-result").hidden = true;
    fetch(form.action, {method: "POST", body: body}).then(function (r) {
      return r.json().then(function (answer) {
        if (r.status === 202) {
          poll(r.headers.get("Location"));
        } else {
          say(status.dataset.failed + " " + answer.error.message, "error");
        }
      });
    });
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    if (input.files.length) { send(input.files[0]); }
  });
  zone.addEventListener("dragover", function (e) { e.preventDefault(); zone.classList.add("over"); });
  zone.addEventListener("dragleave", function () { zone.classList.remove("over"); });
  zone.addEventListener("drop", function (e) {
    e.preventDefault();
    zone.classList.remove("over");
    if (e.dataTransfer.files.length) { send(e.dataTransfer.files[0]); }
  });
}());
