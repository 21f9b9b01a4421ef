// SPARQL editor: picking an example fills the text area; Ctrl/Cmd+Enter runs the query.
(function () {
  "use strict";
  var picker = document.getElementById("example");
  var area = document.getElementById("query");
  var form = document.getElementById("sparql-form");
  if (!picker || !area || !form) { return; }
  picker.addEventListener("change", function () {
    var option = picker.options[picker.selectedIndex];
    if (option && option.dataset.query) {
      area.value = option.dataset.query;
      area.focus();
    }
  });
  area.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.submit();
    }
  });
}());
