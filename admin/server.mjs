// The web editor's local backend (`./kasikirja muokkain`): one process on the loopback
// address serving the editor's files at /admin/ (with the editor's own Content-Security-Policy)
// and Decap's local backend at /api/v1 (decap-server's middleware, "fs" mode: a save writes
// the file into this clone and commits nothing; the editor commits and pushes as the guide says).
//
//   node admin/server.mjs --root CLONE --admin BUILT_ADMIN_DIR --port N [--csp POLICY]
//
// Guards: it listens on 127.0.0.1 only; every request must name this address as its Host
// (a page elsewhere that rebinds a DNS name to 127.0.0.1 is refused), and every API request
// must come from this origin (Origin header), so no other page or local service (the preview
// at its own port included) can write files through it.
import path from "node:path";
import { parseArgs } from "node:util";
import express from "express";
import middlewares from "decap-server/dist/middlewares.js";

const { values } = parseArgs({
  options: {
    root: { type: "string" }, admin: { type: "string" }, port: { type: "string" },
    csp: { type: "string", default: "" },
  },
});
const port = Number.parseInt(values.port, 10);
const origin = `http://127.0.0.1:${port}`;
const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

process.env.GIT_REPO_DIRECTORY = path.resolve(values.root);
process.env.ORIGIN = origin; // decap-server's CORS: only this origin
process.env.LOG_LEVEL = process.env.LOG_LEVEL || "warn";

const app = express();
app.disable("x-powered-by");
app.use((req, res, next) => {
  if (!hosts.has(req.headers.host || "")) {
    res.status(421).type("text/plain").send("Väärä osoite: avaa muokkain osoitteessa " + origin + "/admin/\n");
    return;
  }
  if (req.path.startsWith("/api/") && req.method !== "OPTIONS" && req.headers.origin !== origin) {
    res.status(403).type("text/plain").send("Vain muokkain voi tallentaa.\n");
    return;
  }
  res.set({
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "Cross-Origin-Opener-Policy": "same-origin",
    "X-Frame-Options": "DENY",
  });
  if (values.csp && !req.path.startsWith("/api/")) res.set("Content-Security-Policy", values.csp);
  next();
});
// What the editor may write: data files, pages and images of docs/ (an editor's push may change
// only these, deploy/hooks/push_policy.py), never code, hooks or configuration of the clone.
const WRITABLE = /^(data\/[a-z0-9_-]+(\/[a-z0-9_-]+)*\.yml|docs\/[a-z0-9_-]+(\/[a-z0-9_-]+)*\.(md|png|jpe?g|gif|webp))$/;
const paths = (value, key = "") => {
  if (Array.isArray(value)) return value.flatMap((v) => paths(v, key));
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => paths(v, k));
  return ["path", "newPath", "paths"].includes(key) ? [String(value)] : [];
};
app.use("/api", express.json({ limit: "20mb" }), (req, res, next) => {
  const action = req.body && req.body.action;
  const writes = ["persistEntry", "persistMedia", "deleteFile", "deleteFiles"].includes(action);
  const bad = writes ? paths(req.body.params).filter((p) => !WRITABLE.test(p)) : [];
  if (bad.length) {
    res.status(403).json({ error: `Muokkain voi tallentaa vain data- ja docs-kansioihin: ${bad.join(", ")}` });
    return;
  }
  next();
});
app.get("/", (req, res) => res.redirect("/admin/"));
app.use("/admin", express.static(path.resolve(values.admin), {
  index: "index.html", dotfiles: "deny", redirect: true,
  setHeaders: (res, file) => { if (file.endsWith(".mjs")) res.type("text/javascript"); },
}));
await middlewares.registerLocalFs(app, { logLevel: process.env.LOG_LEVEL });
app.listen(port, "127.0.0.1", () => {
  process.stdout.write(`Muokkaimen taustapalvelu: ${origin}/admin/\n`);
});
