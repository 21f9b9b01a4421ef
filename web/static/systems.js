// Systems table: a changed filter applies at once (the form also works without this script).
(function () {
  "use strict";
  var form = document.getElementById("table-filters");
  if (!form) { return; }
  Array.prototype.forEach.call(form.querySelectorAll("select"), function (select) {
    select.addEventListener("change", function () { form.submit(); });
  });
}());
