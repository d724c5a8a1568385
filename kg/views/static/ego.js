/* An organisation's neighbourhood on its page: positions come with the page, so it
   draws at once and stays still. */
(function () {
  "use strict";
  const K = window.CyberKG;
  const data = K.readJSON("cyberkg-ego");
  const container = document.getElementById("ego");
  if (!data || !container || typeof vis === "undefined") return;
  const nodes = new vis.DataSet(data.nodes);
  const edges = new vis.DataSet(data.edges);
  const network = new vis.Network(container, { nodes, edges }, {
    layout: { randomSeed: 7, improvedLayout: false },
    physics: { enabled: false },
    nodes: { font: { size: 14, strokeWidth: 3, strokeColor: "#ffffff" }, scaling: { min: 10, max: 26 } },
    edges: { smooth: false, width: 1.5 },
    interaction: { hover: true, tooltipDelay: 120, keyboard: { enabled: true, bindToWindow: false } },
  });
  window.cyberkgEgo = { network: network, settled: false };
  network.once("afterDrawing", function () {
    window.cyberkgEgo.settled = true;
    document.documentElement.dataset.settled = "true";
  });
  network.fit({ animation: false });
  network.redraw();
  network.on("doubleClick", function (params) {
    if (params.nodes.length) {
      const node = nodes.get(params.nodes[0]);
      if (node && node.page) window.location.href = node.page;
    }
  });
})();
