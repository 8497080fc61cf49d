// Progressive enhancement only: every page works without JavaScript.
(function () {
  "use strict";
  var script = document.currentScript;
  // Open the menu on wide screens, where it is a plain bar rather than a disclosure.
  var menu = document.querySelector("details.menu");
  var wide = window.matchMedia("(min-width: 52rem)");
  function sync() { if (menu) { menu.open = wide.matches || menu.open; } }
  if (wide.addEventListener) { wide.addEventListener("change", sync); }
  sync();
  // Confirm destructive actions that carry data-confirm.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var message = form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) { event.preventDefault(); }
  });
  // A character counter under every text area with a limit (magnet/limits.py sets maxlength).
  var counterLabel = (script && script.getAttribute("data-counter")) || "{count} / {limit}";
  Array.prototype.forEach.call(document.querySelectorAll("textarea[maxlength]"), function (area) {
    var limit = area.maxLength;
    var counter = document.createElement("span");
    counter.className = "helptext counter";
    counter.id = (area.id || "textarea") + "-counter";
    counter.setAttribute("aria-live", "polite");
    function update() {
      counter.textContent = counterLabel.replace("{count}", area.value.length).replace("{limit}", limit);
      counter.classList.toggle("near-limit", area.value.length > limit * 0.9);
    }
    area.setAttribute("aria-describedby", ((area.getAttribute("aria-describedby") || "") + " " + counter.id).trim());
    area.insertAdjacentElement("afterend", counter);
    area.addEventListener("input", update);
    update();
  });
  // A table wider than the screen scrolls inside its .table-wrap: keyboard users reach it with Tab and
  // scroll it with the arrow keys, and screen readers name it after the table's caption.
  function scrollable() {
    Array.prototype.forEach.call(document.querySelectorAll(".table-wrap"), function (wrap) {
      var scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
      var caption = wrap.querySelector("caption");
      if (scrolls) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        if (caption && caption.textContent.trim()) { wrap.setAttribute("aria-label", caption.textContent.trim()); }
      } else if (wrap.getAttribute("tabindex") === "0") {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
    });
  }
  scrollable();
  window.addEventListener("resize", scrollable);
})();
