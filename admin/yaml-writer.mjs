// The web editor's YAML reader and writer (Decap CMS custom formats `kasikirja-yml` and
// `kasikirja-md`, registered by admin/kasikirja-cms.js). Files stay ours: a save rewrites only
// the text of the values that changed, so the `# yaml-language-server: $schema=…` comment, the
// other comments, key order, quoting, folded and flow styles and every other line keep their
// bytes, and `check` keeps naming the same lines. A file saved without changes is the same file.
//
// How: reading keeps the file's text in the entry (SOURCE, no widget shows it). Writing parses
// that text again with the `yaml` package (node ranges), walks it beside the form's data and
// replaces the text of each changed scalar, removes the lines of removed keys and items and
// inserts new ones at the indentation around them. The result is parsed back and must equal
// the form's data; if it does not, the whole file is written anew in the handbook's style (the
// same style as new entries) and checked again. tests/cms/test_yaml_writer.py runs this module
// in node over every data file: load, save, same bytes; and single changes, one line each.
//
// Works in node (`import * as YAML from "yaml"`) and in the browser (the package's browser
// build, served beside this file): the module takes the library as an argument.

export const SOURCE = "__kasikirja_source"; // the file's text as read
export const SCHEMA = "__kasikirja_schema"; // new entries: the $schema comment's path
export const ITEMS = "items"; // a file whose root is a list: its items, as one list field
const WIDTH = 96; // folded text is cut at this column, as in the handbook's files

