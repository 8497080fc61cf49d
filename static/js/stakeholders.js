// Registry pages. Progressive enhancement only: every form works without JavaScript.
(function () {
  "use strict";

  // Dashboard: bar widths from data attributes; the figures are also printed in the table below.
  document.querySelectorAll(".bar[data-value]").forEach(function (bar) {
    var value = Number(bar.getAttribute("data-value")) || 0;
    var max = Number(bar.getAttribute("data-max")) || 1;
    bar.style.width = Math.max(2, Math.round((value / max) * 100)) + "%";
  });

  // Join page: search as you type against the JSON endpoint; the plain GET form remains the fallback.
  var form = document.querySelector("form[data-organisation-search]");
  var results = document.getElementById("join-results");
  if (!form || !results) { return; }
  var input = form.querySelector("input[name=q]");
  var endpoint = form.getAttribute("data-organisation-search");
  var csrf = document.querySelector("input[name=csrfmiddlewaretoken]");
  var timer = null;
  var latest = 0;

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }  // always text: names are never HTML
    return node;
  }

  function render(items) {
    results.textContent = "";
    if (!items.length) {
      results.appendChild(element("p", "notice warn", results.getAttribute("data-empty-label")));
      return;
    }
    var list = element("ul", "result-list");
    list.setAttribute("role", "list");
    items.forEach(function (item) {
      var li = element("li", "card");
      var heading = element("h2", "h3", item.name);
      if (item.acronym) { heading.appendChild(element("span", "muted", " (" + item.acronym + ")")); }
      li.appendChild(heading);
      li.appendChild(element("p", "muted", item.pillar + " · " + item.location));
      var join = element("form", "join-form");
      join.method = "post";
      join.action = results.getAttribute("data-join-url");
      var token = element("input"); token.type = "hidden"; token.name = "csrfmiddlewaretoken"; token.value = csrf ? csrf.value : "";
      var org = element("input"); org.type = "hidden"; org.name = "organisation"; org.value = item.id;
      var label = element("label", "", results.getAttribute("data-role-label")); label.htmlFor = "role-" + item.id;
      var role = element("input"); role.type = "text"; role.name = "role"; role.id = "role-" + item.id; role.maxLength = 200;
      var button = element("button", "small", results.getAttribute("data-join-label")); button.type = "submit";
      [token, org, label, role, button].forEach(function (n) { join.appendChild(n); });
      li.appendChild(join);
      list.appendChild(li);
    });
    results.appendChild(list);
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    var query = input.value.trim();
    if (query.length < 2) { return; }
    timer = window.setTimeout(function () {
      var ticket = ++latest;
      fetch(endpoint + "?q=" + encodeURIComponent(query), { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { if (ticket === latest) { render(data.results); } })
        .catch(function () { /* the search button still works */ });
    }, 250);
  });
})();
