/* Material for MkDocs 9.8's inline scripts of partials/javascripts/content.html, as a file so
   the Content-Security-Policy needs no 'unsafe-inline' (overrides/partials/javascripts/
   content.html loads it only with pymdownx.tabbed). Runs after the content, before Material's
   bundle: checks the content tab the address points to, and with content.tabs.link
   (data-linked) the tabs the reader chose before. */
(function () {
  if (document.currentScript.hasAttribute("data-linked")) {
    var tabs = __md_get("__tabs");
    if (Array.isArray(tabs)) {
      document.querySelectorAll(".tabbed-set").forEach(function (set) {
        var labels = set.querySelector(".tabbed-labels");
        for (var i = 0; i < tabs.length; i++) {
          var label = Array.from(labels.getElementsByTagName("label")).find(function (l) {
            return l.innerText.trim() === tabs[i];
          });
          if (label) { document.getElementById(label.htmlFor).checked = true; return; }
        }
      });
    }
  }
  var target = document.getElementById(location.hash.slice(1));
  if (target && target.name) target.checked = target.name.startsWith("__tabbed_");
})();
