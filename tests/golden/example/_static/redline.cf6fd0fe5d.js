/* Redline page, progressive: keyboard shortcuts for the next/previous change (n or j, p or k), and
   an address ending in #side-by-side opens that view (its radio button is checked).
   Everything here also works without this script, through plain links and the radio buttons. */
(function () {
  "use strict";
  var sbs = document.getElementById("side-by-side");
  if (!sbs || !document.getElementById("redline")) return;

  function markers() {
    var found = [];
    for (var n = 1; ; n++) {
      var el = document.getElementById("change-" + n);
      if (!el) return found;
      if (el.getClientRects().length) found.push(el);  // a change the wording-only switch hides is skipped
    }
  }

  function current(list) {
    var id = location.hash.slice(1);
    for (var i = 0; i < list.length; i++) if (list[i].id === id) return i;
    return -1;
  }

  function go(step) {
    var list = markers();
    if (!list.length) return;
    var at = current(list);
    if (at < 0) {
      // No change is the target yet: start from what is on screen.
      at = step > 0 ? -1 : list.length;
      for (var i = 0; i < list.length; i++) {
        var top = list[i].getBoundingClientRect().top;
        if (step > 0 && top <= 1) at = i;
        if (step < 0 && top < 0) at = i + 1;
      }
    }
    var next = Math.max(0, Math.min(list.length - 1, at + step));
    location.hash = "#" + list[next].id;
    list[next].setAttribute("tabindex", "-1");
    list[next].focus({ preventScroll: true });
  }

  // The legend names the keys only where they work: with this script (redline.css hides them otherwise).
  document.documentElement.classList.add("rl-keys-work");
  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    var el = event.target;
    if (el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName))) return;
    if (event.key === "n" || event.key === "j") { go(1); event.preventDefault(); }
    else if (event.key === "p" || event.key === "k") { go(-1); event.preventDefault(); }
  });

  function openView() {
    if (location.hash !== "#side-by-side" || sbs.checked) return;
    sbs.checked = true;
    // Checked by a script, a radio button fires no change event: say it, for what lays out by the view (tables.js)
    sbs.dispatchEvent(new Event("change", { bubbles: true }));
  }
  window.addEventListener("hashchange", openView);
  openView();
})();
