/* "Del" on an offer page (templates/offers/offer_actions.html). Without JavaScript it is a link
   that writes an e-mail with the page's address. Here: the phone's own sharing (Web Share API)
   where there is one, else the address is copied and the status line says so; if neither
   works, the e-mail link is followed. Loaded with defer from a static file: the Content
   Security Policy allows no inline scripts. */
(function () {
    "use strict";

    function announce(link) {
        var status = document.querySelector("[data-share-status]");
        if (status) { status.textContent = link.getAttribute("data-copied") || ""; }
    }

    Array.prototype.forEach.call(document.querySelectorAll("[data-share]"), function (link) {
        link.setAttribute("role", "button");
        link.addEventListener("click", function (event) {
            var url = link.getAttribute("data-share-url");
            var title = link.getAttribute("data-share-title") || document.title;
            if (navigator.share) {
                event.preventDefault();
                navigator.share({title: title, url: url}).catch(function () { /* cancelled */ });
            } else if (navigator.clipboard && navigator.clipboard.writeText) {
                event.preventDefault();
                navigator.clipboard.writeText(url).then(function () { announce(link); }, function () {
                    window.location.href = link.href;
                });
            }
        });
        link.addEventListener("keydown", function (event) {
            if (event.key === " ") { event.preventDefault(); link.click(); }
        });
    });
}());
