/* Quick exit ("Forlad siden", templates/components/quick_exit.html) on the pages about violence.
   Without JavaScript it is a plain link to a neutral site. This file makes it leave at once:
   the page is hidden and replaced with location.replace, so the back button does not return
   to it (where the browser allows), and pressing Escape twice within two seconds does the
   same. Loaded with defer from a static file: the Content Security Policy allows no inline
   scripts. */
(function () {
    "use strict";

    var link = document.querySelector("[data-quick-exit-link]");
    if (!link) { return; }
    var WITHIN_MS = 2000;
    var lastEscape = 0;

    function leave() {
        var url = link.href;
        // Nothing of the page stays on screen while the neutral site loads.
        document.documentElement.classList.add("quick-exit-leaving");
        document.title = "";
        window.location.replace(url);
    }

    link.addEventListener("click", function (event) {
        event.preventDefault();
        leave();
    });

    document.addEventListener("keydown", function (event) {
        if (event.key !== "Escape" && event.key !== "Esc") { return; }
        if (event.repeat) { return; }
        var now = Date.now();
        if (now - lastEscape <= WITHIN_MS) {
            leave();
        } else {
            lastEscape = now;
        }
    });
}());
