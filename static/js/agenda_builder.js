/* The agenda builder (admin): the page is a plain form that works without this script; the
   script adds drag and drop (SortableJS), moving and inserting without a round trip, a new empty
   row as soon as the last one is typed into, the "shift later items" preview, the people
   autocomplete and the same checks the server runs on save (meetings.agenda.check_agenda). */
(function () {
  "use strict";
  var configNode = document.getElementById("ab-config");
  var list = document.getElementById("ab-rows");
  var form = document.getElementById("ab-form");
  if (!configNode || !list || !form) { return; }
  var config = JSON.parse(configNode.textContent);
  var text = config.text;
  var people = config.people || {};
  var busy = (config.busy || []).slice();
  var counter = document.getElementById("ab-row-count");
  var shiftBox = document.getElementById("ab-shift");
  var TIME = /^\s*([01]?\d|2[0-3])[:.]([0-5]\d)\s*$/;

  function fmt(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_m, key) { return values[key] === undefined ? "" : values[key]; });
  }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function hm(minutes) { minutes = ((minutes % 1440) + 1440) % 1440; return pad(Math.floor(minutes / 60)) + ":" + pad(minutes % 60); }
  function dayNumber(iso) { var p = iso.split("-"); return Date.UTC(+p[0], +p[1] - 1, +p[2]) / 60000; }
  function absolute(isoDateTime) { return dayNumber(isoDateTime.slice(0, 10)) + parseInt(isoDateTime.slice(11, 13), 10) * 60 + parseInt(isoDateTime.slice(14, 16), 10); }
  var meetingStart = absolute(config.meeting.starts);
  var meetingEnd = absolute(config.meeting.ends);

  function field(row, role) { return row.querySelector('[data-role="' + role + '"]'); }
  function rows() { return Array.prototype.slice.call(list.querySelectorAll(":scope > .ab-row")); }
  function isBlank(row) {
    if (field(row, "id") && field(row, "id").value) { return false; }
    var names = ["title_tr", "title_en", "description_tr", "description_en"];
    for (var i = 0; i < names.length; i++) { if (field(row, names[i]).value.trim()) { return false; } }
    return !row.querySelector('.ab-chips input:checked');
  }
  function read(row) {
    var match = TIME.exec(field(row, "start").value);
    var duration = parseInt(field(row, "duration").value, 10);
    var day = field(row, "day").value;
    var item = {
      row: row, day: day, blank: isBlank(row), deleted: field(row, "delete").checked,
      start: match ? parseInt(match[1], 10) * 60 + parseInt(match[2], 10) : null,
      duration: isNaN(duration) ? null : duration,
      titleTr: field(row, "title_tr").value.trim(), titleEn: field(row, "title_en").value.trim(),
      people: Array.prototype.map.call(row.querySelectorAll(".ab-chips input:checked"), function (i) { return i.value; })
    };
    item.label = (document.documentElement.lang || "tr").indexOf("en") === 0 ? (item.titleEn || item.titleTr || "?") : (item.titleTr || item.titleEn || "?");
    if (item.start !== null && item.duration) {
      item.from = dayNumber(day) + item.start;
      item.to = item.from + item.duration;
    }
    return item;
  }
  function active() { return rows().map(read).filter(function (i) { return !i.blank && !i.deleted; }); }

  /* --- positions, numbering, end times, completeness --- */
  function renumber() {
    var number = 0;
    rows().forEach(function (row, index) {
      field(row, "position").value = index;
      var blank = isBlank(row);
      row.classList.toggle("ab-blank", blank);
      if (!blank) { number += 1; }
      row.querySelector(".ab-number").textContent = blank ? text.newItem : fmt(text.item, { number: number });
      ["up", "down", "insert"].forEach(function (role) {
        field(row, role).setAttribute("aria-label", fmt(text[role], { number: blank ? number + 1 : number }));
      });
      var item = read(row);
      field(row, "end").textContent = item.from !== undefined ? hm(item.start + item.duration) : "";
      var status = field(row, "status");
      if (blank) { status.textContent = ""; status.classList.remove("ab-incomplete"); return; }
      var missing = [];
      var dTr = field(row, "description_tr").value.trim(), dEn = field(row, "description_en").value.trim();
      if (!item.titleTr || (dEn && !dTr)) { missing.push(text.missingTr); }
      if (!item.titleEn || (dTr && !dEn)) { missing.push(text.missingEn); }
      status.textContent = missing.length ? missing.join(" · ") : text.complete;
      status.classList.toggle("ab-incomplete", missing.length > 0);
    });
  }

  /* "Speaker of item" (someone not in the registry) lists the rows as the page has them now. */
  function refreshItemChoice() {
    var select = document.getElementById("id_new_item");
    if (!select) { return; }
    var chosen = select.value;
    while (select.options.length > 1) { select.remove(1); }
    rows().filter(function (row) { return !isBlank(row); }).forEach(function (row, index) {
      var item = read(row);
      select.add(new Option((index + 1) + ". " + (item.titleTr || item.titleEn || "…"), String(index)));
    });
    select.value = chosen;
  }

  /* --- the checks (the server's check_agenda, live) --- */
  function check() {
    var items = active();
    var problems = new Map();
    function add(item, message) { if (!problems.has(item.row)) { problems.set(item.row, []); } problems.get(item.row).push(message); }
    items.forEach(function (item) {
      if (!item.titleTr) { add(item, text.noTitle); }
      if (item.start === null) { add(item, text.badTime); return; }
      if (item.from !== undefined && (item.from < meetingStart || item.to > meetingEnd)) {
        add(item, fmt(text.outside, { start: config.meeting.starts.slice(11, 16), end: config.meeting.ends.slice(11, 16) }));
      }
    });
    var timed = items.filter(function (i) { return i.from !== undefined; });
    timed.sort(function (a, b) { return a.from - b.from; });
    timed.forEach(function (item, position) {
      timed.slice(0, position).forEach(function (other) {
        if (other.to <= item.from) { return; }
        add(item, fmt(text.overlaps, { item: other.label, start: hm(other.start), end: hm(other.start + other.duration) }));
        item.people.forEach(function (id) {
          if (other.people.indexOf(id) >= 0) { add(item, fmt(text.twice, { name: (people[id] || {}).name || "?", item: other.label })); }
        });
      });
      busy.forEach(function (slot) {
        if (item.people.indexOf(String(slot.person)) < 0) { return; }
        var from = absolute(slot.starts), to = absolute(slot.ends);
        if (from < item.to && to > item.from) {
          add(item, fmt(text.elsewhere, { name: (people[slot.person] || {}).name || "?", meeting: slot.meeting, start: slot.starts.slice(11, 16), end: slot.ends.slice(11, 16) }));
        }
      });
    });
    var total = 0;
    rows().forEach(function (row) {
      var live = field(row, "live");
      var messages = problems.get(row) || [];
      total += messages.length;
      live.textContent = "";
      messages.forEach(function (message) { var li = document.createElement("li"); li.textContent = message; live.appendChild(li); });
      row.classList.toggle("ab-has-problems", messages.length > 0);
    });
    document.getElementById("ab-summary").textContent = total ? fmt(text.problems, { count: total }) : text.noProblems;
  }

  /* --- shift later items (the server's shift_later_items) --- */
  function shiftLater() {
    if (!shiftBox || !shiftBox.checked) { return; }
    var items = active().filter(function (i) { return i.from !== undefined; });
    var order = items.map(function (item, index) { return [item, index]; });
    order.sort(function (a, b) { return a[0].from - b[0].from || a[1] - b[1]; });
    var previous = null;
    order.forEach(function (pair) {
      var item = pair[0];
      if (previous && previous.day === item.day && item.from < previous.to && previous.start + previous.duration < 1440) {
        var start = previous.start + previous.duration;
        field(item.row, "start").value = hm(start);
        item.start = start; item.from = dayNumber(item.day) + start; item.to = item.from + item.duration;
        item.row.classList.add("ab-shifted");
        window.setTimeout(function () { item.row.classList.remove("ab-shifted"); }, 1500);
      }
      previous = item;
    });
  }

  /* --- moving: the day keeps its first start and the gaps between positions --- */
  function snapshot(day) {
    return active().filter(function (i) { return i.day === day && i.from !== undefined; });
  }
  function relayout(before) {
    if (!before.length) { return; }
    var gaps = [];
    for (var i = 0; i + 1 < before.length; i++) { gaps.push(before[i + 1].from - before[i].to); }
    var cursor = Math.min.apply(null, before.map(function (i) { return i.start; }));
    cursor = before[0].start;
    var inDay = rows().filter(function (row) { return before.some(function (i) { return i.row === row; }); });
    inDay.forEach(function (row, position) {
      var duration = parseInt(field(row, "duration").value, 10) || 0;
      field(row, "start").value = hm(cursor);
      cursor += duration + (position < gaps.length ? gaps[position] : 0);
    });
  }
  function changed() { renumber(); check(); refreshItemChoice(); }

  function moveRow(row, direction) {
    var before = snapshot(field(row, "day").value);
    var sibling = direction === "up" ? row.previousElementSibling : row.nextElementSibling;
    while (sibling && isBlank(sibling)) { sibling = direction === "up" ? sibling.previousElementSibling : sibling.nextElementSibling; }
    if (!sibling) { return; }
    if (direction === "up") { list.insertBefore(row, sibling); } else { list.insertBefore(row, sibling.nextElementSibling); }
    if (field(sibling, "day").value === field(row, "day").value) { relayout(before); }
    changed();
    var button = field(row, direction);
    if (button) { button.focus(); }
  }

  /* --- new rows --- */
  var nextIndex = parseInt(counter.value, 10) || rows().length;
  function freshRow(after) {
    var template = list.querySelector(".ab-row.ab-blank") || rows()[rows().length - 1];
    var oldPrefix = template.getAttribute("data-prefix");
    var prefix = "row-" + nextIndex;
    nextIndex += 1;
    counter.value = nextIndex;
    var row = template.cloneNode(true);
    row.setAttribute("data-prefix", prefix);
    row.querySelectorAll("[id],[name],[for],[aria-controls],[aria-labelledby]").forEach(function (node) {
      ["id", "name", "for", "aria-controls", "aria-labelledby"].forEach(function (attribute) {
        var value = node.getAttribute(attribute);
        if (value && value.indexOf(oldPrefix + "-") >= 0) { node.setAttribute(attribute, value.split(oldPrefix + "-").join(prefix + "-")); }
      });
    });
    row.setAttribute("aria-labelledby", prefix + "-name");
    row.querySelectorAll("input[type=text], input[type=number], textarea").forEach(function (input) { input.value = ""; });
    row.querySelectorAll(".ab-chips").forEach(function (chips) { chips.textContent = ""; });
    row.querySelectorAll(".ab-errors").forEach(function (node) { node.remove(); });
    row.querySelectorAll(".errorlist:not(.ab-live)").forEach(function (node) { node.remove(); });
    field(row, "id").value = "";
    field(row, "delete").checked = false;
    field(row, "kind").value = "session";
    row.classList.remove("ab-has-errors", "ab-has-problems");
    var previous = read(after);
    field(row, "day").value = previous.day;
    field(row, "start").value = previous.from !== undefined ? hm(previous.start + previous.duration) : field(after, "start").value;
    field(row, "duration").value = 30;
    list.insertBefore(row, after.nextElementSibling);
    bindRow(row);
    return row;
  }
  function ensureBlankAtEnd() {
    var all = rows();
    var last = all[all.length - 1];
    if (last && !isBlank(last)) { freshRow(last); }
  }

  /* --- people autocomplete --- */
  function chip(row, listName, card) {
    var chips = row.querySelector('.ab-person-list[data-list="' + listName + '"] .ab-chips');
    if (chips.querySelector('input[value="' + card.id + '"]')) { return; }
    var li = document.createElement("li");
    var label = document.createElement("label");
    label.className = "ab-chip";
    var box = document.createElement("input");
    box.type = "checkbox"; box.checked = true; box.value = card.id;
    box.name = row.getAttribute("data-prefix") + "-" + listName;
    var name = document.createElement("span");
    name.textContent = card.name;
    label.appendChild(box); label.appendChild(document.createTextNode(" ")); label.appendChild(name);
    var details = [card.organisation, card.role].filter(Boolean).join(" · ");
    if (details) { var small = document.createElement("small"); small.textContent = " " + details; label.appendChild(small); }
    li.appendChild(label);
    chips.appendChild(li);
  }
  function combobox(input) {
    var box = document.getElementById(input.id + "-options");
    var timer = null, results = [], activeIndex = -1;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", box.id);
    function close() { box.hidden = true; input.setAttribute("aria-expanded", "false"); input.removeAttribute("aria-activedescendant"); activeIndex = -1; }
    function choose(card) {
      var row = input.closest(".ab-row");
      people[card.id] = card;
      (card.busy || []).forEach(function (slot) { busy.push({ person: card.id, starts: slot.starts, ends: slot.ends, meeting: slot.meeting }); });
      chip(row, input.getAttribute("data-list"), card);
      input.value = "";
      close();
      changed();
      ensureBlankAtEnd();
      input.focus();
    }
    function highlight(index) {
      activeIndex = index;
      Array.prototype.forEach.call(box.children, function (option, i) { option.setAttribute("aria-selected", i === index ? "true" : "false"); });
      if (box.children[index]) { input.setAttribute("aria-activedescendant", box.children[index].id); }
    }
    function show() {
      box.textContent = "";
      if (!results.length) {
        var empty = document.createElement("li"); empty.className = "ab-option-empty"; empty.textContent = text.noMatch;
        empty.setAttribute("role", "option"); empty.setAttribute("aria-disabled", "true"); empty.id = box.id + "-none";
        box.appendChild(empty);
      }
      results.forEach(function (card, index) {
        var option = document.createElement("li");
        option.setAttribute("role", "option"); option.id = box.id + "-" + index; option.className = "ab-option";
        var strong = document.createElement("strong"); strong.textContent = card.name; option.appendChild(strong);
        var details = [card.organisation, card.role].filter(Boolean).join(" · ");
        if (details) { option.appendChild(document.createTextNode(" — " + details)); }
        option.addEventListener("mousedown", function (event) { event.preventDefault(); choose(card); });
        box.appendChild(option);
      });
      box.hidden = false; input.setAttribute("aria-expanded", "true");
      highlight(results.length ? 0 : -1);
    }
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      var query = input.value.trim();
      if (query.length < 2) { close(); return; }
      timer = window.setTimeout(function () {
        fetch(config.peopleUrl + "?q=" + encodeURIComponent(query), { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (response) { return response.json(); })
          .then(function (data) { if (input.value.trim() === query) { results = data.results || []; show(); } });
      }, 180);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" && results.length) { event.preventDefault(); highlight(Math.min(activeIndex + 1, results.length - 1)); }
      else if (event.key === "ArrowUp" && results.length) { event.preventDefault(); highlight(Math.max(activeIndex - 1, 0)); }
      else if (event.key === "Enter") { event.preventDefault(); if (!box.hidden && results[activeIndex]) { choose(results[activeIndex]); } }
      else if (event.key === "Escape") { close(); }
    });
    input.addEventListener("blur", function () { window.setTimeout(close, 150); });
  }

  /* --- wiring --- */
  function bindRow(row) {
    row.querySelectorAll('[data-role="query"]').forEach(combobox);
  }
  rows().forEach(bindRow);

  list.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button || !list.contains(button)) { return; }
    var row = button.closest(".ab-row");
    var role = button.getAttribute("data-role");
    if (role === "up" || role === "down") { event.preventDefault(); moveRow(row, role); }
    else if (role === "insert") {
      event.preventDefault();
      var fresh = freshRow(row);
      shiftLater(); changed();
      field(fresh, "title_tr").focus();
    }
  });
  var lastValues = new WeakMap();
  list.addEventListener("focusin", function (event) {
    var role = event.target.getAttribute && event.target.getAttribute("data-role");
    if (role === "start" || role === "duration") { lastValues.set(event.target, event.target.value); }
  });
  list.addEventListener("input", function (event) {
    var role = event.target.getAttribute("data-role");
    if (role === "title_tr" || role === "title_en" || role === "description_tr" || role === "description_en") { ensureBlankAtEnd(); }
    changed();
  });
  list.addEventListener("change", function (event) {
    var role = event.target.getAttribute("data-role");
    if (role === "start" || role === "duration" || role === "day") { shiftLater(); }
    changed();
  });
  form.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key === "Enter" && target.tagName === "INPUT" && target.type !== "submit" && target.getAttribute("data-role") !== "query") {
      event.preventDefault();
      if (target.getAttribute("data-role") === "start" || target.getAttribute("data-role") === "duration") { shiftLater(); changed(); }
    }
  });
  form.addEventListener("submit", function () {
    /* Empty rows are ignored by the server; positions follow the page's order. */
    rows().forEach(function (row, index) { field(row, "position").value = index; });
  });

  if (window.Sortable) {
    var before = [];
    window.Sortable.create(list, {
      handle: ".ab-handle",
      animation: 150,
      forceFallback: true,  /* pointer events: the same on touch screens, mice and test drivers */
      filter: ".ab-blank",
      onStart: function (event) { before = snapshot(field(event.item, "day").value); },
      onEnd: function () { relayout(before); changed(); }
    });
    list.classList.add("ab-sortable");
  }

  /* organisation suggestions for "someone not in the registry" */
  var organisation = document.getElementById("id_new_organisation");
  var datalist = document.getElementById("ab-organisations");
  if (organisation && datalist) {
    var orgTimer = null;
    organisation.addEventListener("input", function () {
      window.clearTimeout(orgTimer);
      var query = organisation.value.trim();
      if (query.length < 2) { return; }
      orgTimer = window.setTimeout(function () {
        fetch(config.organisationsUrl + "?q=" + encodeURIComponent(query), { credentials: "same-origin" })
          .then(function (response) { return response.json(); })
          .then(function (data) {
            datalist.textContent = "";
            (data.results || []).forEach(function (name) { var option = document.createElement("option"); option.value = name; datalist.appendChild(option); });
          });
      }, 200);
    });
  }
  document.documentElement.classList.add("ab-js");
  changed();
})();
