/* Material's header toggles (the drawer and search checkboxes) must start unchecked. Material
   marked them autocomplete="off" so that browsers would not restore them checked on Back or
   reload; that attribute is not valid on checkboxes (macros/assemble/html_fixes.py removes it), so a
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

/* The header's panels: the menu (Material's navigation drawer, below 76.25em) and the search
   (overrides/partials/search.html).

   Material opens them with <label>s for hidden checkboxes (__drawer, __search): no tab stop,
   no role, no name (WCAG 2.1.1, 4.1.2). Each becomes a <button> with a name and aria-expanded
   that switches its checkbox, so Material's styles and scripts still follow the checkbox.
   A panel opens only on an explicit action, never on focus, and there is no single-key
   shortcut (WCAG 2.1.4). While it is open, Escape closes it and returns focus to what opened
   it; moving focus out of it (Tab past its end) closes it and leaves focus where the reader
   moved it. A closed panel takes no focus (handbook.css hides it with visibility), so Tab
   never lands on something unseen. */
(function () {
  var english = document.documentElement.lang === "en";

  function shown(element) {
    return element.getClientRects().length > 0 && getComputedStyle(element).visibility !== "hidden";
  }

  /* toggle: the checkbox; region: what it shows; triggers: what opens it (the first one shown
     gets focus back); first(): where focus goes when it opens. */
  function panel(toggle, region, triggers, first) {
    function set(open) {
      if (toggle.checked === open) return;
      toggle.checked = open;
      toggle.dispatchEvent(new Event("change"));
    }
    function trigger() {
      return triggers.filter(shown)[0] || null;
    }
    toggle.addEventListener("change", function () {
      triggers.forEach(function (control) {
        if (control.tagName === "BUTTON") control.setAttribute("aria-expanded", String(toggle.checked));
      });
      var active = document.activeElement;
      if (toggle.checked) {
        var target = first();
        if (target && !region.contains(active)) target.focus();
      } else if (region.contains(active) && active !== trigger()) {
        var back = trigger();  /* what had focus is hidden now */
        if (back) back.focus();
      }
    });
    region.addEventListener("focusout", function (event) {
      /* Only a move to another element: a click on empty space or leaving the window is not. */
      if (toggle.checked && event.relatedTarget && !region.contains(event.relatedTarget)) set(false);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || !toggle.checked) return;
      var back = trigger();
      set(false);
      if (back) back.focus();
    });
    return set;
  }

  /* Material's <label for=…> in the header, replaced by a <button> that controls `region`. */
  function headerButton(label, name, region, kind) {
    var toggle = document.getElementById(label.htmlFor);
    var control = document.createElement("button");
    control.type = "button";
    control.className = label.className + " " + kind;
    control.setAttribute("aria-label", name);
    control.setAttribute("aria-controls", region.id);
    control.setAttribute("aria-expanded", String(toggle.checked));
    while (label.firstChild) control.appendChild(label.firstChild);
    label.replaceWith(control);
    /* A press that takes focus out of the open panel closes it first (focusout): the click
       then acts on the state the reader saw. */
    var before = null;
    control.addEventListener("pointerdown", function () { before = toggle.checked; });
    control.addEventListener("click", function () {
      toggle.checked = !(before === null ? toggle.checked : before);
      before = null;
      toggle.dispatchEvent(new Event("change"));
    });
    return control;
  }

  var drawer = document.querySelector(".md-sidebar--primary");
  var menuLabel = document.querySelector(".md-header__button[for=__drawer]");
  if (drawer && menuLabel) {
    drawer.id = drawer.id || "hk-drawer";
    var menu = headerButton(menuLabel, english ? "Menu" : "Valikko", drawer, "hk-menu-button");
    /* Each level inside the drawer has a back arrow, a <label> for the level's checkbox: a
       button too, which returns focus to the level's own link one level up. The navigation
       is in Finnish on every page, and so are these names. */
    drawer.querySelectorAll("label.md-nav__title[for]:not([for=__drawer])").forEach(function (label) {
      var level = document.getElementById(label.htmlFor);
      var back = document.createElement("button");
      back.type = "button";
      back.className = label.className + " hk-nav-back";
      back.setAttribute("aria-label", label.textContent.trim() + ", takaisin edelliselle tasolle");
      while (label.firstChild) back.appendChild(label.firstChild);
      label.replaceWith(back);
      back.addEventListener("click", function () {
        level.checked = false;
        level.dispatchEvent(new Event("change"));
        var own = Array.prototype.filter.call(level.parentElement.querySelectorAll(
          ":scope > a.md-nav__link, :scope > .md-nav__container > a.md-nav__link"), shown)[0];
        if (own) own.focus();
      });
    });
    panel(document.getElementById("__drawer"), drawer, [menu], function () {
      return Array.prototype.filter.call(
        drawer.querySelectorAll("a[href], button, input:not([type=checkbox]), [tabindex='0']"),
        shown)[0];
    });
  }

  /* The search box is in every page's header; the search itself, assets/search.js and the
     root of this language's index (search/fi.json, a list of the index's fragments), is
     fetched when the box gets focus or the search opens; search.js fetches the fragments a
     query needs. The results open when the reader types in the box or clicks it, or presses
     the search button of narrow screens. Escape returns focus to the box (to the search
     button on narrow screens). */
  var box = document.querySelector("[data-hk-search]");
  var searchToggle = document.getElementById("__search");
  if (!box || !searchToggle) return;
  var input = box.querySelector("input");
  var status = box.querySelector("[role=status]");
  var texts = JSON.parse(box.getAttribute("data-texts"));
  var loading = null;

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

  var searchLabel = document.querySelector(".md-header__button[for=__search]");
  var triggers = [input];
  if (searchLabel) {
    triggers.unshift(headerButton(searchLabel, english ? "Search" : "Hae", box, "hk-search-button"));
  }
  var setOpen = panel(searchToggle, box, triggers, function () { return input; });
  function open() { setOpen(true); }
  searchToggle.addEventListener("change", function () { if (searchToggle.checked) load(); });
  input.addEventListener("focus", load);
  input.addEventListener("input", open);
  input.addEventListener("click", open);
  var close = box.querySelector("[data-hk-search-close]");
  if (close) close.addEventListener("click", function () { setOpen(false); });
})();

/* WCAG 3.1.2: a heading wholly in another language than the page (a Sámi language's name,
   <span lang="se"> in the Markdown) keeps its language in the tables of contents, which
   Material fills with the heading's plain text. */
(function () {
  function clean(text) { return text.replace(/[\u00ad\u00b6]/g, "").trim(); }
  function language(heading) {
    if (heading.hasAttribute("lang")) return heading.getAttribute("lang");
    var parts = heading.querySelectorAll("[lang]");
    var whole = parts.length === 1 && clean(parts[0].textContent) === clean(heading.textContent);
    return whole ? parts[0].getAttribute("lang") : null;
  }
  document.querySelectorAll(".md-nav a.md-nav__link[href*='#']").forEach(function (link) {
    if (link.pathname !== location.pathname || !link.hash) return;
    var heading = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    var lang = heading && /^H[1-6]$/.test(heading.tagName) ? language(heading) : null;
    var around = link.parentElement.closest("[lang]");
    if (lang && (!around || around.getAttribute("lang") !== lang)) link.setAttribute("lang", lang);
  });
})();