export function makeWriter(YAML) {
  const isEmpty = (v) => v === undefined || v === null || v === "" ||
    (Array.isArray(v) && v.length === 0) ||
    (typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0);
  const isPlainObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
  const isScalarValue = (v) => v === null || ["string", "number", "boolean"].includes(typeof v);

  function deepEqual(a, b) {
    if (a === b) return true;
    if (Array.isArray(a) && Array.isArray(b)) {
      return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
    }
    if (isPlainObject(a) && isPlainObject(b)) {
      const ka = Object.keys(a), kb = Object.keys(b);
      return ka.length === kb.length && ka.every((k) => k in b && deepEqual(a[k], b[k]));
    }
    return false;
  }

  // The value the file should hold: the form's data without values left empty, unless the file
  // already had that very value (an explicit `keywords: []` stays).
  function target(value, old) {
    if (Array.isArray(value)) {
      return value.map((v, i) => target(v, Array.isArray(old) ? old[i] : undefined))
        .filter((v) => !isEmpty(v));
    }
    if (isPlainObject(value)) {
      const out = {};
      for (const [k, v] of Object.entries(value)) {
        if (k === SOURCE || k === SCHEMA) continue;
        const had = isPlainObject(old) && k in old;
        const t = target(v, had ? old[k] : undefined);
        if (!isEmpty(t) || (had && deepEqual(old[k], t))) out[k] = t;
      }
      return out;
    }
    return value;
  }

  // A string YAML 1.2 (this library) and 1.1 (PyYAML, which the build reads with) both read
  // back as the same string when written without quotes. Dates stay plain: the models want them.
  function plainSafe(s, flow) {
    if (typeof s !== "string" || s === "" || s !== s.trim() || /[\n\r\t]/.test(s)) return false;
    if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return true;
    for (const version of ["1.2", "1.1"]) {
      try {
        const got = YAML.parse(flow ? `[${s}]` : `k: ${s}\n`, { version });
        const value = flow ? (Array.isArray(got) && got.length === 1 ? got[0] : undefined) : got?.k;
        if (value !== s) return false;
      } catch {
        return false;
      }
    }
    return true;
  }

  const foldable = (s) => !/[\n\r\t]/.test(s) && s === s.trim() && !/ {2}/.test(s) && s !== "";

  function fold(s, width) {
    const lines = [];
    let line = "";
    for (const word of s.split(" ")) {
      if (line && line.length + 1 + word.length > width) {
        lines.push(line);
        line = word;
      } else {
        line = line ? `${line} ${word}` : word;
      }
    }
    lines.push(line);
    return lines;
  }

  function quoted(s, style) {
    if (style === "QUOTE_SINGLE" && !/[\n\r]/.test(s)) return `'${s.replace(/'/g, "''")}'`;
    return JSON.stringify(s);
  }

  // A scalar's text after "key:" or "-" (with its leading space), for block content at
  // `indent`; `style` is the style the value had (yaml's Scalar.type), or undefined when new.
  function scalarText(value, indent, style, flow) {
    if (value === null) return " null";
    if (typeof value !== "string") return ` ${String(value)}`;
    const pad = " ".repeat(indent);
    if (!flow && value.includes("\n") && !/^[ \n]/.test(value) && !/\r/.test(value)) {
      const trailing = value.length - value.replace(/\n+$/, "").length;
      const chomp = trailing === 0 ? "-" : trailing === 1 ? "" : "+";
      const body = trailing > 1 ? value.slice(0, -1) : trailing === 1 ? value.slice(0, -1) : value;
      const lines = body.split("\n").map((l) => (l ? pad + l : ""));
      return ` |${chomp}\n${lines.join("\n")}\n`;
    }
    const longText = indent + value.length > WIDTH;
    if (!flow && foldable(value) && (style === "BLOCK_FOLDED" || (style === undefined && longText))) {
      return ` >-\n${fold(value, WIDTH - indent).map((l) => pad + l).join("\n")}\n`;
    }
    if (!flow && style === "BLOCK_LITERAL" && !/[\n\r]/.test(value) && value === value.trimStart()) {
      return ` |-\n${pad}${value}\n`;
    }
    if (style !== "QUOTE_DOUBLE" && style !== "QUOTE_SINGLE" && plainSafe(value, flow)) {
      return ` ${value}`;
    }
    return ` ${quoted(value, style)}`;
  }

  function flowText(value) {
    if (Array.isArray(value)) return `[${value.map(flowText).join(", ")}]`;
    if (isPlainObject(value)) {
      return `{${Object.entries(value).map(([k, v]) => `${k}: ${flowText(v)}`).join(", ")}}`;
    }
    return scalarText(value, 0, undefined, true).slice(1);
  }

  const orderOf = (sortedKeys, path) => {
    const prefix = path.filter((p) => typeof p === "string").join(".");
    const names = sortedKeys
      .filter((k) => (prefix ? k.startsWith(`${prefix}.`) : true))
      .map((k) => (prefix ? k.slice(prefix.length + 1) : k))
      .filter((k) => !k.includes("."));
    return names;
  };
  const ordered = (obj, order) => Object.keys(obj).sort((a, b) => {
    const ia = order.indexOf(a), ib = order.indexOf(b);
    return (ia < 0 ? Infinity : ia) - (ib < 0 ? Infinity : ib);
  });

  // New text, in the handbook's style: block maps, short scalar lists in flow style, long
  // text folded, Markdown (text with line breaks) as literal blocks.
  function pairText(key, value, indent, order, path) {
    const pad = " ".repeat(indent);
    if (Array.isArray(value)) {
      if (value.length === 0) return `${pad}${key}: []\n`;
      const flat = value.every((v) => isScalarValue(v) && !(typeof v === "string" && v.includes("\n")));
      const flow = `${pad}${key}: ${flowText(value)}`;
      if (flat && flow.length <= WIDTH) return `${flow}\n`;
      return `${pad}${key}:\n${value.map((v) => itemText(v, indent + 2, order, [...path, key])).join("")}`;
    }
    if (isPlainObject(value)) {
      if (isEmpty(value)) return `${pad}${key}: {}\n`;
      return `${pad}${key}:\n${mapText(value, indent + 2, order, [...path, key])}`;
    }
    const text = scalarText(value, indent + 2, undefined, false);
    return `${pad}${key}:${text}${text.endsWith("\n") ? "" : "\n"}`;
  }

  function mapText(obj, indent, order, path) {
    return ordered(obj, orderOf(order, path)).map((k) => pairText(k, obj[k], indent, order, path)).join("");
  }

  function itemText(value, indent, order, path) {
    const pad = " ".repeat(indent);
    if (isPlainObject(value) && !isEmpty(value)) {
      return `${pad}- ${mapText(value, indent + 2, order, path).slice(indent + 2)}`;
    }
    if (Array.isArray(value)) return `${pad}- ${flowText(value)}\n`;
    const text = scalarText(value, indent + 2, undefined, false);
    return `${pad}-${text}${text.endsWith("\n") ? "" : "\n"}`;
  }

  // Writing into the old text: edits are [start, end, text], applied from the end.
  class Patch {
    constructor(src, order) {
      this.src = src;
      this.order = order;
      this.edits = [];
    }
    column(pos) { return pos - (this.src.lastIndexOf("\n", pos - 1) + 1); }
    lineStart(pos) { return this.src.lastIndexOf("\n", pos - 1) + 1; }
    lineEnd(pos) {
      if (pos > 0 && this.src[pos - 1] === "\n") return pos;
      const nl = this.src.indexOf("\n", pos);
      return nl < 0 ? this.src.length : nl + 1;
    }
    onlySpaces(from, to) { return /^ *$/.test(this.src.slice(from, to)); }
    dash(item) { // where a block sequence item's "-" is
      let pos = item.range[0] - 1;
      while (pos >= 0 && this.src[pos] === " ") pos -= 1;
      return this.src[pos] === "-" ? pos : -1;
    }

    // Change `node` (with block content at `indent`) to hold `value`; false: cannot in place.
    node(node, value, indent, path) {
      const old = node.toJSON();
      if (deepEqual(old, value)) return true;
      if (YAML.isScalar(node) && isScalarValue(value)) return this.scalar(node, value, indent);
      if (YAML.isMap(node) && isPlainObject(value)) {
        return node.flow ? this.flow(node, value) : this.map(node, value, path);
      }
      if (YAML.isSeq(node) && Array.isArray(value)) {
        return node.flow ? this.flow(node, value) : this.seq(node, value, path);
      }
      return false;
    }

    scalar(node, value, indent) {
      const [start, end] = node.range;
      const flow = this.inFlow(start);
      if (start === end) return false; // an empty value: written anew by its pair
      let text = scalarText(value, indent, node.type, flow).slice(1);
      const wasBlock = this.src[end - 1] === "\n";
      if (text.endsWith("\n") && !wasBlock) {
        if (!/^[ \t]*(\n|$)/.test(this.src.slice(end))) return false; // a comment follows
        text = text.slice(0, -1);
      } else if (!text.endsWith("\n") && wasBlock) {
        text += "\n";
      }
      this.edits.push([start, end, text]);
      return true;
    }

    inFlow(pos) { // inside [...] or {...} on the same logical line: count open brackets
      let depth = 0;
      for (let i = this.lineStart(pos); i < pos; i += 1) {
        const c = this.src[i];
        if (c === "[" || c === "{") depth += 1;
        if (c === "]" || c === "}") depth -= 1;
      }
      return depth > 0;
    }

    flow(node, value) {
      const nested = Object.values(value).some((v) => !isScalarValue(v));
      const keys = Array.isArray(value) ? null : Object.keys(value);
      const sameShape = Array.isArray(value) ? false
        : keys.length === node.items.length && node.items.every((p) => keys.includes(String(p.key?.value)));
      if (sameShape) { // same keys: change the values in place
        return node.items.every((p) => this.node(p.value, value[p.key.value], 0, []));
      }
      if (nested) return false;
      this.edits.push([node.range[0], node.range[1], flowText(value)]);
      return true;
    }

    pairSpan(items, i) { // the text of a block map's pair i, from its key
      const pair = items[i];
      const keyStart = pair.key.range[0];
      const start = this.onlySpaces(this.lineStart(keyStart), keyStart) ? this.lineStart(keyStart) : keyStart;
      if (i + 1 < items.length) {
        const next = items[i + 1].key.range[0];
        return start === keyStart ? [keyStart, next] : [start, this.lineStart(next)];
      }
      return [start, this.lineEnd(pair.value ? pair.value.range[1] : pair.key.range[1])];
    }

    map(node, value, path) {
      const items = node.items;
      const indent = this.column(items[0].key.range[0]);
      const keys = items.map((p) => String(p.key.value));
      items.forEach((pair, i) => {
        const key = keys[i];
        const [start, end] = this.pairSpan(items, i);
        if (!(key in value)) {
          this.edits.push([start, end, ""]);
          return;
        }
        const ok = pair.value && this.node(pair.value, value[key], indent + 2, [...path, key]);
        if (!ok) {
          const text = pairText(key, value[key], indent, this.order, path);
          this.edits.push(start === this.lineStart(start)
            ? [start, end, text]
            : [start, end, text.slice(indent) + (i + 1 < items.length ? " ".repeat(indent) : "")]);
        }
      });
      const order = orderOf(this.order, path);
      const added = Object.keys(value).filter((k) => !keys.includes(k));
      const groups = new Map(); // insertion point → text
      for (const key of added) {
        const before = order.slice(0, Math.max(order.indexOf(key), 0)).filter((k) => keys.includes(k));
        const after = before.length ? keys.indexOf(before[before.length - 1]) : 0;
        const at = this.pairSpan(items, after)[1];
        const point = after + 1 < items.length ? this.lineStart(items[after + 1].key.range[0]) : at;
        groups.set(point, (groups.get(point) || "") + pairText(key, value[key], indent, this.order, path));
      }
      for (const [point, text] of groups) this.edits.push([point, point, text]);
      return true;
    }

    itemSpan(items, i) {
      const dash = this.dash(items[i]);
      const start = this.lineStart(dash);
      const end = i + 1 < items.length ? this.lineStart(this.dash(items[i + 1])) : this.lineEnd(items[i].range[1]);
      return [start, end];
    }

    seq(node, value, path) {
      const items = node.items;
      if (items.some((item) => this.dash(item) < 0)) return false;
      const indent = this.column(this.dash(items[0]));
      const old = items.map((n) => n.toJSON());
      // Align old and new items (longest common subsequence); items between two matches are
      // changed in place pairwise, the rest removed or inserted.
      const n = old.length, m = value.length;
      const lcs = Array.from({ length: n + 1 }, () => new Array(m + 1).fill(0));
      for (let i = n - 1; i >= 0; i -= 1) {
        for (let j = m - 1; j >= 0; j -= 1) {
          lcs[i][j] = deepEqual(old[i], value[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
        }
      }
      const matches = [];
      for (let i = 0, j = 0; i < n && j < m;) {
        if (deepEqual(old[i], value[j])) { matches.push([i, j]); i += 1; j += 1; }
        else if (lcs[i + 1][j] >= lcs[i][j + 1]) i += 1;
        else j += 1;
      }
      matches.push([n, m]);
      let [pi, pj] = [0, 0];
      for (const [mi, mj] of matches) {
        const gapOld = mi - pi, gapNew = mj - pj, common = Math.min(gapOld, gapNew);
        for (let t = 0; t < common; t += 1) {
          const item = items[pi + t];
          if (!this.node(item, value[pj + t], indent + 2, path)) {
            const [start, end] = this.itemSpan(items, pi + t);
            this.edits.push([start, end, itemText(value[pj + t], indent, this.order, path)]);
          }
        }
        for (let t = common; t < gapOld; t += 1) {
          const [start, end] = this.itemSpan(items, pi + t);
          this.edits.push([start, end, ""]);
        }
        if (gapNew > common) {
          const text = value.slice(pj + common, mj).map((v) => itemText(v, indent, this.order, path)).join("");
          const at = pi + common > 0 ? this.itemSpan(items, pi + common - 1)[1] : this.itemSpan(items, 0)[0];
          this.edits.push([at, at, text]);
        }
        [pi, pj] = [mi + 1, mj + 1];
      }
      return true;
    }

    apply() {
      // From the end; at one position a replaced span before an insertion, which then lands
      // in front of it, and insertions in the order they were made.
      const span = (e) => (e[1] > e[0] ? 1 : 0);
      const edits = this.edits.map((e, i) => [...e, i])
        .sort((a, b) => b[0] - a[0] || span(b) - span(a) || b[3] - a[3]);
      let out = this.src;
      for (const [start, end, text] of edits) out = out.slice(0, start) + text + out.slice(end);
      return out;
    }
  }

  function fresh(value, order, schema, header) {
    const head = header ?? (schema ? `# yaml-language-server: $schema=${schema}\n` : "");
    if (Array.isArray(value)) return head + value.map((v) => itemText(v, 0, order, [])).join("");
    return head + mapText(value, 0, order, []);
  }

  const leadingComments = (src) => (src.match(/^(?:#[^\n]*\n|[ \t]*\n)*/) || [""])[0];

  function readYaml(text) {
    const doc = YAML.parseDocument(text);
    if (doc.errors.length) throw new Error(`YAML-virhe: ${doc.errors[0].message}`);
    const value = doc.toJSON() ?? {};
    const data = Array.isArray(value) ? { [ITEMS]: value } : value;
    return { ...data, [SOURCE]: text };
  }

  function writeYaml(data, sortedKeys = []) {
    const src = data[SOURCE];
    const rootIsList = src !== undefined ? Array.isArray(YAML.parse(src)) : false;
    const wanted = rootIsList ? data[ITEMS] ?? [] : data;
    const old = src !== undefined ? YAML.parse(src) ?? {} : undefined;
    const goal = target(wanted, old);
    const order = rootIsList ? sortedKeys.filter((k) => k.startsWith(`${ITEMS}.`)).map((k) => k.slice(ITEMS.length + 1)) : sortedKeys;
    const same = (text) => { try { return deepEqual(YAML.parse(text) ?? {}, goal); } catch { return false; } };
    if (src !== undefined) {
      const doc = YAML.parseDocument(src);
      if (doc.contents) {
        const patch = new Patch(src, order);
        if (patch.node(doc.contents, goal, 2, [])) {
          const out = patch.apply();
          if (same(out)) return out;
        }
      }
    }
    const out = fresh(goal, order, data[SCHEMA], src !== undefined ? leadingComments(src) : undefined);
    if (!same(out)) throw new Error("Tallennus ei onnistunut: tiedoston YAML-muotoa ei saatu kirjoitettua oikein. Kerro ylläpitäjälle.");
    return out;
  }

  // A docs/ page: front matter (YAML between --- lines) written as above, the body as it is.
  const FRONT = /^---\n([\s\S]*?\n)?---[ \t]*(\n|$)/;
  function readPage(text) {
    const match = FRONT.exec(text);
    const front = match ? readYaml(match[1] || "") : {};
    delete front[SOURCE];
    return { ...front, body: match ? text.slice(match[0].length) : text, [SOURCE]: text };
  }

  function writePage(data, sortedKeys = []) {
    const src = data[SOURCE];
    const { body = "", [SOURCE]: _source, [SCHEMA]: _schema, ...front } = data;
    const match = src !== undefined ? FRONT.exec(src) : null;
    const frontSrc = match ? match[1] || "" : undefined;
    const old = frontSrc !== undefined ? YAML.parse(frontSrc) ?? {} : undefined;
    const goal = target(front, old);
    if (isEmpty(goal) && (!match || !isEmpty(old))) return body;
    if (!match) return `---\n${fresh(goal, sortedKeys, undefined, "")}---\n${body}`;
    const close = match[0].slice(4 + frontSrc.length);
    const yamlText = isEmpty(goal) ? frontSrc : writeYaml({ ...front, [SOURCE]: frontSrc }, sortedKeys);
    return `---\n${yamlText}${close}${body}`;
  }

  return { readYaml, writeYaml, readPage, writePage, plainSafe };
}
