// Item pages, diagrams and the 404 page; the checklist has its own script.

// A diagram scrolls sideways in its own box on a narrow screen (pages.css):
// there the box takes keyboard focus, so the arrow keys can scroll it.
var ctcNarrow = window.matchMedia("(max-width: 44.9375em)");

function ctcDiagramBoxesFocusable() {
  document.querySelectorAll("p > img.ctc-diagram").forEach(function (img) {
    if (ctcNarrow.matches) img.parentElement.setAttribute("tabindex", "0");
    else img.parentElement.removeAttribute("tabindex");
  });
}

ctcNarrow.addEventListener("change", ctcDiagramBoxesFocusable);

document$.subscribe(function () {
  // Material points "Skip to content" at the first heading of the text; on an
  // item page the title, its priority and the done box come before that.
  var skip = document.querySelector(".md-skip");
  var title = document.getElementById("ctc-title");
  if (skip && title) {
    skip.setAttribute("href", "#ctc-title");
  }

  ctcDiagramBoxesFocusable();

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
