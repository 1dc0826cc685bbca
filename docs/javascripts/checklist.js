/*
 * The interactive checklist: ticks saved in this browser, progress, filters,
 * named reviews, notes per item, Markdown export and share links.
 *
 * Runs on every page through Material's document$ (so it survives instant
 * navigation). Nothing read from storage or from a link is ever inserted as
 * HTML: only as text, after validation.
 */
(function () {
  "use strict";

  var SCHEMA = 1;
  var ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
  var MAX_LINK = 4096;
  var MAX_NAME = 80;
  var MAX_NOTE = 300;
  var MAX_REVIEWS = 50;
  var DEFAULT_NAME = "My review";
  var PRIORITIES = ["must", "should", "could"];
  // The overview's share-link reader, for links pasted while it is open.
  var openLink = null;
  var onPrint = null;
  var openMenus = [];
  // A link pasted into the address bar fires hashchange, and popstate, on
  // which instant navigation renders the page again, with or without the
  // link (depending on which comes first): answer it once, then show the
  // same notice once on the page rendered again.
  var lastLink = { hash: null, at: 0, notice: "", replay: false };
  var REPLAY_MS = 10000;

  function siteRoot() {
    var base = ".";
    var config = document.getElementById("__config");
    try {
      base = JSON.parse(config.textContent).base || ".";
    } catch (error) {
      base = ".";
    }
    return new URL(base.replace(/\/?$/, "/"), location.href);
  }

  function storageKey() {
    return "celery-tasks-checklist:" + siteRoot().pathname + ":v" + SCHEMA;
  }

  /* ---------- state: parsed defensively, saved whole ---------- */

  function emptyState() {
    return {
      version: SCHEMA,
      current: "default",
      reviews: { default: { name: DEFAULT_NAME, done: [], notes: Object.create(null) } },
      filters: { priorities: PRIORITIES.slice(), hideDone: false },
    };
  }

  function oneLine(value) {
    if (typeof value !== "string") return "";
    return value.replace(/[\u0000-\u001f\u007f]+/g, " ").trim();
  }

  function cleanName(value) {
    return oneLine(value).slice(0, MAX_NAME);
  }

  // A name as typed or linked, and a word for the reader when it was too long.
  function nameFrom(value) {
    var full = oneLine(value);
    return {
      name: full.slice(0, MAX_NAME),
      word: full.length > MAX_NAME
        ? " The name was shortened to " + MAX_NAME + " characters." : "",
    };
  }

  function cleanNote(value) {
    return oneLine(value).slice(0, MAX_NOTE);
  }

  // Notes by item id, in objects without a prototype (no lookup ever finds an
  // inherited key); reports whether anything had to be left out.
  function cleanNotes(value, known) {
    var notes = Object.create(null);
    var dropped = false;
    if (value === undefined) return { notes: notes, dropped: false };
    if (!value || typeof value !== "object" || Array.isArray(value)) {
      return { notes: notes, dropped: true };
    }
    Object.keys(value).forEach(function (id) {
      var note = cleanNote(value[id]);
      if (ID.test(id) && (!known || known.has(id)) && typeof value[id] === "string" &&
          note === value[id]) {
        if (note) notes[id] = note;
      } else {
        dropped = true;
      }
    });
    return { notes: notes, dropped: dropped };
  }

  function cleanIds(list, known) {
    var out = [];
    if (!Array.isArray(list)) return out;
    list.forEach(function (id) {
      if (typeof id === "string" && ID.test(id) && out.indexOf(id) < 0 &&
          (!known || known.has(id))) {
        out.push(id);
      }
    });
    return out;
  }

  function parseState(raw, known) {
    if (raw === null) return { state: emptyState(), problem: false };
    var data;
    try {
      data = JSON.parse(raw);
    } catch (error) {
      return { state: emptyState(), problem: true };
    }
    if (!data || typeof data !== "object" || data.version !== SCHEMA ||
        !data.reviews || typeof data.reviews !== "object") {
      return { state: emptyState(), problem: true };
    }
    var reviews = {};
    var dropped = false;
    Object.keys(data.reviews).slice(0, MAX_REVIEWS).forEach(function (key) {
      var review = data.reviews[key];
      if (!ID.test(key) || !review || typeof review !== "object") return;
      var notes = cleanNotes(review.notes, known);
      dropped = dropped || notes.dropped;
      reviews[key] = {
        name: cleanName(review.name) || DEFAULT_NAME,
        done: cleanIds(review.done, known),
        notes: notes.notes,
      };
    });
    var keys = Object.keys(reviews);
    if (!keys.length) return { state: emptyState(), problem: true };
    var filters = data.filters && typeof data.filters === "object" ? data.filters : {};
    var priorities = Array.isArray(filters.priorities)
      ? PRIORITIES.filter(function (p) { return filters.priorities.indexOf(p) >= 0; })
      : PRIORITIES.slice();
    return {
      state: {
        version: SCHEMA,
        current: typeof data.current === "string" && reviews[data.current] ? data.current : keys[0],
        reviews: reviews,
        filters: { priorities: priorities, hideDone: filters.hideDone === true },
      },
      problem: false,
      dropped: dropped,
    };
  }

  function load(known) {
    var raw = null;
    try {
      raw = localStorage.getItem(storageKey());
    } catch (error) {
      raw = null;
    }
    var parsed = parseState(raw, known);
    if (parsed.problem || parsed.dropped) {
      // Keep what could not be read, so nothing is lost by starting afresh
      // or by leaving out a part that makes no sense.
      try {
        localStorage.setItem(storageKey() + (parsed.problem ? ":unreadable" : ":set-aside"), String(raw));
      } catch (error) { /* storage full or blocked: nothing more to do */ }
    }
    return parsed;
  }

  function save(state) {
    try {
      localStorage.setItem(storageKey(), JSON.stringify(state));
      return true;
    } catch (error) {
      return false;
    }
  }

  function review(state) {
    return state.reviews[state.current];
  }

  function newReviewKey(state) {
    var n = 1;
    while (state.reviews["review-" + n]) n += 1;
    return "review-" + n;
  }

  /* ---------- small DOM helpers: text only, never HTML ---------- */

  function el(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* ---------- pages ---------- */

  function checkboxes() {
    return Array.prototype.slice.call(document.querySelectorAll("input.ctc-check"));
  }

  function applyTicks(state) {
    var done = review(state).done;
    checkboxes().forEach(function (box) {
      box.checked = done.indexOf(box.dataset.id) >= 0;
    });
  }

  function bindCheckboxes(state, commit) {
    checkboxes().forEach(function (box) {
      box.addEventListener("change", function () {
        var done = review(state).done.filter(function (id) { return id !== box.dataset.id; });
        if (box.checked) done.push(box.dataset.id);
        review(state).done = done;
        commit();
      });
    });
  }

  function isDone(state, id) {
    return review(state).done.indexOf(id) >= 0;
  }

  /* An item page: the done box at the top and at the end, the note, and the
     next item not yet done. */
  function initItemPage() {
    var state = load(null).state;
    var id = document.querySelector("input.ctc-check").dataset.id;
    var severalReviews = Object.keys(state.reviews).length > 1;
    document.querySelectorAll(".ctc-review-name").forEach(function (name) {
      name.textContent = severalReviews ? " in review “" + review(state).name + "”" : "";
      name.hidden = !severalReviews;
    });

    function showNext() {
      var next = document.querySelector(".ctc-next");
      var items = window.CTC_ITEMS;
      if (!next || !Array.isArray(items)) return;
      var here = items.map(function (item) { return item.id; }).indexOf(id);
      var after = items.slice(here + 1).concat(items.slice(0, Math.max(here, 0)));
      var todo = after.filter(function (item) { return !isDone(state, item.id); })[0];
      next.textContent = "";
      if (todo) {
        next.append("Next item not yet done: ");
        next.appendChild(el("a", { href: new URL(todo.url, siteRoot()).href }, todo.title));
      } else {
        next.append(isDone(state, id)
          ? "Every item is done in this review. "
          : "Every other item is done: this is the last one. ");
        next.appendChild(el("a", { href: new URL("checklist/", siteRoot()).href }, "See the whole checklist"));
      }
    }

    applyTicks(state);
    bindCheckboxes(state, function () {
      save(state);
      applyTicks(state); // the box at the top and the one at the end agree
      showNext();
    });
    showNext();

    var note = document.querySelector("input.ctc-note");
    var hint = document.querySelector(".ctc-note-hint");
    if (!note) return;
    var usual = hint.textContent;
    note.value = review(state).notes[id] || "";
    note.addEventListener("input", function () {
      var text = cleanNote(note.value);
      if (text) review(state).notes[id] = text;
      else delete review(state).notes[id];
      var saved = save(state);
      hint.classList.toggle("ctc-warning", !saved || note.value.length > MAX_NOTE);
      if (!saved) {
        hint.textContent = "Could not save: this browser's storage is full or blocked.";
      } else if (note.value.length > MAX_NOTE) {
        hint.textContent = "Too long: " + note.value.length + " characters; only the first " +
          MAX_NOTE + " are saved.";
      } else {
        hint.textContent = usual;
      }
    });
  }

  function initOverview(toolbar) {
    var boxes = checkboxes();
    var items = boxes.map(function (box) {
      return {
        id: box.dataset.id,
        title: box.dataset.title,
        priority: box.dataset.priority,
        category: box.dataset.category,
        url: new URL(box.dataset.url, siteRoot()).href,
        box: box,
      };
    });
    var known = new Set(items.map(function (item) { return item.id; }));
    var loaded = load(known);
    var state = loaded.state;

    /* The controls are in the page's markup, so nothing moves when this runs. */
    function control(selector) {
      return document.querySelector(selector);
    }
    var select = control("#ctc-review");
    var progress = control("#ctc-progress");
    var progressLabel = control("#ctc-progress-label");
    var hideDone = control("#ctc-hide-done");
    var status = toolbar.querySelector(".ctc-status");
    var empty = control(".ctc-empty");
    var printSummary = control(".ctc-print-summary");
    var filterBoxes = {};
    PRIORITIES.forEach(function (priority) {
      filterBoxes[priority] = control("#ctc-filter-" + priority);
    });
    progress.max = items.length;
    var actions = {
      "new": newReview,
      "rename": renameReview,
      "delete": deleteReview,
      "copy-markdown": copyMarkdown,
      "download-markdown": downloadMarkdown,
      "copy-link": copyShareLink,
      "reset": reset,
    };
    toolbar.querySelectorAll("button[data-action]").forEach(function (node) {
      node.addEventListener("click", function () {
        var menu = node.closest("details");
        if (menu) menu.open = false;
        actions[node.dataset.action]();
      });
    });
    bindMenus(toolbar);

    /* Each item's note, shown under it (written on the item's page) */
    items.forEach(function (item) {
      item.note = el("span", { "class": "ctc-note-shown" });
      item.note.hidden = true;
      item.box.closest("li").appendChild(item.note);
    });

    /* Per-category progress, right after each category heading */
    var categoryBars = [];
    document.querySelectorAll("p.ctc-category-progress").forEach(function (row) {
      var heading = row.previousElementSibling;
      var list = row.nextElementSibling;
      if (!heading || !list) return;
      var members = items.filter(function (item) { return list.contains(item.box); });
      categoryBars.push({
        bar: row.querySelector("progress"),
        text: row.querySelector("span"),
        members: members,
        heading: heading,
        row: row,
        list: list,
      });
    });

    function notify(message) {
      status.textContent = message;
    }

    function render() {
      applyTicks(state);
      select.textContent = "";
      Object.keys(state.reviews).forEach(function (key) {
        var option = el("option", { value: key }, state.reviews[key].name);
        select.appendChild(option);
      });
      select.value = state.current;
      var done = review(state).done;
      var count = items.filter(function (item) { return done.indexOf(item.id) >= 0; }).length;
      progress.value = count;
      progressLabel.textContent = count + " of " + items.length + " done";
      PRIORITIES.forEach(function (priority) {
        filterBoxes[priority].checked = state.filters.priorities.indexOf(priority) >= 0;
      });
      hideDone.checked = state.filters.hideDone;
      var notes = review(state).notes;
      items.forEach(function (item) {
        var shown = state.filters.priorities.indexOf(item.priority) >= 0 &&
          !(state.filters.hideDone && done.indexOf(item.id) >= 0);
        item.box.closest("li").hidden = !shown;
        item.note.textContent = notes[item.id] ? "Note: " + notes[item.id] : "";
        item.note.hidden = !notes[item.id];
      });
      categoryBars.forEach(function (group) {
        var groupDone = group.members.filter(function (item) { return done.indexOf(item.id) >= 0; }).length;
        group.bar.value = groupDone;
        group.text.textContent = groupDone + " of " + group.members.length + " done";
        var anyShown = group.members.some(function (item) { return !item.box.closest("li").hidden; });
        group.heading.hidden = group.row.hidden = group.list.hidden = !anyShown;
      });
      showEmpty(done);
      printSummary.textContent = "Review “" + review(state).name + "”: " + count + " of " +
        items.length + " done, printed on " + new Date().toLocaleDateString(undefined,
          { year: "numeric", month: "long", day: "numeric" }) + ".";
    }

    // When the filters leave nothing to show, say why and what to change.
    function showEmpty(done) {
      var anyShown = items.some(function (item) { return !item.box.closest("li").hidden; });
      empty.hidden = anyShown;
      if (anyShown) return;
      if (!state.filters.priorities.length) {
        empty.textContent = "No item matches: choose must, should or could under Show.";
      } else {
        empty.textContent = "No item matches: every item shown is done. " +
          "Untick “Only what's left” to see them.";
      }
    }

    function commit(message) {
      if (!save(state)) {
        notify("Could not save: this browser's storage is full or blocked.");
      } else if (message) {
        notify(message);
      }
      render();
    }

    function markdown() {
      var current = review(state);
      var lines = ["# Celery task review: " + current.name, ""];
      var count = items.filter(function (item) { return current.done.indexOf(item.id) >= 0; }).length;
      lines.push("Done " + count + " of " + items.length + " items of the [Celery Tasks Checklist](" + siteRoot().href + ").");
      var category = null;
      items.forEach(function (item) {
        if (item.category !== category) {
          category = item.category;
          lines.push("", "## " + category, "");
        }
        var tick = current.done.indexOf(item.id) >= 0 ? "x" : " ";
        lines.push("- [" + tick + "] [" + item.title + "](" + item.url + ") (" + item.priority + ")");
        if (current.notes[item.id]) lines.push("  Note: " + current.notes[item.id]);
      });
      return lines.join("\n") + "\n";
    }

    function copyText(text, done) {
      if (!navigator.clipboard || !navigator.clipboard.writeText) {
        notify("This browser cannot copy from a page: use Download Markdown instead.");
        return;
      }
      navigator.clipboard.writeText(text).then(
        function () { notify(done); },
        function () { notify("Copying was refused by the browser: nothing was copied."); }
      );
    }

    function copyMarkdown() {
      copyText(markdown(), "Copied review “" + review(state).name + "” as Markdown.");
    }

    function downloadMarkdown() {
      var slug = review(state).name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "review";
      var link = el("a", { download: "celery-task-review-" + slug + ".md" });
      link.href = URL.createObjectURL(new Blob([markdown()], { type: "text/markdown" }));
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
      notify("Downloaded " + link.download + ".");
    }

    // The review's name and ticks, and its notes while the link stays short
    // enough to be read back (MAX_LINK).
    function shareLink(withNotes) {
      var current = review(state);
      var params = new URLSearchParams();
      params.set("review", current.name);
      params.set("done", items.filter(function (item) { return current.done.indexOf(item.id) >= 0; })
        .map(function (item) { return item.id; }).join(","));
      if (withNotes) {
        items.forEach(function (item) {
          if (current.notes[item.id]) params.set("note-" + item.id, current.notes[item.id]);
        });
      }
      var url = new URL(location.href);
      url.hash = params.toString();
      return url;
    }

    function copyShareLink() {
      var name = review(state).name;
      var link = shareLink(true);
      if (link.hash.length - 1 <= MAX_LINK) {
        copyText(link.href, "Copied a link to review “" + name + "”.");
        return;
      }
      copyText(shareLink(false).href, "Copied a link to review “" + name + "” with its ticks only: " +
        "its notes would make the link too long. Copy as Markdown to share the notes.");
    }

    function reset() {
      var current = review(state);
      if (!current.done.length) {
        notify("Nothing to reset: no item is ticked in “" + current.name + "”.");
        return;
      }
      if (!window.confirm("Untick all " + current.done.length + " items of review “" + current.name + "”?")) {
        notify("Nothing was reset.");
        return;
      }
      current.done = [];
      commit("Review “" + current.name + "” was reset.");
    }

    function newReview() {
      if (Object.keys(state.reviews).length >= MAX_REVIEWS) {
        notify("You have " + MAX_REVIEWS + " reviews: delete one first.");
        return;
      }
      var typed = nameFrom(window.prompt("Name of the new review (for example, the task under review):", ""));
      if (!typed.name) {
        notify("No review was created.");
        return;
      }
      var key = newReviewKey(state);
      state.reviews[key] = { name: typed.name, done: [], notes: Object.create(null) };
      state.current = key;
      commit("Created review “" + typed.name + "”." + typed.word);
    }

    function renameReview() {
      var current = review(state);
      var typed = nameFrom(window.prompt("New name for review “" + current.name + "”:", current.name));
      if (!typed.name) {
        notify("The review was not renamed.");
        return;
      }
      current.name = typed.name;
      commit("Renamed the review to “" + typed.name + "”." + typed.word);
    }

    function deleteReview() {
      var current = review(state);
      if (!window.confirm("Delete review “" + current.name + "” and its " + current.done.length + " ticks?")) {
        notify("Nothing was deleted.");
        return;
      }
      delete state.reviews[state.current];
      var keys = Object.keys(state.reviews);
      if (!keys.length) {
        state.reviews = emptyState().reviews;
        keys = ["default"];
      }
      state.current = keys[0];
      commit("Deleted review “" + current.name + "”.");
    }

    /* A share link in the address bar */
    function openSharedLink(rendered) {
      var hash = location.hash.slice(1);
      var recent = lastLink.replay && Date.now() - lastLink.at < REPLAY_MS;
      if (!/(^|&)(review|done)=/.test(hash)) {
        if (rendered && recent) {
          lastLink.replay = false;
          notify(lastLink.notice);
        }
        return;
      }
      history.replaceState(null, "", location.pathname + location.search);
      if (hash === lastLink.hash && recent) {
        lastLink.replay = false;
        notify(lastLink.notice);
        return;
      }
      lastLink = { hash: hash, at: Date.now(), notice: "", replay: true };
      readSharedLink(hash);
      lastLink.notice = status.textContent;
    }

    function readSharedLink(hash) {
      if (hash.length > MAX_LINK) {
        notify("This share link is too long to be a checklist link: it was ignored, nothing changed.");
        return;
      }
      var params = new URLSearchParams(hash);
      var wanted = (params.get("done") || "").split(",").filter(Boolean);
      var done = cleanIds(wanted, known);
      var ignored = wanted.length - done.length;
      var linked = nameFrom(params.get("review"));
      var name = linked.name || "Shared review";
      var notes = Object.create(null);
      params.forEach(function (value, key) {
        var id = key.slice(5);
        if (key.indexOf("note-") === 0 && known.has(id) && cleanNote(value)) notes[id] = cleanNote(value);
      });
      if (wanted.length && !done.length) {
        notify("This share link names no item of this checklist: it was ignored, nothing changed.");
        return;
      }
      var hasProgress = Object.keys(state.reviews).some(function (key) {
        var each = state.reviews[key];
        return each.done.length > 0 || Object.keys(each.notes).length > 0;
      });
      var note = linked.word + (ignored ? " " + ignored + " unknown or repeated items in the link were ignored." : "");
      if (!hasProgress) {
        review(state).name = name;
        review(state).done = done;
        review(state).notes = notes;
        commit("Opened shared review “" + name + "” (" + done.length + " done)." + note);
        return;
      }
      // Your own link, opened again: the review it names is already here.
      var sameName = Object.keys(state.reviews).filter(function (key) {
        return state.reviews[key].name === name;
      });
      var same = sameName.filter(function (key) { return sameReview(state.reviews[key], done, notes); })[0];
      if (same) {
        state.current = same;
        commit("This link is review “" + name + "”, already in this browser with the same ticks: switched to it.");
        return;
      }
      var question = sameName.length
        ? "You already have a review “" + name + "” with other ticks or notes. Open the link as a new review “" +
          uniqueName(name) + "”? Yours is kept as it is."
        : "Open the shared review “" + name + "” (" + done.length + " done) as a new review? Your reviews are kept.";
      if (!window.confirm(question)) {
        notify("The shared review was not opened; your reviews are unchanged.");
        return;
      }
      if (Object.keys(state.reviews).length >= MAX_REVIEWS) {
        notify("You have " + MAX_REVIEWS + " reviews: delete one, then open the link again.");
        return;
      }
      var key = newReviewKey(state);
      state.reviews[key] = { name: uniqueName(name), done: done, notes: notes };
      state.current = key;
      commit("Opened shared review “" + state.reviews[key].name + "” as a new review." + note);
    }

    // Same ticks, and every note the link carries (it may carry none).
    function sameReview(mine, done, notes) {
      return mine.done.length === done.length &&
        done.every(function (id) { return mine.done.indexOf(id) >= 0; }) &&
        Object.keys(notes).every(function (id) { return mine.notes[id] === notes[id]; });
    }

    function uniqueName(name) {
      var taken = Object.keys(state.reviews).map(function (key) { return state.reviews[key].name; });
      var candidate = name;
      for (var n = 2; taken.indexOf(candidate) >= 0; n += 1) {
        var suffix = " (" + n + ")";
        candidate = name.slice(0, MAX_NAME - suffix.length) + suffix;
      }
      return candidate;
    }

    /* Wiring */
    bindCheckboxes(state, function () { commit(); });
    select.addEventListener("change", function () {
      if (state.reviews[select.value]) {
        state.current = select.value;
        commit("Switched to review “" + review(state).name + "”.");
      }
    });
    PRIORITIES.forEach(function (priority) {
      filterBoxes[priority].addEventListener("change", function () {
        state.filters.priorities = PRIORITIES.filter(function (p) { return filterBoxes[p].checked; });
        commit();
      });
    });
    hideDone.addEventListener("change", function () {
      state.filters.hideDone = hideDone.checked;
      commit();
    });

    render();
    openLink = openSharedLink;
    onPrint = render; // the printout's date is the day it is printed
    if (loaded.problem) {
      notify("Saved progress in this browser could not be read; it was set aside and a fresh checklist started.");
    } else if (loaded.dropped) {
      notify("Some saved notes could not be read; a copy was set aside, and your ticks and other notes are kept.");
    }
    openSharedLink(true);
  }

  /* Menus of the toolbar: <details> that close on Escape, on a click
     elsewhere, and when another one opens. */
  function bindMenus(toolbar) {
    var menus = Array.prototype.slice.call(toolbar.querySelectorAll("details.ctc-menu"));
    menus.forEach(function (menu) {
      menu.addEventListener("toggle", function () {
        if (!menu.open) return;
        menus.forEach(function (other) { if (other !== menu) other.open = false; });
      });
      // Tabbing out of an open menu closes it.
      menu.addEventListener("focusout", function (event) {
        if (event.relatedTarget && !menu.contains(event.relatedTarget)) menu.open = false;
      });
      menu.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && menu.open) {
          menu.open = false;
          menu.querySelector("summary").focus();
        }
      });
    });
    openMenus = menus;
  }

  document.addEventListener("click", function (event) {
    openMenus.forEach(function (menu) {
      if (menu.open && !menu.contains(event.target)) menu.open = false;
    });
  });

  // Each code block's copy button sits in a <nav>: landmarks need distinct
  // names. Material adds them when it mounts code blocks, so watch for them.
  function nameCodeNavs() {
    document.querySelectorAll("nav.md-code__nav:not([aria-label])").forEach(function (nav) {
      var blocks = Array.prototype.slice.call(document.querySelectorAll("pre > code"));
      var code = nav.parentElement && nav.parentElement.querySelector("code");
      nav.setAttribute("aria-label", "Code block " + (blocks.indexOf(code) + 1));
    });
  }

  new MutationObserver(function (changes) {
    if (changes.some(function (change) { return change.addedNodes.length; })) nameCodeNavs();
  }).observe(document.documentElement, { childList: true, subtree: true });

  function init() {
    openLink = null;
    onPrint = null;
    // Material's search is a dialog without a name; screen readers need one.
    var search = document.querySelector('.md-search[role="dialog"]');
    if (search && !search.hasAttribute("aria-label")) search.setAttribute("aria-label", "Search");
    nameCodeNavs();
    var toolbar = document.getElementById("ctc-toolbar");
    if (toolbar) {
      initOverview(toolbar);
    } else if (document.querySelector("input.ctc-check")) {
      initItemPage();
    }
  }

  window.addEventListener("hashchange", function () {
    if (openLink) openLink(false);
  });
  window.addEventListener("beforeprint", function () {
    if (onPrint) onPrint();
  });

  if (typeof document$ !== "undefined") {
    document$.subscribe(init);
  } else {
    document.addEventListener("DOMContentLoaded", init);
  }
})();
