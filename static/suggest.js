// Autocomplete for the search box: a <datalist> fed from /api/suggest.
// Progressive enhancement only: without this file the form works the same.
(function () {
  "use strict";
  var input = document.getElementById("q");
  var list = document.getElementById("q-suggestions");
  if (!input || !list || !window.fetch) { return; }
  var url = input.getAttribute("data-suggest");
  var timer = null;
  var last = "";
  input.setAttribute("list", list.id);

  function fill(words) {
    while (list.firstChild) { list.removeChild(list.firstChild); }
    words.forEach(function (word) {
      var option = document.createElement("option");
      option.value = word;  // text, never HTML
      list.appendChild(option);
    });
  }

  function ask() {
    var value = input.value;
    if (value === last) { return; }
    last = value;
    if (value.trim().length < 2) { fill([]); return; }
    fetch(url + "?q=" + encodeURIComponent(value), { headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
      .then(function (data) { if (input.value === value) { fill(data.suggestions || []); } })
      .catch(function () { fill([]); });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(ask, 150);
  });
}());
