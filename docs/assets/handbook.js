/* Material's header toggles (the drawer and search checkboxes) must start unchecked. Material
   marked them autocomplete="off" so that browsers would not restore them checked on Back or
   reload; that attribute is not valid on checkboxes (macros/build/html_fixes.py removes it), so a
   restored one is unchecked here, and Material is told by a change event. Firefox restores
   while parsing, before this script; chromium just before "pageshow". A page shown again from
   the back-forward cache (persisted) is left as it was, as before. */
(function () {
  function reset(event) {
    if (event && event.persisted) return;
    ["__drawer", "__search"].forEach(function (id) {
      var toggle = document.getElementById(id);
      if (toggle && toggle.checked) {
        toggle.checked = false;
        toggle.dispatchEvent(new Event("change"));
      }
    });
  }
  reset();
  window.addEventListener("pageshow", reset);
})();

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
  new MutationObserver(focusable).observe(document.documentElement, { childList: true, subtree: true });
  focusable();
})();

/* Search (overrides/partials/search.html). The box is in every page's header; the search
   itself, assets/search.js and the root of this language's index (search/fi.json, a list of
   the index's fragments), is fetched on first use: when the box gets focus, the reader types,
   or presses "/", "s" or "f" (Material's keys); search.js fetches the fragments a query needs. Escape closes it
   and returns focus to where it was. */
(function () {
  var box = document.querySelector("[data-hk-search]");
  var toggle = document.getElementById("__search");
  if (!box || !toggle) return;
  var input = box.querySelector("input");
  var status = box.querySelector("[role=status]");
  var texts = JSON.parse(box.getAttribute("data-texts"));
  var loading = null, before = null;

  function load() {
    if (loading) return;
    status.textContent = texts.loading;
    var url = new URL(box.getAttribute("data-index"), document.baseURI).href;
    var index = fetch(url, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      });
    loading = new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = box.getAttribute("data-script");
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    }).then(function () { return index; }).then(function (data) {
      window.HandbookSearch.mount(box, data, url);
    }).catch(function () {
      loading = null;
      status.textContent = texts.failed;
    });
  }
  function open() {
    if (!toggle.checked) {
      before = document.activeElement === input ? before : document.activeElement;
      toggle.checked = true;
    }
    load();
  }

  input.addEventListener("focus", open);
  input.addEventListener("input", load);
  toggle.addEventListener("change", function () {
    if (toggle.checked) { load(); input.focus(); }
  });
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var editing = target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
    if (!editing && !event.ctrlKey && !event.metaKey && !event.altKey && /^[/sf]$/.test(event.key)) {
      event.preventDefault();
      before = target;
      open();
      input.focus();
    } else if (event.key === "Escape" && toggle.checked) {
      toggle.checked = false;
      input.blur();
      if (before && before !== document.body && document.contains(before)) before.focus();
      before = null;
    }
  });
})();
