/* Min liste: the shortlist of offers, kept in this browser only (localStorage, one list for the
   site: a municipality's list may hold national offers, which live outside its subsite). Nothing
   is sent to the server except the list's own address, ?tilbud=<id>&tilbud=<id>, when the list
   is opened; every subsite's list page shows all of them, from any municipality.
   Without JavaScript everything still works as plain links; this file only:
   - turns "Læg på min liste" links into buttons that add or remove the offer;
   - shows "Min liste (n)" in the header, linking to the current list;
   - on the list page: opens the remembered list when the address has none, remembers the list
     shown, copies the link, prints, and keeps removals and "Ryd listen" in step.
   Loaded with defer from a static file: the Content Security Policy allows no inline scripts. */
(function () {
    "use strict";

    var MAX = 30;
    var KEY = "socialkompas.shortlist";

    function storage() {
        try {
            var s = window.localStorage;
            var probe = KEY + ".probe";
            s.setItem(probe, "1");
            s.removeItem(probe);
            return s;
        } catch (error) {
            return null;  // private mode or storage switched off: links work as without JS
        }
    }

    var store = storage();

    function read() {
        if (!store) { return []; }
        var raw = store.getItem(KEY) || "";
        return raw.split(/\s+/).filter(function (id) { return /^\d+$/.test(id); }).slice(0, MAX);
    }

    function write(ids) {
        if (!store) { return; }
        if (ids.length) {
            store.setItem(KEY, ids.slice(0, MAX).join(" "));
        } else {
            store.removeItem(KEY);
        }
    }

    function listHref(listUrl, ids) {
        if (!ids.length) { return listUrl; }
        return listUrl + "?" + ids.map(function (id) {
            return "tilbud=" + encodeURIComponent(id);
        }).join("&");
    }

    function each(selector, callback) {
        Array.prototype.forEach.call(document.querySelectorAll(selector), callback);
    }

    function updateLinks() {
        each("[data-shortlist-link]", function (link) {
            var listUrl = link.getAttribute("data-shortlist-url");
            var ids = read();
            link.href = listHref(listUrl, ids);
            each("[data-shortlist-count]", function (count) {
                if (link.contains(count)) { count.textContent = String(ids.length); }
            });
            link.hidden = ids.length === 0;
        });
        each("[data-shortlist-toggle]", function (button) {
            var ids = read();
            var on = ids.indexOf(button.getAttribute("data-shortlist-toggle")) !== -1;
            var label = button.querySelector("[data-shortlist-label]");
            button.classList.toggle("is-on", on);
            if (label) {
                label.textContent = button.getAttribute(on ? "data-label-remove" : "data-label-add");
            }
        });
    }

    function setUpToggles() {
        each("[data-shortlist-toggle]", function (button) {
            button.setAttribute("role", "button");
            button.addEventListener("click", function (event) {
                if (!store) { return; }  // follow the plain link
                event.preventDefault();
                var listUrl = button.getAttribute("data-shortlist-url");
                var id = button.getAttribute("data-shortlist-toggle");
                var ids = read();
                var at = ids.indexOf(id);
                if (at === -1) {
                    if (ids.length >= MAX) { window.location.href = listHref(listUrl, ids); return; }
                    ids.push(id);
                } else {
                    ids.splice(at, 1);
                }
                write(ids);
                updateLinks();
            });
            // Space activates a button, not only Enter.
            button.addEventListener("keydown", function (event) {
                if (event.key === " ") { event.preventDefault(); button.click(); }
            });
        });
    }

    function setUpListPage() {
        var page = document.querySelector("[data-shortlist-page]");
        if (!page) { return; }
        var listUrl = page.getAttribute("data-shortlist-url");
        var shown = (page.getAttribute("data-shortlist-ids") || "").split(/\s+/).filter(Boolean);

        if (!page.hasAttribute("data-shortlist-requested")) {
            // No list in the address: open the one remembered in this browser, if any.
            var remembered = read();
            if (remembered.length) {
                window.location.replace(listHref(listUrl, remembered));
                return;
            }
        } else {
            // The list in the address is now this browser's list.
            write(shown);
        }

        each("[data-js-only]", function (element) { element.hidden = false; });

        var status = page.querySelector("[data-shortlist-status]");
        var share = page.querySelector("[data-shortlist-share]");
        each("[data-shortlist-copy]", function (button) {
            button.addEventListener("click", function () {
                var done = function () { if (status) { status.textContent = button.getAttribute("data-copied") || "✓"; } };
                if (navigator.clipboard && navigator.clipboard.writeText) {
                    navigator.clipboard.writeText(share.value).then(done, function () {
                        share.select();
                    });
                } else {
                    share.select();
                    try { if (document.execCommand("copy")) { done(); } } catch (error) { /* selected */ }
                }
            });
        });
        each("[data-print]", function (button) {
            button.addEventListener("click", function () { window.print(); });
        });
        each("[data-shortlist-remove]", function (link) {
            link.addEventListener("click", function () {
                var id = link.getAttribute("data-shortlist-remove");
                write(read().filter(function (other) { return other !== id; }));
            });
        });
        each("[data-shortlist-clear]", function (link) {
            link.addEventListener("click", function () { write([]); });
        });
        if (share) {
            share.addEventListener("focus", function () { share.select(); });
        }
    }

    function start() {
        setUpListPage();
        setUpToggles();
        updateLinks();
        // Another tab changed the list.
        window.addEventListener("storage", function (event) {
            if (event.key === KEY || event.key === null) { updateLinks(); }
        });
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
}());
