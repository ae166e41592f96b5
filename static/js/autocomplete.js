// Autocomplete on the search boxes: the browser's own suggestion list (<datalist>) filled
// from /api/search/suggest/ as the person types. Only enhances: the form works without it,
// and nothing typed is sent anywhere but to this site.
(function () {
  "use strict";
  var DELAY_MS = 200;
  document.querySelectorAll('form[role="search"] input[name="q"]').forEach(function (input, n) {
    var form = input.form;
    var endpoint = form.getAttribute("data-suggest-url") || "/api/search/suggest/";
    var municipality = form.getAttribute("data-municipality") || "";
    var list = document.createElement("datalist");
    list.id = "search-suggestions-" + n;
    form.appendChild(list);
    input.setAttribute("list", list.id);
    var timer = null;
    var last = "";
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var text = input.value.trim();
      if (text.length < 2 || text === last) return;
      timer = setTimeout(function () {
        last = text;
        var url = endpoint + "?q=" + encodeURIComponent(text);
        if (municipality) url += "&municipality=" + encodeURIComponent(municipality);
        fetch(url, { credentials: "omit", headers: { Accept: "application/json" } })
          .then(function (response) {
            return response.ok ? response.json() : { suggestions: [] };
          })
          .then(function (data) {
            list.textContent = "";
            data.suggestions.forEach(function (suggestion) {
              var option = document.createElement("option");
              option.value = suggestion;
              list.appendChild(option);
            });
          })
          .catch(function () {});
      }, DELAY_MS);
    });
  });
})();
