/* A "Udskriv" button for printable pages (poster, postcard). Without JavaScript the button stays
   hidden and the browser's own print command does the same. Loaded with defer from a static
   file: the Content Security Policy allows no inline scripts. */
(function () {
    "use strict";
    function start() {
        Array.prototype.forEach.call(document.querySelectorAll("[data-js-only]"), function (element) {
            element.hidden = false;
        });
        Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), function (button) {
            button.addEventListener("click", function () { window.print(); });
        });
    }
    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
}());
