// "Brug min placering" on the search page: asks the browser for the position (the browser asks
// the person for consent), rounds it to about 100 m and sends it as near=<lat>,<lon> with the
// rest of the form. Without JavaScript the postcode field does the same job.
(function () {
  "use strict";
  var box = document.querySelector("[data-near-me]");
  if (!box || !("geolocation" in navigator)) return;
  var button = box.querySelector("[data-near-me-locate]");
  var status = box.querySelector("[data-near-me-status]");
  var form = box.closest("form");
  button.hidden = false;
  button.addEventListener("click", function () {
    status.textContent = box.getAttribute("data-locating") || "Finder din placering …";
    navigator.geolocation.getCurrentPosition(
      function (position) {
        var near = form.querySelector("input[name=near]");
        if (!near) {
          near = document.createElement("input");
          near.type = "hidden";
          near.name = "near";
          form.appendChild(near);
        }
        near.value =
          position.coords.latitude.toFixed(3) + "," + position.coords.longitude.toFixed(3);
        var postcode = form.querySelector("input[name=postcode]");
        if (postcode) postcode.value = "";
        form.submit();
      },
      function () {
        status.textContent =
          box.getAttribute("data-failed") ||
          "Vi kunne ikke finde din placering. Skriv dit postnummer i stedet.";
      },
      { enableHighAccuracy: false, timeout: 10000, maximumAge: 600000 }
    );
  });
})();
