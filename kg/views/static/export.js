/* Exports of the overview as it is shown: a PNG and an SVG with the legend and a
   source line (site name, build date, article count), and a CSV of the links and
   organisations shown. Text goes into the SVG through textContent only. */
(function () {
  "use strict";
  const SVG_NS = "http://www.w3.org/2000/svg";
  const FONT = "system-ui, 'DejaVu Sans', sans-serif";

  function download(blob, name) {
    const url = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  /* Legend entries: [kind, colour, label, dashes]. */
  function legendItems(site) {
    const items = site.legend.types.map((t) => ["dot", t[2], t[1], null]);
    for (const r of site.legend.relations) items.push(["line", r[2], r[1], r[3]]);
    items.push(["diamond", site.legend.agreement[1], site.legend.agreement[0], null]);
    return items;
  }

  /* Lays legend entries out in rows of the given width; returns [x, y] per entry and the height. */
  function flow(items, width, measure) {
    const place = [];
    let x = 12, y = 8;
    for (const it of items) {
      const w = 26 + measure(it[2]) + 18;
      if (x + w > width - 12 && x > 12) {
        x = 12;
        y += 20;
      }
      place.push([x, y]);
      x += w;
    }
    return { place: place, height: y + 24 };
  }

  function dashOf(d) {
    return d === "dashed" ? [7, 5] : d === "dotted" ? [2, 4] : [];
  }

  function canvas(x) {
    const src = x.container.querySelector("canvas");
    const cssW = src.clientWidth, cssH = src.clientHeight;
    const ratio = src.width / Math.max(cssW, 1);
    const probe = document.createElement("canvas").getContext("2d");
    probe.font = "12px " + FONT;
    const items = legendItems(x.site);
    const legend = flow(items, cssW, (t) => probe.measureText(t).width);
    const footer = 26;
    const out = document.createElement("canvas");
    out.width = Math.round(cssW * ratio);
    out.height = Math.round((cssH + legend.height + footer) * ratio);
    const ctx = out.getContext("2d");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.drawImage(src, 0, 0);
    ctx.setTransform(ratio, 0, 0, ratio, 0, cssH * ratio);
    ctx.fillStyle = "#f4f6f8";
    ctx.fillRect(0, 0, cssW, legend.height + footer);
    ctx.font = "12px " + FONT;
    ctx.textBaseline = "middle";
    items.forEach(function (it, i) {
      const [lx, ly] = legend.place[i];
      const cy = ly + 8;
      ctx.fillStyle = it[1];
      ctx.strokeStyle = it[1];
      if (it[0] === "dot") {
        ctx.beginPath();
        ctx.arc(lx + 8, cy, 6, 0, 2 * Math.PI);
        ctx.fill();
      } else if (it[0] === "diamond") {
        ctx.beginPath();
        ctx.moveTo(lx + 8, cy - 6);
        ctx.lineTo(lx + 14, cy);
        ctx.lineTo(lx + 8, cy + 6);
        ctx.lineTo(lx + 2, cy);
        ctx.closePath();
        ctx.fill();
      } else {
        ctx.lineWidth = 2.5;
        ctx.setLineDash(dashOf(it[3]));
        ctx.beginPath();
        ctx.moveTo(lx, cy);
        ctx.lineTo(lx + 22, cy);
        ctx.stroke();
        ctx.setLineDash([]);
      }
      ctx.fillStyle = "#222222";
      ctx.fillText(it[2], lx + 26, cy);
    });
    ctx.fillStyle = "#1d2b36";
    ctx.fillRect(0, legend.height, cssW, footer);
    ctx.fillStyle = "#ffffff";
    ctx.font = "600 12px " + FONT;
    ctx.fillText(fit(ctx, x.site.build.sourceLine + " · " + x.describe(), cssW - 24), 12, legend.height + footer / 2);
    return out;
  }

  function fit(ctx, text, width) {
    if (ctx.measureText(text).width <= width) return text;
    let t = text;
    while (t.length > 10 && ctx.measureText(t + "…").width > width) t = t.slice(0, -1);
    return t + "…";
  }

  function svgEl(tag, attrs, text) {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function svg(x) {
    const net = x.network;
    const W = x.container.clientWidth, H = x.container.clientHeight;
    const scale = net.getScale();
    const items = legendItems(x.site);
    const legend = flow(items, W, (t) => t.length * 6.6);
    const footer = 26;
    const root = svgEl("svg", {
      xmlns: SVG_NS,
      width: W,
      height: H + legend.height + footer,
      viewBox: "0 0 " + W + " " + (H + legend.height + footer),
      "font-family": FONT,
    });
    root.appendChild(svgEl("title", {}, x.site.build.name + " overview"));
    root.appendChild(svgEl("rect", { x: 0, y: 0, width: W, height: H + legend.height + footer, fill: "#ffffff" }));
    const pos = (id) => {
      const b = net.body.nodes[id];
      return net.canvasToDOM({ x: b.x, y: b.y });
    };
    const g = svgEl("g", { id: "links" });
    for (const e of x.edges) {
      if (e.hidden || !net.body.nodes[e.from] || !net.body.nodes[e.to]) continue;
      const a = pos(e.from), b = pos(e.to);
      const line = svgEl("line", {
        x1: a.x.toFixed(1), y1: a.y.toFixed(1), x2: b.x.toFixed(1), y2: b.y.toFixed(1),
        stroke: e.color.color, "stroke-width": 1.5,
        "stroke-opacity": e.color.opacity === undefined ? 0.9 : e.color.opacity,
      });
      if (e.dashes) line.setAttribute("stroke-dasharray", e.dashes.join(" "));
      g.appendChild(line);
    }
    root.appendChild(g);
    const gn = svgEl("g", { id: "nodes" });
    for (const n of x.nodes) {
      if (n.hidden) continue;
      const body = net.body.nodes[n.id];
      if (!body) continue;
      const p = pos(n.id);
      const r = Math.max(2, ((body.shape && body.shape.radius) || body.options.size || 10) * scale);
      const opacity = n.opacity === undefined ? 1 : n.opacity;
      const colour = typeof n.color === "string" ? n.color : (n.color && n.color.background) || "#999999";
      let shape;
      if (n.kind === "agreement") {
        shape = svgEl("polygon", {
          points: [[p.x, p.y - r], [p.x + r, p.y], [p.x, p.y + r], [p.x - r, p.y]].map((q) => q[0].toFixed(1) + "," + q[1].toFixed(1)).join(" "),
          fill: colour, "fill-opacity": opacity,
        });
      } else {
        shape = svgEl("circle", { cx: p.x.toFixed(1), cy: p.y.toFixed(1), r: r.toFixed(1), fill: colour, "fill-opacity": opacity, stroke: "#ffffff", "stroke-width": 0.8 });
      }
      shape.appendChild(svgEl("title", {}, x.names.get(n.id) || n.id));
      gn.appendChild(shape);
    }
    root.appendChild(gn);
    const gl = svgEl("g", { id: "labels", "font-size": 13, "font-weight": 600, "text-anchor": "middle" });
    for (const b of x.labels()) {
      gl.appendChild(svgEl("text", {
        x: (b.x + b.w / 2).toFixed(1), y: (b.y + 14).toFixed(1),
        fill: "#1a1a1a", stroke: "#ffffff", "stroke-width": 3, "paint-order": "stroke",
      }, x.labelText(b.id)));
    }
    root.appendChild(gl);
    const gk = svgEl("g", { id: "legend", transform: "translate(0," + H + ")", "font-size": 12 });
    gk.appendChild(svgEl("rect", { x: 0, y: 0, width: W, height: legend.height, fill: "#f4f6f8" }));
    items.forEach(function (it, i) {
      const [lx, ly] = legend.place[i];
      const cy = ly + 8;
      if (it[0] === "dot") gk.appendChild(svgEl("circle", { cx: lx + 8, cy: cy, r: 6, fill: it[1] }));
      else if (it[0] === "diamond") gk.appendChild(svgEl("polygon", { points: `${lx + 8},${cy - 6} ${lx + 14},${cy} ${lx + 8},${cy + 6} ${lx + 2},${cy}`, fill: it[1] }));
      else {
        const line = svgEl("line", { x1: lx, y1: cy, x2: lx + 22, y2: cy, stroke: it[1], "stroke-width": 2.5 });
        if (it[3]) line.setAttribute("stroke-dasharray", dashOf(it[3]).join(" "));
        gk.appendChild(line);
      }
      gk.appendChild(svgEl("text", { x: lx + 26, y: cy + 4, fill: "#222222" }, it[2]));
    });
    root.appendChild(gk);
    const foot = svgEl("g", { id: "source", transform: "translate(0," + (H + legend.height) + ")" });
    foot.appendChild(svgEl("rect", { x: 0, y: 0, width: W, height: footer, fill: "#1d2b36" }));
    foot.appendChild(svgEl("text", { x: 12, y: 17, fill: "#ffffff", "font-size": 12, "font-weight": 600 }, x.site.build.sourceLine + " · " + x.describe()));
    root.appendChild(foot);
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(root);
  }

  /* A cell as CSV: quoted, and never read as a formula by a spreadsheet. */
  function cell(value) {
    let text = value === null || value === undefined ? "" : String(value);
    if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;
    return '"' + text.replace(/"/g, '""') + '"';
  }

  function csv(x) {
    const rels = x.site.relations;
    const rows = [["source", "relationship", "target", "target kind", "areas", "first date", "last date", "date source", "articles", "source page", "permalink"]];
    const page = (id) => (x.site.orgs[id] ? x.site.orgs[id].page : x.site.agreementPages[id] || "");
    const linked = new Set();
    for (const e of x.edges) {
      if (e.hidden) continue;
      linked.add(e.from);
      linked.add(e.to);
      const target = x.site.orgs[e.to] ? "organisation" : "agreement";
      rows.push([
        x.names.get(e.from) || e.from,
        (rels[e.prop] || { label: e.prop }).label,
        x.names.get(e.to) || e.to,
        target,
        (e.areas || []).join("; "),
        e.span ? e.span[0] : "",
        e.span ? e.span[1] : "",
        e.dateSource || (e.span ? "event" : ""),
        e.articles === undefined ? "" : e.articles,
        page(e.from),
        e.permalink || page(e.to),
      ]);
    }
    for (const n of x.nodes) {
      if (n.hidden || linked.has(n.id) || n.kind !== "organisation") continue;
      rows.push([x.names.get(n.id) || n.id, "", "", "", "", "", "", "", "", page(n.id), ""]);
    }
    return "\ufeff" + rows.map((r) => r.map(cell).join(",")).join("\r\n") + "\r\n";
  }

  window.CyberKGExport = { download: download, canvas: canvas, svg: svg, csv: csv };
})();
