/* Policy and redline pages, progressive: a wide table scrolls sideways inside its own box (style.css), and
   a box that scrolls must be reachable from the keyboard. Chromium (130+) already lets a keyboard scroll such
   a box; this script makes it a tab stop in every browser, only while the table is wider than its box.
   The Markdown renderer writes tables without a wrapper, so the table itself is the box. */
(function () {
  "use strict";
  var tables = document.querySelectorAll(".policy-text table");
  if (!tables.length) return;
  function mark() {
    Array.prototype.forEach.call(tables, function (table) {
      if (table.scrollWidth > table.clientWidth + 1) table.setAttribute("tabindex", "0");
      else table.removeAttribute("tabindex");
    });
  }
  mark();
  window.addEventListener("resize", mark);
  document.addEventListener("change", mark);  // the redline's view buttons change the tables' widths
})();
