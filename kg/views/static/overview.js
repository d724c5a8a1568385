/* The overview: draw the network once, freeze it, then filter, search and show
   provenance. Every string from the data goes into the page via textContent. */
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
  const loading = document.getElementById("loading");

  const nodeById = new Map(nodesIn.map((n) => [n.id, n]));
  const edgeById = new Map(edgesIn.map((e) => [e.id, e]));
  const edgesOf = new Map();
  for (const e of edgesIn) {
    for (const end of [e.from, e.to]) {
      if (!edgesOf.has(end)) edgesOf.set(end, []);
      edgesOf.get(end).push(e);
    }
  }
  const nodes = new vis.DataSet(nodesIn);
  const edges = new vis.DataSet(edgesIn);
  const network = new vis.Network(container, { nodes: nodes, edges: edges }, options);

  const view = {
    network: network,
    settled: false,
    settledAt: null,
    visibleNodeIds: () => nodes.getIds({ filter: (n) => !n.hidden }),
    visibleEdgeIds: () => edges.getIds({ filter: (e) => !e.hidden }),
    drawnNodeCount: () => network.body.nodeIndices.length,
    drawnEdgeCount: () => network.body.edgeIndices.length,
    showEdge: showEdge,
    showNode: showNode,
    focus: focusOrg,
    apply: apply,
  };
  window.cyberkgView = view;

  network.on("stabilizationProgress", function (p) {
    const pct = document.getElementById("loading-pct");
    if (pct) pct.textContent = String(Math.round((100 * p.iterations) / Math.max(p.total, 1)));
  });
  const settle = K.freezeWhenStable(network, function () {
    loading.hidden = true;
    view.settled = true;
    view.settledAt = performance.now();
    document.documentElement.dataset.settled = "true";
    const wanted = decodeURIComponent(window.location.hash.slice(1));
    if (wanted) focusOrg(wanted);
  });
  if (!nodesIn.length) settle();

  /* A click pins the details panel; hovering a link previews its quotes while nothing is pinned. */
  let pinned = false;
  network.on("click", function (params) {
    pinned = Boolean(params.nodes.length || params.edges.length);
    if (params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
  });
  network.on("hoverEdge", function (params) {
    if (!pinned) showEdge(params.edge);
  });
  network.on("doubleClick", function (params) {
    if (!params.nodes.length) return;
    const node = nodeById.get(params.nodes[0]);
    if (node && node.page) window.location.href = node.page;
  });

  /* ------------------------------------------------------------ details panel */
  function clearDetails(heading) {
    details.replaceChildren(el("h2", null, heading));
  }

  function pageLink(id, text) {
    const org = site.orgs[id];
    if (org) return el("a", { href: org.page }, text || org.name);
    const page = site.agreementPages[id];
    return page ? el("a", { href: page }, text || id) : el("span", null, text || id);
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
    details.appendChild(pair);
    if (e.areas && e.areas.length) details.appendChild(areaChips(e.areas));
    if (e.dates && e.dates.length) {
      const first = e.dates[0], last = e.dates[e.dates.length - 1];
      details.appendChild(el("p", { class: "muted" }, "Reported " + (first === last ? first : first + " – " + last)));
    }
    details.appendChild(el("h3", null, "Quotes"));
    details.appendChild(K.quoteList(site.quotes[id], site.articles));
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
    details.appendChild(dl);
    details.appendChild(el("p", null)).appendChild(pageLink(id, "Agreement page"));
    details.appendChild(el("h3", null, "Quotes"));
    details.appendChild(K.quoteList(site.quotes[id], site.articles));
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
    details.appendChild(el("p", null, facts.join(" · ")));
    details.appendChild(el("p", null)).appendChild(pageLink(id, "Open its page (neighbourhood, agreements, timeline)"));
    const list = el("ul", { class: "links" });
    for (const e of edgesOf.get(id) || []) {
      const other = e.from === id ? e.to : e.from;
      const item = el("li");
      const button = el("button", { type: "button", class: "linklike" }, (site.relations[e.prop] || {}).label || e.prop);
      button.addEventListener("click", function () {
        network.selectEdges([e.id]);
        showEdge(e.id);
      });
      item.appendChild(button);
      item.appendChild(document.createTextNode(" "));
      item.appendChild(pageLink(other, (site.orgs[other] || site.agreements[other] || { name: other }).name));
      list.appendChild(item);
    }
    details.appendChild(list);
  }

  /* ------------------------------------------------------------ search */
  const search = document.getElementById("search");
  const results = document.getElementById("search-results");
  const orgIds = Object.keys(site.orgs);

  function matches(text) {
    const q = text.trim().toLowerCase();
    if (!q) return [];
    const scored = [];
    for (const id of orgIds) {
      const org = site.orgs[id];
      const names = [org.name].concat(org.aliases || []);
      let best = -1;
      for (const n of names) {
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
    for (const id of matches(search.value)) {
      const item = el("li");
      const button = el("button", { type: "button", class: "result", "data-id": id }, site.orgs[id].name);
      button.addEventListener("click", function () { focusOrg(id); });
      item.appendChild(button);
      if (!nodeById.has(id)) item.appendChild(el("span", { class: "muted" }, " (own page only)"));
      results.appendChild(item);
    }
  }

  function focusOrg(id) {
    if (!nodeById.has(id)) {
      if (site.orgs[id]) {
        clearDetails(site.orgs[id].name);
        details.appendChild(el("p", null, "Not drawn in the overview, which shows the most connected organisations."));
        details.appendChild(el("p", null)).appendChild(pageLink(id, "Open its page"));
      }
      return false;
    }
    if (nodes.get(id).hidden) resetFilters();
    pinned = true;
    network.selectNodes([id]);
    network.focus(id, { scale: 1.3, animation: { duration: 400, easingFunction: "easeInOutQuad" } });
    showNode(id);
    return true;
  }
  search.addEventListener("input", listResults);
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") {
      const first = matches(search.value)[0];
      if (first) focusOrg(first);
    }
  });

  /* ------------------------------------------------------------ filters */
  const controls = {
    area: document.getElementById("filter-area"),
    place: document.getElementById("filter-place"),
    from: document.getElementById("filter-from"),
    to: document.getElementById("filter-to"),
    agreements: document.getElementById("filter-agreements"),
    types: Array.from(document.querySelectorAll(".filter-type")),
  };

  function dateLow(d) {
    return d.length === 4 ? d + "-01-01" : d.length === 7 ? d + "-01" : d;
  }
  function dateHigh(d) {
    return d.length === 4 ? d + "-12-31" : d.length === 7 ? d + "-31" : d;
  }

  function inPlace(node, place) {
    if (!place || node.kind !== "organisation") return false;
    const [kind, value] = [place.slice(0, place.indexOf(":")), place.slice(place.indexOf(":") + 1)];
    if (kind === "country") return node.country === value;
    const region = site.regions[value];
    return node.id === value || Boolean(region && node.country && region.countries.includes(node.country));
  }

  function apply() {
    const s = {
      area: controls.area.value,
      place: controls.place.value,
      from: controls.from.value,
      to: controls.to.value,
      agreements: controls.agreements.checked,
      types: new Set(controls.types.filter((c) => c.checked).map((c) => c.value)),
    };
    const datesOk = (dates) =>
      !(s.from || s.to) ||
      (dates || []).some((d) => (!s.from || dateHigh(d) >= s.from) && (!s.to || dateLow(d) <= s.to));
    const nodeOk = (n) =>
      n.kind === "agreement"
        ? s.agreements && (!s.area || (n.areas || []).includes(s.area)) && datesOk(n.dates)
        : s.types.has(n.orgType);
    const edgeFilter = Boolean(s.area || s.place || s.from || s.to);
    const shownEdges = new Set();
    for (const e of edgesIn) {
      const a = nodeById.get(e.from), b = nodeById.get(e.to);
      if (!nodeOk(a) || !nodeOk(b)) continue;
      if (s.area && !(e.areas || []).includes(s.area)) continue;
      if (!datesOk(e.dates)) continue;
      if (s.place && !(inPlace(a, s.place) || inPlace(b, s.place))) continue;
      shownEdges.add(e.id);
    }
    const hasEdge = (id) => (edgesOf.get(id) || []).some((e) => shownEdges.has(e.id));
    const nodeUpdates = [];
    let shownOrgs = 0, totalOrgs = 0;
    for (const n of nodesIn) {
      let show = nodeOk(n) && (!edgeFilter || hasEdge(n.id));
      if (!show && nodeOk(n) && s.place && !s.area && !s.from && !s.to && inPlace(n, s.place)) show = true;
      if (n.kind === "organisation") {
        totalOrgs += 1;
        if (show) shownOrgs += 1;
      }
      if (Boolean(n.hidden) === show) {
        n.hidden = !show;
        nodeUpdates.push({ id: n.id, hidden: !show });
      }
    }
    const edgeUpdates = [];
    for (const e of edgesIn) {
      const show = shownEdges.has(e.id);
      if (Boolean(e.hidden) === show) {
        e.hidden = !show;
        edgeUpdates.push({ id: e.id, hidden: !show });
      }
    }
    if (nodeUpdates.length) nodes.update(nodeUpdates);
    if (edgeUpdates.length) edges.update(edgeUpdates);
    document.getElementById("counts").textContent =
      "Showing " + shownOrgs.toLocaleString("en") + " of " + totalOrgs.toLocaleString("en") +
      " organisations and " + shownEdges.size.toLocaleString("en") + " of " +
      edgesIn.length.toLocaleString("en") + " links.";
  }

  function resetFilters() {
    controls.area.value = "";
    controls.place.value = "";
    controls.from.value = "";
    controls.to.value = "";
    controls.agreements.checked = true;
    controls.types.forEach((c) => { c.checked = true; });
    apply();
  }

  for (const c of [controls.area, controls.place, controls.from, controls.to, controls.agreements, ...controls.types]) {
    c.addEventListener("change", apply);
  }
  document.getElementById("filter-reset").addEventListener("click", resetFilters);
  apply();
})();
