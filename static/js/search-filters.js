// The filters on the search page (templates/search/search_page.html) are in a <details> panel
// that is closed in the HTML, so that on a phone the results come first; it opens and closes
// without JavaScript. From 768px wide the panel is a sidebar beside the results (site.css):
// there this opens it, and closes it again if the window becomes narrow.
(function () {
  "use strict";
  var panel = document.querySelector("[data-search-filters]");
  if (!panel || !window.matchMedia) return;
  var wide = window.matchMedia("(min-width: 768px)");
  function follow() {
    panel.open = wide.matches;
  }
  follow();
  if (wide.addEventListener) {
    wide.addEventListener("change", follow);
  } else if (wide.addListener) {
    wide.addListener(follow); // Safari before 14
  }
})();
