// Runs reports/static/report.js against a tiny DOM stand-in and prints what the explorer shows.
// Usage: node explorer_harness.js REPORT_JS DATA_JSON QUERY...  -> one JSON result per query.
// The stand-in throws on innerHTML/outerHTML/insertAdjacentHTML so any markup injection path fails.
"use strict";
const fs = require("fs");
const [scriptPath, dataPath, ...queries] = process.argv.slice(2);

class El {
  constructor(tag) { this.tag = tag; this.children = []; this.text = ""; this.className = ""; this.listeners = {};
                     this.dataset = {}; this.hidden = true; this.type = ""; this.value = ""; }
  set textContent(v) { this.text = String(v); this.children = []; }
  get textContent() { return this.text + this.children.map((c) => c.textContent).join(""); }
  set innerHTML(_) { throw new Error("innerHTML used"); }
  set outerHTML(_) { throw new Error("outerHTML used"); }
  insertAdjacentHTML() { throw new Error("insertAdjacentHTML used"); }
  appendChild(c) { this.children.push(c); return c; }
  replaceChildren(...c) { this.children = c; }
  addEventListener(t, f) { (this.listeners[t] = this.listeners[t] || []).push(f); }
  setAttribute() {} removeAttribute() {}
  fire(t) { (this.listeners[t] || []).forEach((f) => f({ target: this })); }
}
const box = new El("div");
box.dataset = { upstream: "Upstream", downstream: "Downstream", direct: "direct", depth: "depth {n}",
                noMatch: "No table matches.", matches: "Matching tables", shownOf: "{shown} of {total} shown" };
const input = new El("input");
const out = new El("div");
box.querySelector = (sel) => (sel === "input" ? input : sel === "[data-role=result]" ? out : null);
const data = new El("script");
data.text = fs.readFileSync(dataPath, "utf8");
const byId = { "lineage-data": data, "lineage-explorer": box };
global.document = { getElementById: (id) => byId[id] || null, createElement: (t) => new El(t),
                    querySelectorAll: () => [] };
global.window = { addEventListener: () => {} };
global.setTimeout = (f) => f();
global.clearTimeout = () => {};
new Function(fs.readFileSync(scriptPath, "utf8"))();

function describe(node) {
  const lists = [];
  (function walk(n) {
    if (n.tag === "ul") { lists.push(n.children.map((li) => li.textContent)); }
    n.children.forEach(walk);
  })(node);
  const heads = [];
  (function walk(n) { if (/^h[34]$/.test(n.tag)) { heads.push(n.textContent); } n.children.forEach(walk); })(node);
  return { visible: !box.hidden, headings: heads, lists: lists, text: node.textContent };
}
const results = queries.map((q) => { input.value = q; input.fire("input"); return describe(out); });
process.stdout.write(JSON.stringify(results));
