// The handbook's parts of the web editor, registered before Decap CMS starts
// (admin/manual-init.js holds it back): the YAML and Markdown formats that keep files as
// they were (admin/yaml-writer.mjs), the Finnish texts, and previews that show the page as
// the handbook builds it: the preview server's page in a frame (`./kasikirja muokkain`), or
// on a forge a link to the branch preview the push builds.
//
// Security: every text here reaches the page through React (escaped); the preview is the
// built page in a frame of the preview server's origin, not HTML made from the form, and the
// editor's CSP allows no inline script (tests/cms/test_admin_security.py).
import * as YAML from "./yaml/index.js";
import { makeWriter } from "./yaml-writer.mjs";
import fi from "./locale-fi.mjs";

const CMS = window.CMS;
const h = window.h;
const writer = makeWriter(YAML);

const settings = await fetch("asetukset.json", { cache: "no-store" }).then((r) => r.json());

// Locally there is no review step: Decap's "publish" writes the file, so it says "save".
if (settings.mode === "local") {
  Object.assign(fi.editor.editorToolbar, {
    publish: "Tallenna", publishing: "Tallennetaan…", published: "Tallennettu", publishNow: "Tallenna nyt",
    publishAndCreateNew: "Tallenna ja tee uusi", publishAndDuplicate: "Tallenna ja kopioi",
  });
  fi.ui.toast.entryPublished = "Tallennettu";
}
CMS.registerLocale("fi", fi);
CMS.registerCustomFormat("kasikirja-yml", "yml", { fromFile: writer.readYaml, toFile: writer.writeYaml });
CMS.registerCustomFormat("kasikirja-md", "md", { fromFile: writer.readPage, toFile: writer.writePage });
CMS.registerPreviewStyle("kasikirja-cms.css");

// The address of an entry's page on the site, as macros/core/links.py makes them.
function pagePath(collection, entry) {
  const slug = entry.get("slug");
  if (collection === "palvelut") return `palvelut/${slug}/`;
  if (collection === "prosessit") return `ammattilaisille/prosessit/${slug}/`;
  if (collection === "elamantilanteet") return "mista-apua/";
  if (collection === "kunnat") return "asukkaille/kunnat/";
  if (collection === "yhteystiedot") return "mista-apua/";
  const file = (entry.get("path") || "").replace(/^docs\//, "").replace(/\.md$/, "");
  if (file === "index") return "";
  return file.endsWith("/index") ? `${file.slice(0, -5)}` : `${file}/`;
}

// A branch the editorial workflow makes (cms/<collection>/<slug>) as the preview server names
// it: lowercase a–z, digits and hyphens (README, Previews).
const branchSegment = (collection, slug) =>
  `cms/${collection}/${slug}`.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");

const frames = new Set();
function reloadFrames() { // after a save the preview server rebuilds the page in a second or two
  for (const delay of [1500, 4000]) {
    setTimeout(() => frames.forEach((frame) => {
      if (frame.isConnected) frame.src = frame.dataset.src + (frame.dataset.src.includes("?") ? "&" : "?") + `t=${Date.now()}`;
      else frames.delete(frame);
    }), delay);
  }
}
CMS.registerEventListener({ name: "postSave", handler: reloadFrames });

function preview(collection) {
  return window.createClass({
    render() {
      const entry = this.props.entry;
      const path = pagePath(collection, entry);
      if (settings.mode === "local") {
        const src = `${settings.preview}/${path}`;
        return h("div", { className: "hk-preview" },
          h("p", {}, "Esikatselu näyttää sivun niin kuin käsikirja sen rakentaa, viimeksi tallennetusta versiosta. Tallenna, niin se päivittyy."),
          h("iframe", {
            title: "Sivun esikatselu", src, "data-src": src,
            ref: (frame) => { if (frame) frames.add(frame); },
          }));
      }
      const segment = branchSegment(collection, entry.get("slug"));
      const href = `${settings.preview}/${segment}/${path}`;
      return h("div", { className: "hk-preview" },
        h("p", {}, "Kun tallennat, muutos menee omaan haaraansa ja palvelin rakentaa siitä esikatselun (noin minuutissa)."),
        h("p", {}, h("a", { href, target: "_blank", rel: "noopener noreferrer" }, "Avaa haaran esikatselu")));
    },
  });
}

for (const collection of settings.collections) CMS.registerPreviewTemplate(collection, preview(collection));

// Decap (3.16.3) gives each item of a list field three controls with only an icon, which a
// screen reader announces as a nameless "button": the fields' toggle, the drag handle and the
// remove button. Each gets a Finnish name by its icon (Decap's own icons, pinned with it);
// tests/cms/test_editor_browser.py finds no nameless control in chromium's accessibility tree.
const ICON_NAMES = [
  ["m5.123 6.33", "Näytä tai piilota kohdan kentät"],
  ["M11.916 9.96", "Poista kohta"],
  ["M3 15v-2h18v2H", "Siirrä kohtaa"],
];
function nameIconControls() {
  for (const control of document.querySelectorAll('button:not([aria-label]), [role="button"]:not([aria-label])')) {
    if (control.textContent.trim()) continue;
    const icon = control.querySelector("svg path")?.getAttribute("d") || "";
    const found = ICON_NAMES.find(([start]) => icon.startsWith(start));
    if (found) control.setAttribute("aria-label", found[1]);
  }
}
let naming = 0;
new MutationObserver(() => { naming ||= requestAnimationFrame(() => { naming = 0; nameIconControls(); }); })
  .observe(document.body, { childList: true, subtree: true });

CMS.init();
