/* Redline page, progressive: keyboard shortcuts for the next/previous change (n or j, p or k),
   the current view marked for assistive technology, a button that opens (and folds again) every
   unchanged passage of the view, and folded text opened for printing.
   Everything here also works without this script, through plain links. */
(function () {
  "use strict";
  var panes = document.querySelector(".rl-panes");
  if (!panes) return;
  var sbs = document.getElementById("side-by-side");

  function sideBySide() {
    var target = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    return !!(target && sbs && (target === sbs || sbs.contains(target)));
  }

  function markers() {
    var prefix = sideBySide() ? "sbs-change-" : "change-";
    var found = [];
    for (var n = 1; ; n++) {
      var el = document.getElementById(prefix + n);
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

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    var el = event.target;
    if (el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName))) return;
    if (event.key === "n" || event.key === "j") { go(1); event.preventDefault(); }
    else if (event.key === "p" || event.key === "k") { go(-1); event.preventDefault(); }
  });

  function markView() {
    var both = [[".rl-view-inline", !sideBySide()], [".rl-view-sbs", sideBySide()]];
    both.forEach(function (pair) {
      var link = document.querySelector(pair[0]);
      if (!link) return;
      if (pair[1]) link.setAttribute("aria-current", "true");
      else link.removeAttribute("aria-current");
    });
  }
  window.addEventListener("hashchange", markView);
  markView();

  // "Expand all unchanged text": opens (or folds again) every fold of the view on screen. Made here, not in
  // the page, because without JavaScript each fold opens on its own and print opens them all anyway. Its
  // words are the page's (data-say-expand, data-say-fold on .rl-views), in the page's language.
  var views = document.querySelector(".rl-views");
  if (views && document.querySelector("details.rl-fold")) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "rl-expand";
    views.appendChild(button);

    var folds = function () {
      var pane = document.getElementById(sideBySide() ? "side-by-side" : "inline");
      return pane ? Array.prototype.slice.call(pane.querySelectorAll("details.rl-fold")) : [];
    };
    var allOpen = function (list) {
      return list.length > 0 && list.every(function (d) { return d.open; });
    };
    // The label says what a press will do, and follows folds opened or closed one by one.
    var label = function () {
      var list = folds();
      button.hidden = list.length === 0;
      button.textContent = views.getAttribute(allOpen(list) ? "data-say-fold" : "data-say-expand");
    };
    button.addEventListener("click", function () {
      var list = folds();
      var open = !allOpen(list);
      list.forEach(function (d) { d.open = open; });
      label();
    });
    document.addEventListener("toggle", function (event) {
      if (event.target instanceof HTMLDetailsElement && event.target.classList.contains("rl-fold")) label();
    }, true);
    window.addEventListener("hashchange", label);
    label();
  }

  var opened = [];
  window.addEventListener("beforeprint", function () {
    opened = Array.prototype.filter.call(document.querySelectorAll("details.rl-fold:not([open])"), function (d) {
      d.open = true;
      return true;
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });
})();
