/* History page, progressive: the "Compare two versions" form.
   It goes to the pre-rendered redline of the chosen pair (ordered older → newer). When that pair
   was not published it says so (role="status") and links the closest published comparisons.
   The available pairs are the links of the list #compare-list (data-from, data-to), which is also
   the way to every comparison without JavaScript. The browser never computes a redline itself:
   a second diff implementation would drift from the tested one that built the site. */
(function () {
  "use strict";
  var form = document.getElementById("compare-form");
  var list = document.getElementById("compare-list");
  if (!form || !list) return;
  var from = document.getElementById("compare-from");
  var to = document.getElementById("compare-to");
  var status = document.getElementById("compare-status");
  var current = form.getAttribute("data-current") || "";

  var links = {};
  Array.prototype.forEach.call(list.querySelectorAll("a[data-from][data-to]"), function (a) {
    links[a.getAttribute("data-from") + "..." + a.getAttribute("data-to")] = a.href;
  });

  // Every version, oldest first, with its label (the effective date as the page shows it).
  var versions = Array.prototype.map.call(from.options, function (o) { return o.value; }).sort();
  var labels = {};
  Array.prototype.forEach.call(from.options, function (o) { labels[o.value] = o.textContent; });

  // Every word the visitor reads comes from the template (data-say-*), so that a site can reword it.
  function words(name, older, newer) {
    return (form.getAttribute("data-say-" + name) || "")
      .replace("{from}", older ? labels[older] : "").replace("{to}", newer ? labels[newer] : "");
  }

  function clear() {
    while (status.firstChild) status.removeChild(status.firstChild);
  }

  function say(text) {
    var p = document.createElement("p");
    p.textContent = text;
    status.appendChild(p);
    return p;
  }

  function suggestions(older, newer) {
    var keys = [];
    function add(a, b) {
      var key = a + "..." + b;
      if (a !== b && links[key] && keys.indexOf(key) < 0) keys.push(key);
    }
    // From the older version to the version in force, then each step between the two chosen ones.
    if (current) add(older < current ? older : current, older < current ? current : older);
    var i = versions.indexOf(older), j = versions.indexOf(newer);
    for (var k = i; k >= 0 && k < j; k++) add(versions[k], versions[k + 1]);
    return keys;
  }

  function missing(older, newer) {
    say(words("missing", older, newer));
    var keys = suggestions(older, newer);
    if (!keys.length) return;
    say(words("closest"));
    var ul = document.createElement("ul");
    keys.forEach(function (key) {
      var pair = key.split("...");
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = links[key];
      a.textContent = words("pair", pair[0], pair[1]);
      li.appendChild(a);
      ul.appendChild(li);
    });
    status.appendChild(ul);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clear();
    var a = from.value, b = to.value;
    if (a === b) {
      say(words("same"));
      return;
    }
    var older = a < b ? a : b, newer = a < b ? b : a;
    var href = links[older + "..." + newer];
    if (href) location.assign(href);
    else missing(older, newer);
  });

  form.hidden = false;
})();
