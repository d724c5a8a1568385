/* An organisation's neighbourhood on its page: laid out once, then still. */
(function () {
  "use strict";
  const K = window.CyberKG;
  const data = K.readJSON("cyberkg-ego");
  const container = document.getElementById("ego");
  if (!data || !container || typeof vis === "undefined") return;
  const nodes = new vis.DataSet(data.nodes);
  const edges = new vis.DataSet(data.edges);
  const network = new vis.Network(container, { nodes, edges }, {
    layout: { randomSeed: 7, improvedLayout: data.nodes.length <= 150 },
    physics: {
      solver: "forceAtlas2Based",
      forceAtlas2Based: { gravitationalConstant: -60, springLength: 110, avoidOverlap: 0.3 },
      stabilization: { iterations: 300, fit: true },
    },
    nodes: { font: { size: 14 }, scaling: { min: 10, max: 26 } },
    edges: { smooth: false, width: 1.5 },
    interaction: { hover: true, tooltipDelay: 120 },
  });
  window.cyberkgEgo = { network: network, settled: false };
  const settle = K.freezeWhenStable(network, function () {
    window.cyberkgEgo.settled = true;
    document.documentElement.dataset.settled = "true";
  });
  if (!data.nodes.length) settle();
  network.on("doubleClick", function (params) {
    if (params.nodes.length) {
      const node = nodes.get(params.nodes[0]);
      if (node && node.page) window.location.href = node.page;
    }
  });
})();
