// Progressive enhancement only: every page works without JavaScript.
(function () {
  "use strict";
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
})();
