/* History page, progressive: "Which version was in force on a date?".
   Answers from the history table's rows: each <tr> carries data-effective and data-last-day, ISO calendar
   days in the site's time zone (data-last-day is the last day in force, inclusive; empty while no later
   version is planned). The typed date is a calendar day too, so the answer is string comparison of ISO
   days: no Date arithmetic, no visitor time zone. Without JavaScript the form stays hidden and the
   sentence above it says to read the ranges in the table. */
(function () {
  "use strict";
  var form = document.getElementById("in-force-form");
  var input = document.getElementById("in-force-date");
  var answer = document.getElementById("in-force-answer");
  if (!form || !input || !answer) return;
  var rows = Array.prototype.slice.call(document.querySelectorAll("table.history tr[data-effective]"));
  if (!rows.length) return;
  rows.sort(function (a, b) { return a.getAttribute("data-effective") < b.getAttribute("data-effective") ? -1 : 1; });

  function text(node) { return node ? node.textContent.replace(/\s+/g, " ").trim() : ""; }

  // The typed day in the page's language: formatted as a UTC day so that no time zone can shift it.
  function dayName(iso) {
    var parts = iso.split("-");
    var when = new Date(Date.UTC(+parts[0], +parts[1] - 1, +parts[2]));
    try {
      return when.toLocaleDateString(document.documentElement.lang || undefined,
        { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
    } catch (e) {
      return iso;
    }
  }

  // Writes a template sentence, {name} replaced by the given strings or nodes.
  function say(name, values) {
    var template = form.getAttribute("data-say-" + name) || "";
    answer.textContent = "";
    template.split(/(\{[a-z]+\})/).forEach(function (piece) {
      var key = piece.charAt(0) === "{" ? piece.slice(1, -1) : null;
      var value = key && values[key] !== undefined ? values[key] : piece;
      answer.appendChild(typeof value === "string" ? document.createTextNode(value) : value);
    });
  }

  function update() {
    var day = input.value;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) { say("invalid", {}); return; }
    var found = null;
    rows.forEach(function (row) {
      var last = row.getAttribute("data-last-day");
      if (row.getAttribute("data-effective") <= day && (!last || day <= last)) found = row;
    });
    if (!found) {
      say("none", { date: dayName(day), first: text(rows[0].querySelector("th")) });
      return;
    }
    var head = found.querySelector("th");
    var link = head.querySelector("a");
    var version = link ? link.cloneNode(true) : document.createTextNode(text(head));
    var range = text(found.querySelector("td[data-label]"));
    // After the day the page was made, the last version known then can still be replaced: not "was".
    var today = form.getAttribute("data-today") || "";
    if (today && day > today && !found.getAttribute("data-last-day")) say("future", { date: dayName(day), version: version });
    else say("found", { date: dayName(day), version: version, range: range });
    answer.setAttribute("data-version", found.getAttribute("data-effective"));
  }

  form.hidden = false;
  form.addEventListener("submit", function (event) { event.preventDefault(); update(); });
  input.addEventListener("input", update);
  input.addEventListener("change", update);
  update();
})();
