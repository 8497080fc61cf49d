/* The programme builder (conference/builder.py). Without this script the page is a plain form; with
 * it, sessions are dragged between rooms and times (SortableJS), the grid follows the day, room and
 * start fields (the keyboard path), speakers and chairs are searched in the registry, and the form
 * is checked as it is typed by the server's own rules (the check address writes nothing). */
(function () {
  "use strict";
  var root = document.getElementById("pb");
  if (!root) return;
  document.documentElement.classList.add("pb-js");
  var form = document.getElementById("pb-form");
  var rowsBox = document.getElementById("pb-rows");
  var unplaced = document.querySelector(".pb-unplaced");
  var summary = document.getElementById("pb-conflicts");
  var slot = parseInt(root.dataset.slot, 10) || 30;
  var next = parseInt(root.dataset.nextNew, 10) || 100;
  var lang = (document.documentElement.lang || "tr").slice(0, 2);
  var labels = root.dataset;

  function field(key, name) { return document.getElementById("s-" + key + "-" + name); }
  function value(key, name) { var f = field(key, name); return f ? f.value.trim() : ""; }
  function toMinutes(t) {
    var m = /^\s*(\d{1,2})[:.](\d{2})/.exec(t || "");
    return m ? parseInt(m[1], 10) * 60 + parseInt(m[2], 10) : null;
  }
  function hhmm(m) {
    m = ((m % 1440) + 1440) % 1440;
    var h = Math.floor(m / 60), n = m % 60;
    return (h < 10 ? "0" : "") + h + ":" + (n < 10 ? "0" : "") + n;
  }
  function status(key) {
    var tt = value(key, "title_tr"), te = value(key, "title_en"), at = value(key, "abstract_tr"), ae = value(key, "abstract_en");
    if ((tt && !te) || (at && !ae)) return "missing_en";
    if ((te && !tt) || (ae && !at)) return "missing_tr";
    return "complete";
  }
  function statusLabel(s) {
    return s === "missing_en" ? labels.labelMissingEn : s === "missing_tr" ? labels.labelMissingTr : labels.labelComplete;
  }
  function title(key) {
    var tr = value(key, "title_tr"), en = value(key, "title_en");
    return (lang === "en" ? (en || tr) : (tr || en)) || labels.labelNew;
  }
  function cellFor(day, room, start) {
    var m = toMinutes(start);
    if (!day || m === null) return unplaced;
    var selector = '.pb-cell[data-day="' + day + '"][data-room="' + room + '"][data-time="' + hhmm(m - (m % slot)) + '"]';
    return document.querySelector(selector) || unplaced;
  }
  function isBlank(key) {
    return !field(key, "delete") && !value(key, "title_tr") && !value(key, "title_en") &&
      !value(key, "abstract_tr") && !value(key, "abstract_en");
  }

  function card(key) {
    var c = document.getElementById("card-" + key);
    if (c) return c;
    c = document.createElement("li");
    c.className = "pb-card";
    c.id = "card-" + key;
    c.dataset.key = key;
    ["pb-card-time", "pb-card-kind", "pb-card-title", "pb-card-status", "pb-card-flag"].forEach(function (cls) {
      var part = document.createElement(cls === "pb-card-title" ? "a" : "span");
      part.className = cls;
      if (cls === "pb-card-title") part.href = "#row-" + key;
      c.appendChild(part);
    });
    unplaced.appendChild(c);
    return c;
  }

  function refresh(key) {
    var row = document.getElementById("row-" + key);
    if (!row) return;
    var s = status(key);
    var legend = row.querySelector(".pb-legend-title");
    var badge = row.querySelector(".pb-status");
    if (isBlank(key)) {
      var old = document.getElementById("card-" + key);
      if (old) old.remove();
      return;
    }
    legend.textContent = title(key);
    if (!badge) {
      badge = document.createElement("span");
      legend.parentNode.appendChild(document.createTextNode(" "));
      legend.parentNode.appendChild(badge);
    }
    badge.className = "pb-status pb-status-" + s;
    badge.textContent = statusLabel(s);
    var c = card(key);
    var del = field(key, "delete");
    c.hidden = !!(del && del.checked);
    c.className = c.className.replace(/\bpb-kind-\S+/g, "").trim() + " pb-kind-" + value(key, "kind");
    var start = toMinutes(value(key, "start")), minutes = parseInt(value(key, "minutes"), 10);
    c.querySelector(".pb-card-time").textContent = start === null ? "" : hhmm(start) + (minutes > 0 ? "–" + hhmm(start + minutes) : "");
    c.querySelector(".pb-card-title").textContent = title(key);
    var kind = field(key, "kind");
    c.querySelector(".pb-card-kind").textContent = kind && kind.selectedIndex >= 0 ? kind.options[kind.selectedIndex].text : "";
    var st = c.querySelector(".pb-card-status");
    st.className = "pb-card-status pb-status-" + s;
    st.textContent = s === "complete" ? "" : statusLabel(s);
    var target = cellFor(value(key, "day"), value(key, "room"), value(key, "start"));
    if (c.parentNode !== target) target.appendChild(c);
  }

  /* --- Live check: the server's rules, nothing written ------------------------------------------ */
  var timer = null, inflight = null;
  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(check, 350);
  }
  function check() {
    if (inflight) inflight.abort();
    inflight = new AbortController();
    fetch(labels.checkUrl, {
      method: "POST", body: new FormData(form), credentials: "same-origin", signal: inflight.signal,
      headers: { "X-Requested-With": "fetch" },
    }).then(function (r) { return r.ok ? r.json() : null; }).then(function (data) {
      if (data) show(data);
    }).catch(function () { /* offline or aborted: the save checks again */ });
  }
  function show(data) {
    document.querySelectorAll(".pb-card.pb-conflict").forEach(function (c) {
      c.classList.remove("pb-conflict");
      c.querySelector(".pb-card-flag").textContent = "";
    });
    document.querySelectorAll(".pb-row.pb-has-problems").forEach(function (r) { r.classList.remove("pb-has-problems"); });
    document.querySelectorAll(".pb-problems").forEach(function (l) { l.textContent = ""; });
    summary.textContent = "";
    if (data.conflicts.length) {
      var h = document.createElement("h2");
      h.textContent = labels.labelConflicts + " (" + data.conflicts.length + ")";
      var list = document.createElement("ul");
      summary.appendChild(h);
      summary.appendChild(list);
      data.conflicts.forEach(function (conflict) {
        var li = document.createElement("li"), a = document.createElement("a");
        a.href = "#row-" + conflict.keys[0];
        a.textContent = conflict.message;
        li.appendChild(a);
        list.appendChild(li);
        conflict.keys.forEach(function (key) {
          var c = document.getElementById("card-" + key);
          if (c) {
            c.classList.add("pb-conflict");
            c.querySelector(".pb-card-flag").textContent = labels.labelConflict || "!";
          }
          var row = document.getElementById("row-" + key);
          if (row) {
            row.classList.add("pb-has-problems");
            var item = document.createElement("li");
            item.textContent = conflict.message;
            row.querySelector(".pb-problems").appendChild(item);
          }
        });
      });
      summary.classList.remove("pb-hidden");
    } else {
      summary.classList.add("pb-hidden");
    }
  }

  function keyOf(el) {
    var row = el.closest(".pb-row");
    return row ? row.dataset.key : null;
  }
  rowsBox.addEventListener("input", function (e) {
    var key = keyOf(e.target);
    if (key && !e.target.classList.contains("pb-search")) { refresh(key); schedule(); }
  });
  rowsBox.addEventListener("change", function (e) {
    var key = keyOf(e.target);
    if (key && !e.target.classList.contains("pb-search")) { refresh(key); schedule(); }
  });

  /* --- Drag and drop ------------------------------------------------------------------------------ */
  function sortable(cell) {
    if (!window.Sortable) return;
    window.Sortable.create(cell, {
      group: "programme", animation: 120, draggable: ".pb-card", filter: "a", preventOnFilter: false,
      onAdd: function (evt) {
        var key = evt.item.dataset.key, to = evt.to;
        if (to.dataset.day) {
          field(key, "day").value = to.dataset.day;
          field(key, "room").value = to.dataset.room;
          var old = toMinutes(value(key, "start"));
          var offset = old === null ? 0 : old % slot;  // 09:15 dropped on 11:00 stays a quarter past
          field(key, "start").value = hhmm(toMinutes(to.dataset.time) + offset);
        }
        refresh(key);
        schedule();
      },
    });
  }
  document.querySelectorAll(".pb-cell").forEach(sortable);

  /* --- Adding a session --------------------------------------------------------------------------- */
  var template = document.getElementById("pb-row-template");
  var add = document.getElementById("pb-add");
  if (add && template) {
    add.addEventListener("click", function () {
      var key = "new-" + (next++);
      var box = document.createElement("div");
      box.innerHTML = template.innerHTML.replace(/__new__/g, key);
      var row = box.firstElementChild;
      rowsBox.appendChild(row);
      setupPeople(row);
      field(key, "title_tr").focus();
    });
  }

  /* --- Speakers and chairs from the registry ------------------------------------------------------ */
  var searchCount = 0;
  function setupPeople(scope) {
    scope.querySelectorAll(".pb-people").forEach(function (box) {
      if (box.dataset.ready) return;
      box.dataset.ready = "1";
      var ids = box.querySelector(".pb-ids");
      var help = box.querySelector(".help");
      var chips = box.querySelector(".pb-chips");
      var label = box.querySelector("label");
      var n = ++searchCount;
      ids.type = "hidden";
      if (help) help.hidden = true;
      var search = document.createElement("input");
      search.type = "text";
      search.className = "pb-search";
      search.id = "pb-search-" + n;
      search.setAttribute("role", "combobox");
      search.setAttribute("aria-autocomplete", "list");
      search.setAttribute("aria-expanded", "false");
      search.setAttribute("aria-controls", "pb-list-" + n);
      search.setAttribute("autocomplete", "off");
      label.htmlFor = search.id;
      var list = document.createElement("ul");
      list.id = "pb-list-" + n;
      list.className = "pb-results";
      list.setAttribute("role", "listbox");
      list.setAttribute("aria-label", label.textContent);
      list.hidden = true;
      ids.insertAdjacentElement("afterend", list);
      ids.insertAdjacentElement("afterend", search);
      var current = -1, results = [], pending = null;

      function idList() { return (ids.value.match(/\d+/g) || []); }
      function removeButton(chip) {
        var b = document.createElement("button");
        b.type = "button";
        b.className = "pb-chip-remove";
        b.textContent = "×";
        b.setAttribute("aria-label", labels.labelRemove + ": " + chip.querySelector(".pb-chip-name").textContent);
        b.addEventListener("click", function () {
          ids.value = idList().filter(function (i) { return i !== chip.dataset.id; }).join(", ");
          chip.remove();
          search.focus();
          schedule();
        });
        chip.appendChild(b);
      }
      chips.querySelectorAll("li").forEach(removeButton);
      function close() {
        list.hidden = true;
        search.setAttribute("aria-expanded", "false");
        search.removeAttribute("aria-activedescendant");
        current = -1;
      }
      function choose(person) {
        if (idList().indexOf(String(person.id)) === -1) {
          ids.value = idList().concat([String(person.id)]).join(", ");
          var chip = document.createElement("li");
          chip.dataset.id = person.id;
          var name = document.createElement("span");
          name.className = "pb-chip-name";
          name.textContent = person.name;
          chip.appendChild(name);
          if (person.detail) {
            var d = document.createElement("span");
            d.className = "pb-chip-detail";
            d.textContent = " " + person.detail;
            chip.appendChild(d);
          }
          removeButton(chip);
          chips.appendChild(chip);
          schedule();
        }
        search.value = "";
        close();
      }
      function highlight(i) {
        var items = list.querySelectorAll("[role=option]");
        items.forEach(function (el, j) { el.setAttribute("aria-selected", j === i ? "true" : "false"); });
        current = i;
        if (items[i]) search.setAttribute("aria-activedescendant", items[i].id);
      }
      function render() {
        list.textContent = "";
        if (!results.length) {
          var none = document.createElement("li");
          none.className = "pb-none";
          none.textContent = labels.labelNoResults;
          list.appendChild(none);
        }
        results.forEach(function (person, i) {
          var li = document.createElement("li");
          li.id = list.id + "-" + i;
          li.setAttribute("role", "option");
          li.setAttribute("aria-selected", "false");
          var name = document.createElement("span");
          name.className = "pb-chip-name";
          name.textContent = person.name;
          li.appendChild(name);
          if (person.detail) {
            var d = document.createElement("span");
            d.className = "pb-chip-detail";
            d.textContent = " " + person.detail;
            li.appendChild(d);
          }
          var number = document.createElement("span");
          number.className = "pb-chip-id";
          number.textContent = " #" + person.id;  // the registry number tells apart even identical entries
          li.appendChild(number);
          li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(person); });
          list.appendChild(li);
        });
        list.hidden = false;
        search.setAttribute("aria-expanded", "true");
        current = -1;
      }
      search.addEventListener("input", function () {
        var q = search.value.trim();
        clearTimeout(pending);
        if (q.length < 2) { close(); return; }
        pending = setTimeout(function () {
          fetch(labels.peopleUrl + "?q=" + encodeURIComponent(q), { credentials: "same-origin" })
            .then(function (r) { return r.ok ? r.json() : { results: [] }; })
            .then(function (data) { results = data.results; render(); });
        }, 200);
      });
      search.addEventListener("keydown", function (e) {
        if (list.hidden) return;
        if (e.key === "ArrowDown") { e.preventDefault(); highlight(Math.min(current + 1, results.length - 1)); }
        else if (e.key === "ArrowUp") { e.preventDefault(); highlight(Math.max(current - 1, 0)); }
        else if (e.key === "Enter") { e.preventDefault(); if (results[current]) choose(results[current]); }
        else if (e.key === "Escape") { close(); }
      });
      search.addEventListener("blur", function () { setTimeout(close, 150); });
    });
  }
  setupPeople(rowsBox);
  /* The form is never submitted by Enter in a search field. */
  form.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && e.target.classList && e.target.classList.contains("pb-search")) e.preventDefault();
  });
})();
