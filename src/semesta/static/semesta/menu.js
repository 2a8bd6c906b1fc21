// The menu button on narrow screens, and tables that scroll inside their own box.
// Loaded from a file: the Content-Security-Policy allows no inline script.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function setUpMenu() {
    var button = document.querySelector(".menu-toggle");
    var header = document.querySelector(".topbar");
    if (!button || !header) return;
    button.hidden = false;
    header.classList.add("collapsible");
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", String(open));
      header.classList.toggle("open", open);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && header.classList.contains("open")) {
        button.setAttribute("aria-expanded", "false");
        header.classList.remove("open");
        button.focus();
      }
    });
  }

  // A wide table scrolls sideways in a box; the box takes keyboard focus only when it scrolls.
  function wrapTables() {
    document.querySelectorAll("main table").forEach(function (table) {
      var parent = table.parentElement;
      if (parent.classList.contains("table-scroll")) return;
      var box = document.createElement("div");
      box.className = "table-scroll";
      parent.insertBefore(box, table);
      box.appendChild(table);
    });
    markScrollers();
  }

  // The table's caption, or the heading just before it, names the scrolling box.
  function labelOf(box) {
    var table = box.querySelector("table");
    if (table && table.caption) return table.caption.textContent.trim();
    for (var node = box.previousElementSibling; node; node = node.previousElementSibling) {
      if (/^H[1-4]$/.test(node.tagName)) return node.textContent.trim();
    }
    return document.title;
  }

  function markScrollers() {
    document.querySelectorAll(".table-scroll").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        box.tabIndex = 0;
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", labelOf(box));
      } else {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }

  function start() {
    setUpMenu();
    wrapTables();
    var pending;
    window.addEventListener("resize", function () {
      clearTimeout(pending);
      pending = setTimeout(markScrollers, 150);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
