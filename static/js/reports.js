// Reports: progressive enhancement only. Without JavaScript the page shows the state at load time
// and a "Refresh" link; with it, the generation progress updates itself.
(function () {
  "use strict";
  // One click on "Generate PDF" is enough: the button is disabled while the request is sent
  // (the server also refuses to start a second job for the same report).
  document.querySelectorAll("form.generate-form").forEach(function (form) {
    form.addEventListener("submit", function () {
      var button = form.querySelector("button");
      if (button) {
        button.disabled = true;
        if (button.dataset.busyLabel) { button.textContent = button.dataset.busyLabel; }
      }
    });
  });

  var editions = document.getElementById("editions");
  if (!editions || !editions.dataset.busy) { return; }
  var url = editions.dataset.statusUrl;
  var BADGE = { done: "ok", failed: "bad", queued: "warn", rendering: "warn" };
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        data.documents.forEach(function (doc) {
          // The progress box and the table show the same state, from the same answer.
          var row = editions.querySelector('[data-document="' + doc.id + '"]');
          if (row) {
            row.querySelector(".state").textContent = doc.state_label;
            var bar = row.querySelector(".progress > span");
            if (bar) { bar.style.width = doc.progress + "%"; }
          }
          var badge = editions.querySelector('[data-document-row="' + doc.id + '"] .state-cell .badge');
          if (badge) {
            badge.textContent = doc.state_label;
            badge.className = "badge " + (BADGE[doc.state] || "");
          }
        });
        if (data.busy) { window.setTimeout(poll, 2000); } else { window.location.reload(); }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1500);
})();
