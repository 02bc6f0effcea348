// Decap CMS starts only when admin/kasikirja-cms.mjs has registered the handbook's formats and
// previews (a file, not an inline script: the editor's CSP allows no inline script).
window.CMS_MANUAL_INIT = true;
