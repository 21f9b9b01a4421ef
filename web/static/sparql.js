// SPARQL editor: CodeMirror with SPARQL highlighting and completion of the
// predeclared prefixes and of the classes and properties the graph uses;
// examples fill the editor; Ctrl/Cmd+Enter runs; a query too long for a URL
// is POSTed; a result with numeric columns can be drawn as a bar chart.
(function () {
  "use strict";
  var MAX_URL = 2000; // characters; longer GET URLs get 414 from servers and proxies
  var picker = document.getElementById("example");
  var area = document.getElementById("query");
  var form = document.getElementById("sparql-form");
  if (!area || !form || !window.CodeMirror) { return; }
  var prefixes = JSON.parse(area.dataset.prefixes || "{}");
  var vocabulary = {classes: [], properties: []};

  function compact(iri) {
    var best = null;
    Object.keys(prefixes).forEach(function (p) {
      var ns = prefixes[p];
      if (iri.indexOf(ns) === 0 && /^[\w\-.]+$/.test(iri.slice(ns.length)) &&
          (best === null || ns.length > prefixes[best].length)) { best = p; }
    });
    return best === null ? "<" + iri + ">" : best + ":" + iri.slice(prefixes[best].length);
  }

  // Classes and properties of the graph, asked once from the endpoint itself.
  function loadVocabulary() {
    var query = "SELECT DISTINCT ?term ?kind WHERE { { [] a ?term BIND(\"class\" AS ?kind) }" +
      " UNION { [] ?term [] BIND(\"property\" AS ?kind) } }";
    fetch(form.dataset.endpoint, {
      method: "POST",
      headers: {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
      body: query
    }).then(function (r) { return r.json(); }).then(function (data) {
      data.results.bindings.forEach(function (b) {
        var list = b.kind.value === "class" ? vocabulary.classes : vocabulary.properties;
        list.push(compact(b.term.value));
      });
      vocabulary.classes.sort();
      vocabulary.properties.sort();
      form.dataset.vocabulary = "loaded";
    });
  }

  function hint(cm) {
    var cursor = cm.getCursor();
    var line = cm.getLine(cursor.line);
    var start = cursor.ch;
    while (start > 0 && /[\w\-.:]/.test(line.charAt(start - 1))) { start -= 1; }
    var word = line.slice(start, cursor.ch);
    var before = line.slice(0, start).trim().split(/\s+/).pop();
    var terms = before === "a" ? vocabulary.classes.concat(vocabulary.properties)
      : vocabulary.properties.concat(vocabulary.classes);
    var names = Object.keys(prefixes).map(function (p) { return p + ":"; });
    var seen = {};
    var list = terms.concat(names).filter(function (t) {
      if (seen[t] || t.indexOf(word) !== 0 || t === word) { return false; }
      seen[t] = true;
      return true;
    });
    return {list: list, from: CodeMirror.Pos(cursor.line, start), to: CodeMirror.Pos(cursor.line, cursor.ch)};
  }

  var editor = CodeMirror.fromTextArea(area, {
    mode: "application/sparql-query", lineNumbers: true, indentUnit: 2, viewportMargin: Infinity,
    extraKeys: {
      "Ctrl-Space": function (cm) { cm.showHint({hint: hint, completeSingle: false}); },
      "Ctrl-Enter": function () { submit(); },
      "Cmd-Enter": function () { submit(); }
    }
  });
  // The textarea stays the form's field (and what tests and scripts read).
  editor.on("change", function (cm) { cm.save(); });
  editor.on("inputRead", function (cm, change) {
    if (/[\w:]/.test(change.text.join(""))) { cm.showHint({hint: hint, completeSingle: false}); }
  });

  function submit() {
    editor.save();
    var url = form.action + "?query=" + encodeURIComponent(area.value);
    form.method = url.length > MAX_URL ? "post" : "get";
    form.submit();
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    submit();
  });

  if (picker) {
    picker.addEventListener("change", function () {
      var option = picker.options[picker.selectedIndex];
      if (option && option.dataset.query) {
        editor.setValue(option.dataset.query);
        editor.focus();
      }
    });
  }
  loadVocabulary();

  // The chart: the first column that is not numeric labels the bars, every numeric column is a series.
  var table = document.getElementById("results-table");
  var button = document.getElementById("show-chart");
  if (!table || !button || !window.Chart) { return; }
  var header = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) { return th.textContent; });
  var rows = Array.prototype.map.call(table.querySelectorAll("tbody tr"), function (tr) {
    return Array.prototype.map.call(tr.querySelectorAll("td"), function (td) {
      var tag = td.querySelector(".tag");
      return (tag ? td.textContent.replace(tag.textContent, "") : td.textContent).trim();
    });
  });
  var numeric = header.map(function (_, i) {
    return rows.length > 0 && rows.every(function (r) { return r[i] !== "" && isFinite(Number(r[i])); });
  });
  var labelColumn = numeric.indexOf(false);
  if (numeric.indexOf(true) < 0 || labelColumn < 0) { return; }
  button.hidden = false;
  var chart = null;
  button.addEventListener("click", function () {
    var box = document.getElementById("chart-box");
    box.hidden = !box.hidden;
    if (chart || box.hidden) { return; }
    chart = new Chart(document.getElementById("chart"), {
      type: "bar",
      data: {
        labels: rows.map(function (r) { return r[labelColumn]; }),
        datasets: header.map(function (name, i) {
          return numeric[i] ? {label: name, data: rows.map(function (r) { return Number(r[i]); })} : null;
        }).filter(Boolean)
      },
      options: {animation: false, responsive: true, maintainAspectRatio: false}
    });
    box.dataset.series = String(chart.data.datasets.length);
  });
}());
