/* The portal's fixes to the admin's own widgets, on every admin page (templates/admin/base_site.html):
   accessible names where Django's scripts leave none. Runs on load and again for whatever the admin
   adds later (inline rows from "Add another", select2 boxes, filter_horizontal's widgets). */
(function () {
  "use strict";

  function labelFor(id) {
    return id ? document.querySelector('label[for="' + CSS.escape(id) + '"]') : null;
  }

  function labelId(label, id) {
    if (!label.id) label.id = id + "_label";
    return label.id;
  }

  function fix(root) {
    // filter_horizontal's search icons: a span with aria-label must have a role to carry it.
    root.querySelectorAll(".help-tooltip[aria-label]:not([role])").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
    // autocomplete_fields (select2): the combobox and its search field are named by the field's label.
    root.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var container = select.nextElementSibling;
      var label = labelFor(select.id);
      if (!container || !container.classList.contains("select2") || !label) return;
      var name = label.textContent.replace(/[:\s]+$/, "").trim();
      var selection = container.querySelector(".select2-selection");
      if (selection) {
        var own = labelId(label, select.id);
        var by = (selection.getAttribute("aria-labelledby") || "").split(/\s+/).filter(Boolean);
        if (by.indexOf(own) === -1) selection.setAttribute("aria-labelledby", [own].concat(by).join(" "));
        if (!selection.getAttribute("aria-labelledby")) selection.setAttribute("aria-label", name);
      }
      // The single box's text (the chosen value) is not an input of its own: no textbox role without a name.
      container.querySelectorAll(".select2-selection__rendered[role=textbox]").forEach(function (text) {
        text.removeAttribute("role");
        text.removeAttribute("aria-readonly");
      });
      container.querySelectorAll(".select2-search__field").forEach(function (field) {
        field.setAttribute("aria-label", name);
      });
    });
  }

  function start() {
    fix(document);
    // At once (a microtask after each change), so nothing is ever shown without its name.
    new MutationObserver(function () { fix(document); }).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
