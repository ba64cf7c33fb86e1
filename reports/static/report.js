/* Lineage explorer: type a table, see what feeds it (upstream) and what it feeds (downstream).
   Reads the edge list inlined as JSON; builds DOM with textContent only, so table names that
   contain markup stay text. Before printing, folded <details> are opened so nothing is lost. */
(function () {
  "use strict";
  var MAX_LIST = 200, MAX_SUGGEST = 25, MAX_VISIT = 5000;
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (d) {
      d.setAttribute("open", ""); d.setAttribute("data-print-opened", "");
    });
  });
  window.addEventListener("afterprint", function () {
    document.querySelectorAll("details[data-print-opened]").forEach(function (d) {
      d.removeAttribute("open"); d.removeAttribute("data-print-opened");
    });
  });
  var dataEl = document.getElementById("lineage-data");
  var box = document.getElementById("lineage-explorer");
  if (!dataEl || !box) { return; }
  var data = JSON.parse(dataEl.textContent);
  var tables = data.tables, provs = data.provenances, L = box.dataset;
  var up = tables.map(function () { return new Map(); });
  var down = tables.map(function () { return new Map(); });
  data.edges.forEach(function (e) {
    (down[e[0]].get(e[1]) || down[e[0]].set(e[1], new Set()).get(e[1])).add(e[2]);
    (up[e[1]].get(e[0]) || up[e[1]].set(e[0], new Set()).get(e[0])).add(e[2]);
  });
  var index = new Map();
  tables.forEach(function (t, i) { index.set(t.toLowerCase(), i); });
  var input = box.querySelector("input");
  var out = box.querySelector("[data-role=result]");
  box.hidden = false;

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined) { node.textContent = text; }
    if (cls) { node.className = cls; }
    return node;
  }
  function tableButton(i) {
    var b = el("button", tables[i], "link mono");
    b.type = "button";
    b.addEventListener("click", function () { input.value = tables[i]; show(i); });
    return b;
  }
  /* Breadth-first walk; depth 1 keeps the provenance of the direct edge. */
  function walk(start, adj) {
    var seen = new Map([[start, 0]]), queue = [start], found = [];
    while (queue.length && seen.size < MAX_VISIT) {
      var cur = queue.shift(), depth = seen.get(cur);
      adj[cur].forEach(function (p, next) {
        if (seen.has(next)) { return; }
        seen.set(next, depth + 1); queue.push(next);
        found.push({ i: next, depth: depth + 1, provs: depth === 0 ? Array.from(p) : [] });
      });
    }
    found.sort(function (a, b) { return a.depth - b.depth || (tables[a.i] < tables[b.i] ? -1 : 1); });
    return found;
  }
  function column(title, items) {
    var col = el("div");
    col.appendChild(el("h4", title + " (" + items.length + ")"));
    var list = el("ul");
    items.slice(0, MAX_LIST).forEach(function (it) {
      var li = el("li");
      li.appendChild(tableButton(it.i));
      var note = it.depth === 1
        ? L.direct + (it.provs.length ? " · " + it.provs.map(function (p) { return provs[p]; }).join(", ") : "")
        : L.depth.replace("{n}", String(it.depth));
      li.appendChild(el("span", " — " + note, "muted"));
      list.appendChild(li);
    });
    col.appendChild(list);
    if (items.length > MAX_LIST) {
      col.appendChild(el("p", L.shownOf.replace("{shown}", MAX_LIST).replace("{total}", items.length), "muted"));
    }
    return col;
  }
  function show(i) {
    out.replaceChildren();
    out.appendChild(el("h3", tables[i], "mono"));
    var cols = el("div", undefined, "cols");
    cols.appendChild(column(L.upstream, walk(i, up)));
    cols.appendChild(column(L.downstream, walk(i, down)));
    out.appendChild(cols);
  }
  function suggest(query) {
    out.replaceChildren();
    var q = query.trim().toLowerCase();
    if (!q) { return; }
    if (index.has(q)) { show(index.get(q)); return; }
    var hits = [];
    for (var i = 0; i < tables.length && hits.length < MAX_SUGGEST; i++) {
      if (tables[i].toLowerCase().indexOf(q) !== -1) { hits.push(i); }
    }
    if (!hits.length) { out.appendChild(el("p", L.noMatch, "muted")); return; }
    out.appendChild(el("h4", L.matches));
    var list = el("ul");
    hits.forEach(function (h) { var li = el("li"); li.appendChild(tableButton(h)); list.appendChild(li); });
    out.appendChild(list);
  }
  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { suggest(input.value); }, 120);
  });
}());
