/* Material wraps wide tables in a scrollable box in the browser. A box that scrolls must be
   reachable by keyboard (WCAG 2.1.1): give each one a tab stop and a name. */
(function () {
  function label(wrap) {
    var heading = null;
    for (var node = wrap.previousElementSibling; node && !heading; node = node.previousElementSibling) {
      if (/^H[1-6]$/.test(node.tagName)) heading = node;
    }
    var title = heading ? heading.textContent.replace(/\u00b6/g, "").trim() : "";
    return title ? "Taulukko: " + title : "Taulukko";
  }
  function focusable() {
    document.querySelectorAll(".md-typeset__scrollwrap:not([tabindex])").forEach(function (wrap) {
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", label(wrap));
    });
  }
  /* Material's search is a dialog without a name (WCAG 4.1.2): name it after its own input. */
  document.querySelectorAll("[role=dialog]:not([aria-label]):not([aria-labelledby])").forEach(function (dialog) {
    var input = dialog.querySelector("input[aria-label]");
    dialog.setAttribute("aria-label", input ? input.getAttribute("aria-label") : document.documentElement.lang === "en" ? "Search" : "Haku");
  });
  new MutationObserver(focusable).observe(document.documentElement, { childList: true, subtree: true });
  focusable();
})();
