/* The overview: draw the network (positions computed when the site was written),
   label what fits, filter, search, focus, and share the view. The view's state
   (filters, search, selection) lives in the address's fragment. Every string
   from the data goes into the page via textContent. */
(function () {
  "use strict";
  const K = window.CyberKG;
  const el = K.el;
  const nodesIn = K.readJSON("cyberkg-nodes");
  const edgesIn = K.readJSON("cyberkg-edges");
  const options = K.readJSON("cyberkg-options");
  const site = K.readJSON("cyberkg-site");
  const container = document.getElementById("network");
  const details = document.getElementById("details");
  const detailsBody = document.getElementById("details-body");
  const loading = document.getElementById("loading");

  /* Names are drawn by labelling below, not by vis-network. */
  const names = new Map();
  for (const n of nodesIn) {
    names.set(n.id, n.label);
    delete n.label;
  }
  const nodeById = new Map(nodesIn.map((n) => [n.id, n]));
  const edgeById = new Map(edgesIn.map((e) => [e.id, e]));
  const edgesOf = new Map();
  for (const e of edgesIn) {
    for (const end of [e.from, e.to]) {
      if (!edgesOf.has(end)) edgesOf.set(end, []);
      edgesOf.get(end).push(e);
    }
  }
  const byRank = nodesIn.slice().sort((a, b) => a.rank - b.rank).map((n) => n.id);

  /* ------------------------------------------------------------ state and the address */
  const controls = {
    area: document.getElementById("filter-area"),
    place: document.getElementById("filter-place"),
    from: document.getElementById("filter-from"),
    to: document.getElementById("filter-to"),
    undated: document.getElementById("filter-undated"),
    agreements: document.getElementById("filter-agreements"),
    isolated: document.getElementById("filter-isolated"),
    types: Array.from(document.querySelectorAll(".filter-type")),
  };
  const search = document.getElementById("search");
  const allTypes = controls.types.map((c) => c.value);
  let selection = "";
  let embed = false;

  function readState() {
    const types = controls.types.filter((c) => c.checked).map((c) => c.value);
    return {
      q: search.value.trim(),
      area: controls.area.value,
      place: controls.place.value,
      from: controls.from.value,
      to: controls.to.value,
      undated: controls.undated.checked,
      agreements: controls.agreements.checked,
      isolated: controls.isolated.checked,
      types: types.length === allTypes.length ? null : types,
      sel: selection,
    };
  }

  function stateToHash(s) {
    const p = new URLSearchParams();
    if (s.q) p.set("q", s.q);
    if (s.area) p.set("area", s.area);
    if (s.place) p.set("place", s.place);
    if (s.from) p.set("from", s.from);
    if (s.to) p.set("to", s.to);
    if (!s.undated) p.set("undated", "0");
    if (!s.agreements) p.set("agreements", "0");
    if (s.isolated) p.set("isolated", "1");
    if (s.types) p.set("types", s.types.join(","));
    if (s.sel) p.set("sel", s.sel);
    if (embed) p.set("embed", "1");
    return p.toString();
  }

  function hashToState(hash) {
    const raw = hash.replace(/^#/, "");
    if (raw && !raw.includes("=")) return { sel: decodeURIComponent(raw) }; // #kenya, as older links
    const p = new URLSearchParams(raw);
    const select = (box, value) => {
      if (value && Array.from(box.options).some((o) => o.value === value)) return value;
      return "";
    };
    const date = (v) => (/^\d{4}-\d{2}-\d{2}$/.test(v || "") ? v : "");
    return {
      q: p.get("q") || "",
      area: select(controls.area, p.get("area")),
      place: select(controls.place, p.get("place")),
      from: date(p.get("from")),
      to: date(p.get("to")),
      undated: p.get("undated") !== "0",
      agreements: p.get("agreements") !== "0",
      isolated: p.get("isolated") === "1",
      types: p.has("types") ? p.get("types").split(",").filter((t) => allTypes.includes(t)) : null,
      sel: p.get("sel") || "",
      embed: p.get("embed") === "1",
    };
  }

  function writeControls(s) {
    search.value = s.q || "";
    controls.area.value = s.area || "";
    controls.place.value = s.place || "";
    controls.from.value = s.from || "";
    controls.to.value = s.to || "";
    controls.undated.checked = s.undated !== false;
    controls.agreements.checked = s.agreements !== false;
    controls.isolated.checked = Boolean(s.isolated);
    controls.types.forEach((c) => { c.checked = !s.types || s.types.includes(c.value); });
  }

  function shareUrl(extra) {
    const base = window.location.href.split("#")[0];
    const hash = stateToHash(readState());
    const more = extra ? (hash ? hash + "&" + extra : extra) : hash;
    return base + (more ? "#" + more : "");
  }

  function remember() {
    const hash = stateToHash(readState());
    const url = window.location.href.split("#")[0] + (hash ? "#" + hash : "");
    try {
      window.history.replaceState(null, "", url);
    } catch (err) {
      /* some file:// set-ups refuse; the link box below still has the address */
    }
    document.getElementById("share-url").value = shareUrl();
    const code = document.getElementById("embed-code");
    code.value = embedCode();
  }

  function embedCode() {
    const url = shareUrl("embed=1").replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
    return '<iframe src="' + url + '" title="' + site.build.name +
      ': who cooperates with whom on cyber security" width="900" height="600" style="border:0" loading="lazy"></iframe>';
  }

  /* ------------------------------------------------------------ filters */
  function dateLow(d) {
    return d.length === 4 ? d + "-01-01" : d.length === 7 ? d + "-01" : d;
  }
  function dateHigh(d) {
    return d.length === 4 ? d + "-12-31" : d.length === 7 ? d + "-31" : d;
  }
  function inPlace(node, place) {
    if (!place || node.kind !== "organisation") return false;
    const cut = place.indexOf(":");
    const kind = place.slice(0, cut), value = place.slice(cut + 1);
    if (kind === "country") return node.country === value;
    const region = site.regions[value];
    return node.id === value || Boolean(region && node.country && region.countries.includes(node.country));
  }

  /* Which nodes and edges the state shows; also how many were left out only for having no date. */
  function visibility(s) {
    const types = new Set(s.types || allTypes);
    const dated = Boolean(s.from || s.to);
    let undated = 0;
    const spanOk = (span) => {
      if (!dated) return true;
      if (!span) return null; // undated
      return (!s.from || dateHigh(span[1]) >= s.from) && (!s.to || dateLow(span[0]) <= s.to);
    };
    const nodeOk = (n) =>
      n.kind === "agreement"
        ? s.agreements && (!s.area || (n.areas || []).includes(s.area))
        : types.has(n.orgType);
    const edgeFilter = Boolean(s.area || s.place || dated);
    const shownEdges = new Set();
    for (const e of edgesIn) {
      const a = nodeById.get(e.from), b = nodeById.get(e.to);
      if (!nodeOk(a) || !nodeOk(b)) continue;
      if (s.area && !(e.areas || []).includes(s.area)) continue;
      if (s.place && !(inPlace(a, s.place) || inPlace(b, s.place))) continue;
      if (!e.span) undated += 1; // counted whether or not a date filter is set
      const ok = spanOk(e.span);
      if (ok === null) {
        if (!s.undated) continue;
      } else if (!ok) continue;
      shownEdges.add(e.id);
    }
    const hasEdge = (id) => (edgesOf.get(id) || []).some((e) => shownEdges.has(e.id));
    const shownNodes = new Set();
    for (const n of nodesIn) {
      let show = nodeOk(n) && (!edgeFilter || hasEdge(n.id));
      if (!show && nodeOk(n) && s.place && !s.area && !dated && inPlace(n, s.place)) show = true;
      if (n.isolated && !s.isolated) show = false;
      if (n.isolated && s.isolated && nodeOk(n) && !s.area && !dated && (!s.place || inPlace(n, s.place))) show = true;
      if (show) shownNodes.add(n.id);
    }
    return { nodes: shownNodes, edges: shownEdges, undated: undated };
  }

  function filtered(s) {
    return Boolean(s.area || s.place || s.from || s.to || s.types || !s.agreements);
  }

  let current = null;
  function applyVisibility(vis_, dataSets) {
    const nodeUpdates = [], edgeUpdates = [];
    for (const n of nodesIn) {
      const hide = !vis_.nodes.has(n.id);
      if (Boolean(n.hidden) !== hide) {
        n.hidden = hide;
        nodeUpdates.push({ id: n.id, hidden: hide });
      }
    }
    for (const e of edgesIn) {
      const hide = !vis_.edges.has(e.id);
      if (Boolean(e.hidden) !== hide) {
        e.hidden = hide;
        edgeUpdates.push({ id: e.id, hidden: hide });
      }
    }
    if (dataSets) {
      if (nodeUpdates.length) dataSets.nodes.update(nodeUpdates);
      if (edgeUpdates.length) dataSets.edges.update(edgeUpdates);
    }
    current = vis_;
    let orgs = 0, totalOrgs = 0;
    for (const n of nodesIn) {
      if (n.kind !== "organisation") continue;
      totalOrgs += 1;
      if (vis_.nodes.has(n.id)) orgs += 1;
    }
    document.getElementById("counts").textContent =
      "Showing " + orgs.toLocaleString("en") + " of " + totalOrgs.toLocaleString("en") +
      " organisations and " + vis_.edges.size.toLocaleString("en") + " of " +
      edgesIn.length.toLocaleString("en") + " links.";
    document.getElementById("undated-count").textContent = vis_.undated.toLocaleString("en");
    document.getElementById("empty").hidden = vis_.nodes.size > 0;
  }

  /* First visibility before the first drawing, so it draws only what the state shows. */
  const initial = hashToState(window.location.hash);
  embed = Boolean(initial.embed);
  if (embed) document.body.classList.add("embed");
  writeControls(initial);
  applyVisibility(visibility(readState()), null);

  const nodes = new vis.DataSet(nodesIn);
  const edges = new vis.DataSet(edgesIn);
  const network = new vis.Network(container, { nodes: nodes, edges: edges }, options);

  /* ------------------------------------------------------------ labels */
  const LABEL_PX = 13, LABEL_H = 17, CELL = 48;
  const measure = document.createElement("canvas").getContext("2d");
  const FONT = "600 " + LABEL_PX + "px system-ui, 'DejaVu Sans', sans-serif";
  measure.font = FONT;
  const widths = new Map();
  function labelText(id) {
    const text = names.get(id) || id;
    return text.length > 42 ? text.slice(0, 40) + "…" : text;
  }
  function labelWidth(id) {
    if (!widths.has(id)) widths.set(id, Math.ceil(measure.measureText(labelText(id)).width) + 6);
    return widths.get(id);
  }
  let forced = [];
  let focus = null; // {keep: Set}
  let labelBoxes = [];

  function overlays() {
    const c = container.getBoundingClientRect();
    const out = [];
    for (const id of ["legend", "status", "counts", "empty"]) {
      const node = document.getElementById(id);
      if (!node || node.hidden || !node.offsetParent) continue;
      const r = node.getBoundingClientRect();
      if (!r.width || !r.height) continue;
      const box = { x: r.left - c.left, y: r.top - c.top, w: r.width, h: r.height };
      if (box.x < c.width && box.y < c.height && box.x + box.w > 0 && box.y + box.h > 0) out.push(box);
    }
    return out;
  }

  const TOP_LABELS = 8;
  const MIN_LABELS = 15; // fewer names than this, and names may lie over unnamed smaller nodes
  const DISC_MIN = 9; // px: nodes at least this large on screen keep names off them
  /* Candidate label boxes (x, y, displaced?) around a node at p with radius r. */
  function spots(p, r, w, rings, clampX) {
    const below = clampX(p.x - w / 2);
    const out = [
      [below, p.y + r + 1, false],
      [below, p.y - r - 1 - LABEL_H, false],
      [p.x + r + 2, p.y - LABEL_H / 2, false],
      [p.x - r - 2 - w, p.y - LABEL_H / 2, false],
    ];
    for (let k = 1; k <= rings; k++) {
      const d = k * LABEL_H;
      out.push(
        [below, p.y + r + 1 + d, true],
        [below, p.y - r - 1 - LABEL_H - d, true],
        [p.x + r + 2, p.y - LABEL_H / 2 + d, true],
        [p.x + r + 2, p.y - LABEL_H / 2 - d, true],
        [p.x - r - 2 - w, p.y - LABEL_H / 2 + d, true],
        [p.x - r - 2 - w, p.y - LABEL_H / 2 - d, true],
        [p.x + r + 2 + d, p.y - LABEL_H / 2, true],
        [p.x - r - 2 - w - d, p.y - LABEL_H / 2, true],
      );
    }
    return out;
  }

  function placeLabels() {
    const W = container.clientWidth, H = container.clientHeight;
    const budget = Math.max(15, Math.round((W * H) / 6500));
    const scale = network.getScale();
    const grid = new Map();
    const boxes = [];
    const blocked = overlays();
    const key = (i, j) => i * 100003 + j;
    function cells(b, fn) {
      for (let i = Math.floor(b.x / CELL); i <= Math.floor((b.x + b.w) / CELL); i++) {
        for (let j = Math.floor(b.y / CELL); j <= Math.floor((b.y + b.h) / CELL); j++) {
          if (fn(key(i, j)) === false) return false;
        }
      }
      return true;
    }
    const hit = (a, b) => a.x < b.x + b.w + 2 && b.x < a.x + a.w + 2 && a.y < b.y + b.h + 1 && b.y < a.y + a.h + 1;
    /* Large discs (on screen) are obstacles too: a name is not written across a node. */
    const discs = new Map();
    for (const n of nodesIn) {
      if (n.hidden || (focus && !focus.keep.has(n.id))) continue;
      const body = network.body.nodes[n.id];
      if (!body) continue;
      const r = ((body.shape && body.shape.radius) || body.options.size || 10) * scale;
      if (r < DISC_MIN) continue;
      const p = network.canvasToDOM({ x: body.x, y: body.y });
      if (p.x < -r || p.x > W + r || p.y < -r || p.y > H + r) continue;
      const d = { id: n.id, r: r, x: p.x - r * 0.8, y: p.y - r * 0.8, w: r * 1.6, h: r * 1.6 };
      cells(d, (k) => {
        if (!discs.has(k)) discs.set(k, []);
        discs.get(k).push(d);
      });
    }
    const touch = (a, b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
    /* over: true lets a name lie over any node, a function over the nodes it accepts */
    function free(b, over) {
      if (blocked.some((o) => hit(o, b))) return false;
      const crosses = (o) => o.id !== b.id && touch(o, b) && !(over === true || (over && over(o)));
      if (!cells(b, (k) => !(discs.get(k) || []).some(crosses))) return false;
      return cells(b, (k) => !(grid.get(k) || []).some((o) => hit(o, b)));
    }
    function add(b) {
      boxes.push(b);
      cells(b, (k) => {
        if (!grid.has(k)) grid.set(k, []);
        grid.get(k).push(b);
      });
    }
    /* A most connected organisation deep in a crowd (a hub is drawn large, amid its partners)
       has no free spot in the rings around it: look further out along rays, nearest first, and
       lead a line back to it; where large nodes leave no room anywhere, its name may lie over
       one, but never over another name. */
    const RAYS = 16;
    function farOut(id, p, r, w, clampX) {
      const tries = [];
      const reach = Math.hypot(W, H);
      for (let d = r + 6 * LABEL_H; d <= reach; d += LABEL_H) {
        for (let k = 0; k < RAYS; k++) {
          const a = (2 * Math.PI * k) / RAYS;
          const cx = p.x + Math.cos(a) * d, cy = p.y + Math.sin(a) * d;
          const x = Math.cos(a) >= 0 ? cx : cx - w; // the label's near end faces the node
          const b = { id: id, x: x, y: cy - LABEL_H / 2, w: w, h: LABEL_H, lead: [p.x, p.y] };
          if (b.x < 0 || b.x + b.w > W || b.y < 0 || b.y + b.h > H) continue;
          if (free(b)) return b;
          tries.push(b);
        }
      }
      const near = [{ id: id, x: clampX(p.x - w / 2), y: p.y + r + 1, w: w, h: LABEL_H, lead: null }];
      for (const b of near.concat(tries)) {
        if (b.x < 0 || b.x + b.w > W || b.y < 0 || b.y + b.h > H) continue;
        if (free(b, true)) return b;
      }
      return null;
    }
    const mustShow = new Set(forced);
    let important = 0; // organisations met so far, most connected first
    const order = forced.concat(focus ? byRank.filter((id) => focus.keep.has(id)) : [], byRank);
    const seen = new Set();
    for (const id of order) {
      if (seen.has(id)) continue;
      seen.add(id);
      if (boxes.length >= budget && !mustShow.has(id)) break;
      const n = nodeById.get(id);
      const body = network.body.nodes[id];
      if (!n || !body || n.hidden) continue;
      if (focus && !focus.keep.has(id)) continue;
      if (n.kind === "agreement" && scale < 1.2 && !mustShow.has(id) && !(focus && focus.keep.has(id))) continue;
      const p = network.canvasToDOM({ x: body.x, y: body.y });
      const r = ((body.shape && body.shape.radius) || body.options.size || 10) * scale;
      const w = labelWidth(id);
      if (p.x < -r || p.x > W + r || p.y < -r || p.y > H + r) continue; // off screen
      /* below the node, else above, right or left; the most connected may move further
         out (with a leader line) so that they are always named */
      const clampX = (x) => Math.max(0, Math.min(W - w, x));
      const top = mustShow.has(id) || important < TOP_LABELS;
      let chosen = null;
      for (const [x, y, lead] of spots(p, r, w, top ? 5 : 0, clampX)) {
        const b = { id: id, x: x, y: y, w: w, h: LABEL_H, lead: lead ? [p.x, p.y] : null };
        if (b.x < 0 || b.x + b.w > W || b.y < 0 || b.y + b.h > H) continue;
        if (mustShow.has(id) || free(b)) {
          chosen = b;
          break;
        }
      }
      if (!chosen && top) chosen = farOut(id, p, r, w, clampX);
      if (!chosen && mustShow.has(id)) {
        chosen = { id: id, x: clampX(p.x - w / 2), y: Math.max(0, Math.min(H - LABEL_H, p.y + r + 1)), w: w, h: LABEL_H, lead: null };
      }
      if (n.kind === "organisation") important += 1;
      if (chosen) add(chosen);
    }
    /* Zoomed into a crowd, every node is large on screen and no spot clears them all: then
       a name may lie over a node no larger than its own that has no name, beside its node,
       never over a named node nor over another name. */
    if (boxes.length < MIN_LABELS) {
      const named = new Set(boxes.map((b) => b.id));
      for (const id of order) {
        if (boxes.length >= budget) break;
        if (named.has(id)) continue;
        const n = nodeById.get(id);
        const body = network.body.nodes[id];
        if (!n || !body || n.hidden) continue;
        if (focus && !focus.keep.has(id)) continue;
        if (n.kind === "agreement" && scale < 1.2 && !(focus && focus.keep.has(id))) continue;
        const p = network.canvasToDOM({ x: body.x, y: body.y });
        const r = ((body.shape && body.shape.radius) || body.options.size || 10) * scale;
        if (p.x < 0 || p.x > W || p.y < 0 || p.y > H) continue;
        const w = labelWidth(id);
        const clampX = (x) => Math.max(0, Math.min(W - w, x));
        const over = (o) => o.r <= r && !named.has(o.id);
        for (const [x, y] of spots(p, r, w, 0, clampX)) {
          const b = { id: id, x: x, y: y, w: w, h: LABEL_H, lead: null };
          if (b.x < 0 || b.x + b.w > W || b.y < 0 || b.y + b.h > H) continue;
          if (free(b, over)) {
            add(b);
            named.add(id);
            break;
          }
        }
      }
    }
    labelBoxes = boxes;
  }

  network.on("afterDrawing", function (ctx) {
    placeLabels();
    const ratio = network.canvas.pixelRatio || window.devicePixelRatio || 1;
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.font = FONT;
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    ctx.lineJoin = "round";
    ctx.strokeStyle = "rgba(60,60,60,0.7)";
    ctx.lineWidth = 1;
    for (const b of labelBoxes) {
      if (!b.lead) continue;
      const tx = Math.max(b.x, Math.min(b.x + b.w, b.lead[0]));
      const ty = Math.max(b.y, Math.min(b.y + b.h, b.lead[1]));
      ctx.beginPath();
      ctx.moveTo(b.lead[0], b.lead[1]);
      ctx.lineTo(tx, ty);
      ctx.stroke();
    }
    for (const b of labelBoxes) {
      const text = labelText(b.id);
      ctx.lineWidth = 4;
      ctx.strokeStyle = "rgba(255,255,255,0.92)";
      ctx.strokeText(text, b.x + b.w / 2, b.y + 2);
      ctx.fillStyle = "#1a1a1a";
      ctx.fillText(text, b.x + b.w / 2, b.y + 2);
    }
    ctx.restore();
  });

  /* ------------------------------------------------------------ the view object (tests, exports) */
  const view = {
    network: network,
    settled: false,
    settledAt: null,
    visibleNodeIds: () => nodes.getIds({ filter: (n) => !n.hidden }),
    visibleEdgeIds: () => edges.getIds({ filter: (e) => !e.hidden }),
    drawnNodeCount: () => network.body.nodeIndices.length,
    drawnEdgeCount: () => network.body.edgeIndices.length,
    labelBoxes: () => labelBoxes.map((b) => ({ id: b.id, x: b.x, y: b.y, w: b.w, h: b.h })),
    labelText: labelText,
    names: names,
    state: readState,
    stateHash: () => stateToHash(readState()),
    focusedIds: () => (focus ? Array.from(focus.keep) : []),
    showEdge: showEdge,
    showNode: showNode,
    focus: focusOrg,
    focusEdge: focusEdge,
    clearFocus: clearFocus,
    apply: apply,
    nodeById: nodeById,
    edgeById: edgeById,
    site: site,
    isFaded: (id) => Boolean(focus && !focus.keep.has(id)),
  };
  window.cyberkgView = view;


  /* ------------------------------------------------------------ focus and fading */
  function fade(keep) {
    const nodeUpdates = [], edgeUpdates = [];
    for (const n of nodesIn) {
      const opacity = !keep || keep.has(n.id) ? 1 : 0.12;
      if ((n.opacity === undefined ? 1 : n.opacity) !== opacity) {
        n.opacity = opacity;
        nodeUpdates.push({ id: n.id, opacity: opacity });
      }
    }
    for (const e of edgesIn) {
      const opacity = !keep || (keep.has(e.from) && keep.has(e.to) && (!focus.edge || focus.edge === e.id || focus.centre === e.from || focus.centre === e.to)) ? 1 : 0.08;
      if ((e.color.opacity === undefined ? 1 : e.color.opacity) !== opacity) {
        e.color = Object.assign({}, e.color, { opacity: opacity });
        edgeUpdates.push({ id: e.id, color: e.color });
      }
    }
    if (nodeUpdates.length) nodes.update(nodeUpdates);
    if (edgeUpdates.length) edges.update(edgeUpdates);
  }

  function zoomTo(ids, animate, maxZoom) {
    const list = ids.filter((id) => nodeById.has(id) && !nodeById.get(id).hidden);
    if (!list.length) return;
    network.fit({
      nodes: list,
      maxZoomLevel: maxZoom || 1.6,
      animation: animate === false ? false : { duration: 450, easingFunction: "easeInOutQuad" },
    });
  }

  function focusOrg(id, opts) {
    const o = opts || {};
    if (!nodeById.has(id)) {
      if (site.orgs[id]) {
        clearDetails(site.orgs[id].name);
        detailsBody.appendChild(el("p", null, "Not drawn in the overview, which shows the most connected organisations."));
        detailsBody.appendChild(el("p", null)).appendChild(pageLink(id, "Open its page"));
        openSheet();
      }
      return false;
    }
    if (nodeById.get(id).hidden) {
      resetFilters(true);
      if (nodeById.get(id).isolated) controls.isolated.checked = true;
      applyVisibility(visibility(readState()), { nodes, edges });
    }
    const keep = new Set([id]);
    for (const e of edgesOf.get(id) || []) {
      if (!e.hidden) {
        keep.add(e.from);
        keep.add(e.to);
      }
    }
    focus = { keep: keep, centre: id };
    forced = [id];
    selection = id;
    fade(keep);
    network.selectNodes([id]);
    zoomTo(Array.from(keep), o.animate, keep.size === 1 ? 1.3 : 1.6);
    showNode(id);
    remember();
    return true;
  }

  function focusEdge(id, opts) {
    const e = edgeById.get(id);
    if (!e) return false;
    if (e.hidden) {
      resetFilters(true);
      applyVisibility(visibility(readState()), { nodes, edges });
    }
    const keep = new Set([e.from, e.to]);
    focus = { keep: keep, edge: id };
    forced = [e.from, e.to];
    selection = "edge:" + id;
    fade(keep);
    network.selectEdges([id]);
    zoomTo([e.from, e.to], (opts || {}).animate, 1.6);
    showEdge(id);
    remember();
    return true;
  }

  function clearFocus() {
    focus = null;
    forced = [];
    selection = "";
    fade(null);
    network.unselectAll();
    clearDetails("Details");
    detailsBody.appendChild(el("p", { class: "muted" }, "Click an organisation to focus it, a link to read its quotes."));
    closeSheet();
    remember();
  }

  function select(sel, opts) {
    if (sel.startsWith("edge:")) return focusEdge(sel.slice(5), opts);
    return focusOrg(sel, opts);
  }

  network.on("click", function (params) {
    if (params.nodes.length) focusOrg(params.nodes[0]);
    else if (params.edges.length) focusEdge(params.edges[0]);
    else if (focus) clearFocus();
  });
  network.on("hoverEdge", function (params) {
    if (!focus) showEdge(params.edge);
  });
  network.on("doubleClick", function (params) {
    if (!params.nodes.length) return;
    const node = nodeById.get(params.nodes[0]);
    if (node && node.page) window.location.href = node.page;
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape" && focus) clearFocus();
  });

  /* ------------------------------------------------------------ details panel (a bottom sheet on phones) */
  function openSheet() {
    details.classList.add("open");
  }
  function closeSheet() {
    details.classList.remove("open");
  }
  document.getElementById("details-close").addEventListener("click", function () {
    if (focus) clearFocus();
    else closeSheet();
  });

  function clearDetails(heading) {
    detailsBody.replaceChildren(el("h2", null, heading));
  }

  function pageLink(id, text) {
    const org = site.orgs[id];
    if (org) return el("a", { href: org.page }, text || org.name);
    const page = site.agreementPages[id];
    const agr = site.agreements[id];
    return page ? el("a", { href: page }, text || (agr ? agr.name : id)) : el("span", null, text || id);
  }

  function areaChips(areaIds) {
    const box = el("p", { class: "chips" });
    for (const id of areaIds || []) {
      const area = site.areas[id];
      box.appendChild(area ? el("a", { class: "chip", href: area.page }, area.label) : el("span", { class: "chip" }, id));
      box.appendChild(document.createTextNode(" "));
    }
    return box;
  }

  function spanText(span, source) {
    if (!span) return "Undated";
    const range = span[0] === span[1] ? span[0] : span[0] + " – " + span[1];
    return (source === "event" ? "Dated " : "Reported ") + range;
  }

  function showEdge(id) {
    const e = edgeById.get(id);
    if (!e) return;
    if (e.prop === "partyTo") {
      showAgreement(e.to);
      return;
    }
    const rel = site.relations[e.prop] || { label: e.prop };
    clearDetails(rel.label);
    const pair = el("p", { class: "pair" });
    pair.appendChild(pageLink(e.from));
    pair.appendChild(document.createTextNode(" — " + rel.label + " — "));
    pair.appendChild(pageLink(e.to));
    detailsBody.appendChild(pair);
    if (e.areas && e.areas.length) detailsBody.appendChild(areaChips(e.areas));
    detailsBody.appendChild(el("p", { class: "muted" }, spanText(e.span, e.dateSource)));
    if (e.permalink) {
      detailsBody.appendChild(el("p", null)).appendChild(el("a", { href: e.permalink, class: "permalink-text" }, "Permanent link to these quotes"));
    }
    detailsBody.appendChild(el("h3", null, "Quotes"));
    detailsBody.appendChild(K.quoteList(site.quotes[id], site.articles));
    openSheet();
  }

  function showAgreement(id) {
    const agr = site.agreements[id];
    if (!agr) return;
    clearDetails(agr.name);
    const dl = el("dl", { class: "facts-table" });
    const rows = [["Type", agr.type], ["Date", agr.date || "undated"], ["Place", agr.place || "not stated"]];
    for (const [k, v] of rows) {
      dl.appendChild(el("dt", null, k));
      dl.appendChild(el("dd", null, v));
    }
    dl.appendChild(el("dt", null, "Parties"));
    const parties = el("dd");
    agr.parties.forEach(function (p, i) {
      if (i) parties.appendChild(document.createTextNode(", "));
      parties.appendChild(pageLink(p));
    });
    dl.appendChild(parties);
    dl.appendChild(el("dt", null, "Areas"));
    const areas = el("dd");
    areas.appendChild(areaChips(agr.areas));
    dl.appendChild(areas);
    detailsBody.appendChild(dl);
    detailsBody.appendChild(el("p", null)).appendChild(pageLink(id, "Agreement page"));
    detailsBody.appendChild(el("h3", null, "Quotes"));
    detailsBody.appendChild(K.quoteList(site.quotes[id], site.articles));
    openSheet();
  }

  function showNode(id) {
    const node = nodeById.get(id);
    if (node && node.kind === "agreement") {
      showAgreement(id);
      return;
    }
    const org = site.orgs[id];
    if (!org) return;
    clearDetails(org.name);
    const facts = [site.types[org.type] || org.type];
    if (org.country && org.type !== "country") facts.push(org.country);
    facts.push(org.partners + (org.partners === 1 ? " partner" : " partners"));
    detailsBody.appendChild(el("p", null, facts.join(" · ")));
    detailsBody.appendChild(el("p", null)).appendChild(pageLink(id, "Open its page (neighbourhood, agreements, timeline)"));
    const list = el("ul", { class: "links" });
    for (const e of edgesOf.get(id) || []) {
      if (e.hidden) continue;
      const other = e.from === id ? e.to : e.from;
      const rel = site.relations[e.prop] || { label: e.prop, inverse: e.prop };
      /* Read from this organisation: "part of X" when it is the part, "has part X" when it is the whole. */
      const phrase = rel.symmetric || e.from === id ? rel.label : rel.inverse;
      const item = el("li");
      const button = el("button", { type: "button", class: "linklike" }, phrase);
      button.addEventListener("click", function () { focusEdge(e.id); });
      item.appendChild(button);
      item.appendChild(document.createTextNode(" "));
      item.appendChild(pageLink(other, (site.orgs[other] || site.agreements[other] || { name: other }).name));
      list.appendChild(item);
    }
    detailsBody.appendChild(list);
    openSheet();
  }

  /* ------------------------------------------------------------ search */
  const results = document.getElementById("search-results");
  const orgIds = Object.keys(site.orgs);

  function matches(text) {
    const q = text.trim().toLowerCase();
    if (!q) return [];
    const scored = [];
    for (const id of orgIds) {
      const org = site.orgs[id];
      const all = [org.name].concat(org.aliases || []);
      let best = -1;
      for (const n of all) {
        const s = n.toLowerCase();
        if (s === q) best = Math.max(best, 3);
        else if (s.startsWith(q)) best = Math.max(best, 2);
        else if (s.includes(q)) best = Math.max(best, 1);
      }
      if (best >= 0) scored.push([best, org.partners, org.name, id]);
    }
    scored.sort((a, b) => b[0] - a[0] || b[1] - a[1] || a[2].localeCompare(b[2]));
    return scored.slice(0, 8).map((s) => s[3]);
  }

  function listResults() {
    results.replaceChildren();
    const q = search.value.trim();
    if (!q) return [];
    const found = matches(q);
    if (!found.length) {
      results.appendChild(el("li", { class: "none" }, "No organisation matches “" + q + "”."));
      return found;
    }
    for (const id of found) {
      const item = el("li");
      const button = el("button", { type: "button", class: "result", "data-id": id }, site.orgs[id].name);
      button.addEventListener("click", function () { focusOrg(id); });
      item.appendChild(button);
      if (!nodeById.has(id)) item.appendChild(el("span", { class: "muted" }, " (own page only)"));
      results.appendChild(item);
    }
    return found;
  }
  search.addEventListener("input", function () {
    listResults();
    remember();
  });
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") {
      const found = listResults();
      if (found.length) focusOrg(found[0]);
    }
  });

  /* ------------------------------------------------------------ applying filters */
  function apply() {
    const s = readState();
    if (focus) {
      focus = null;
      forced = [];
      selection = "";
      fade(null);
      network.unselectAll();
    }
    applyVisibility(visibility(s), { nodes, edges });
    const shown = Array.from(current.nodes);
    if (shown.length) zoomTo(shown, true, 1.4);
    remember();
  }

  function resetFilters(quiet) {
    writeControls({ q: search.value });
    if (!quiet) apply();
  }

  for (const c of [controls.area, controls.place, controls.from, controls.to, controls.undated, controls.agreements, controls.isolated, ...controls.types]) {
    c.addEventListener("change", apply);
  }
  document.getElementById("filter-reset").addEventListener("click", function () { resetFilters(false); });
  document.getElementById("empty-reset").addEventListener("click", function () { resetFilters(false); });

  /* ------------------------------------------------------------ sharing and exports */
  const status = document.getElementById("share-status");
  document.getElementById("copy-link").addEventListener("click", function () {
    remember();
    const box = document.getElementById("share-url");
    const url = box.value;
    const done = () => { status.textContent = "Link copied."; };
    const manual = () => {
      box.focus();
      box.select();
      status.textContent = "Copy the selected link.";
    };
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(url).then(done, manual);
    else manual();
  });
  document.getElementById("show-embed").addEventListener("click", function (ev) {
    const box = document.getElementById("embed-box");
    box.hidden = !box.hidden;
    ev.currentTarget.setAttribute("aria-expanded", String(!box.hidden));
    remember();
  });
  document.getElementById("embed-open").href = shareUrl();
  const X = window.CyberKGExport;
  function describe() {
    const s = readState();
    const parts = [];
    if (s.area) parts.push((site.areas[s.area] || { label: s.area }).label);
    if (s.place) parts.push(controls.place.selectedOptions[0].textContent);
    if (s.from || s.to) parts.push((s.from || "…") + " to " + (s.to || "…"));
    if (s.types) parts.push(s.types.length + " of " + allTypes.length + " types");
    if (selection) parts.push("focus: " + (names.get(selection) || (edgeById.get(selection.slice(5)) ? names.get(edgeById.get(selection.slice(5)).from) + " – " + names.get(edgeById.get(selection.slice(5)).to) : selection)));
    return parts.length ? "View: " + parts.join("; ") : "View: everything";
  }
  const exporter = {
    network: network,
    container: container,
    site: site,
    names: names,
    labels: () => labelBoxes,
    labelText: labelText,
    nodes: nodesIn,
    edges: edgesIn,
    describe: describe,
    faded: view.isFaded,
  };
  view.exportCanvas = () => X.canvas(exporter);
  view.exportSvg = () => X.svg(exporter);
  view.exportCsv = () => X.csv(exporter);
  view.sourceLine = () => site.build.sourceLine + " · " + describe();
  document.getElementById("export-png").addEventListener("click", function () {
    X.canvas(exporter).toBlob(function (blob) { X.download(blob, "cyberkg-overview.png"); }, "image/png");
  });
  document.getElementById("export-svg").addEventListener("click", function () {
    X.download(new Blob([X.svg(exporter)], { type: "image/svg+xml" }), "cyberkg-overview.svg");
  });
  document.getElementById("export-csv").addEventListener("click", function () {
    X.download(new Blob([X.csv(exporter)], { type: "text/csv;charset=utf-8" }), "cyberkg-overview.csv");
  });

  /* An address edited by hand, or reached with Back, sets the view again. */
  window.addEventListener("hashchange", function () {
    const s = hashToState(window.location.hash);
    writeControls(s);
    if (focus) {
      focus = null;
      forced = [];
      fade(null);
      network.unselectAll();
    }
    selection = "";
    applyVisibility(visibility(readState()), { nodes, edges });
    listResults();
    if (s.sel) select(s.sel);
    else zoomTo(Array.from(current.nodes), true, 1.4);
    remember();
  });

  /* The first frame is the settled one: nothing moves after it. */
  network.fit({ animation: false, nodes: Array.from(current.nodes) });
  network.once("afterDrawing", function () {
    loading.hidden = true;
    view.settled = true;
    view.settledAt = performance.now();
    try {
      if (initial.q) listResults();
      if (initial.sel) select(initial.sel, { animate: false });
      remember();
    } finally {
      document.documentElement.dataset.settled = "true";
    }
  });
  network.redraw();
})();
