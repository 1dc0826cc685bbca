// Item pages and the 404 page; the checklist has its own script.
document$.subscribe(function () {
  // Material points "Skip to content" at the first heading of the text; on an
  // item page the title, its priority and the done box come before that.
  var skip = document.querySelector(".md-skip");
  var title = document.getElementById("ctc-title");
  if (skip && title) {
    skip.setAttribute("href", "#ctc-title");
  }

  // A diagram that scrolls sideways on a phone: its box takes keyboard focus,
  // so the arrow keys can scroll it.
  document.querySelectorAll("img.ctc-diagram").forEach(function (img) {
    var box = img.parentElement;
    if (box && box.tagName === "P" && !box.hasAttribute("tabindex")) {
      box.setAttribute("tabindex", "0");
      box.classList.add("ctc-diagram-box");
    }
  });

  // The 404 page's search button opens the site's own search box.
  var open = document.querySelector(".ctc-open-search");
  if (open) {
    open.addEventListener("click", function () {
      var toggle = document.getElementById("__search");
      if (!toggle) return;
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change"));
      var input = document.querySelector(".md-search__input");
      if (input) input.focus();
    });
  }
});
