/* The language switcher keeps the section: a visitor reading #your-rights who switches language lands on the
   same section when the other language's page has an element with that id (a pinned id, `## Rechte {#rights}`).
   The link carries the fragment; on the page it opens, a fragment that names nothing there is dropped, so the
   address never points at a section that does not exist. Without JavaScript the links lead to the page's top. */
(function () {
  "use strict";
  var KEY = "ppgen-language-switch";
  try {
    var carried = window.sessionStorage.getItem(KEY);
    if (carried !== null) {
      window.sessionStorage.removeItem(KEY);
      var id = decodeURIComponent(window.location.hash.slice(1));
      if (carried === window.location.hash && id && !document.getElementById(id)) {
        window.history.replaceState(null, "", window.location.pathname + window.location.search);
      }
    }
  } catch (e) { /* storage refused: the fragment is simply kept */ }
  var links = document.querySelectorAll(".language-switcher a[hreflang]");
  Array.prototype.forEach.call(links, function (link) {
    link.addEventListener("click", function () {
      var hash = window.location.hash;
      if (!hash || hash === "#main") return;
      link.hash = hash;
      try { window.sessionStorage.setItem(KEY, hash); } catch (e) { /* kept without the check */ }
    });
  });
})();
