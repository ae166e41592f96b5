/* Starts Det Fælles Designsystem's components (error summary focus and links).
   Loaded with defer from a static file: the Content Security Policy allows no inline scripts.
   Every page works without JavaScript; this only improves focus handling. */
(function () {
    "use strict";
    if (window.DKFDS && typeof window.DKFDS.init === "function") {
        try {
            window.DKFDS.init();
        } catch (error) {
            if (window.console) { window.console.error(error); }
        }
    }
}());
