/* Material for MkDocs 9.8's inline bootstrap (partials/javascripts/base.html), as a file so the
   Content-Security-Policy needs no 'unsafe-inline' (overrides/partials/javascripts/base.html).
   Material wrote the scope, the site root, into the page as a relative address ("../.."); this
   file is at <site root>/assets/, so the root is one folder up from its own address.
   Loaded in <head> before Material's bundle, which uses these globals. */
var __md_scope = document.currentScript.dataset.scope
  ? new URL(document.currentScript.dataset.scope, location)
  : new URL("..", document.currentScript.src);
var __md_hash = function (e) {
  return Array.from(e).reduce(function (h, c) { return (h << 5) - h + c.charCodeAt(0); }, 0);
};
var __md_get = function (e, _, t) {
  _ = _ || localStorage; t = t || __md_scope;
  return JSON.parse(_.getItem(t.pathname + "." + e));
};
var __md_set = function (e, _, t, a) {
  t = t || localStorage; a = a || __md_scope;
  try { t.setItem(a.pathname + "." + e, JSON.stringify(_)); } catch (error) { /* storage full or off */ }
};
