// Projects: the live overlap check of the proposal form (progressive enhancement: without
// JavaScript the check runs on submission and the proposal's page lists the overlaps).
(function () {
  "use strict";
  var form = document.getElementById("proposal-form");
  var panel = document.getElementById("overlap-check");
  if (!form || !panel) { return; }
  var list = panel.querySelector(".overlap-results");
  var help = panel.querySelector(".help");
  var timer = null;
  var sent = 0;

  function render(results) {
    list.textContent = "";
    if (!results.length) {
      help.textContent = help.dataset.empty;
      return;
    }
    help.textContent = "";
    results.forEach(function (item) {
      var li = document.createElement("li");
      li.className = "overlap-result";
      var title = document.createElement("strong");
      title.textContent = item.title;
      var badge = document.createElement("span");
      badge.className = "badge";
      badge.textContent = help.dataset.score + " " + item.score_label;
      var meta = document.createElement("small");
      meta.className = "muted";
      meta.textContent = item.organisation + " · " + item.state;
      var reason = document.createElement("p");
      reason.className = "reason";
      reason.textContent = item.reason;
      li.appendChild(title);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(badge);
      li.appendChild(document.createElement("br"));
      li.appendChild(meta);
      li.appendChild(reason);
      list.appendChild(li);
    });
  }

  function check() {
    var data = new FormData(form);
    data.delete("save");
    data.delete("submit");
    if (panel.dataset.project) { data.append("project", panel.dataset.project); }
    var number = ++sent;
    fetch(panel.dataset.url, { method: "POST", body: data, credentials: "same-origin",
                               headers: { "Accept": "application/json", "X-Requested-With": "fetch" } })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (answer) { if (number === sent) { render(answer.results); } })
      .catch(function () { if (number === sent) { help.textContent = help.dataset.error; } });
  }

  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(check, 500);
  }

  form.addEventListener("change", later);
  form.addEventListener("input", function (event) {
    var name = event.target.name || "";
    if (name.indexOf("title_") === 0 || name.indexOf("summary_") === 0) { later(); }
  });
  check();
})();
