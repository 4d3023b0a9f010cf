// Draws every Plotly figure embedded on the page with Django's json_script.
// A chart container names its figure: <div class="chart" data-figure-id="ID"> and <script id="ID" type="application/json">.
// The container is a labelled role="group", not role="img": Plotly puts its buttons inside it, and an image may
// not contain controls (axe-core: nested-interactive).
(function () {
  "use strict";
  function drawAll(root) {
    if (!window.Plotly) { return; }
    root.querySelectorAll(".chart[data-figure-id]").forEach(function (node) {
      var source = document.getElementById(node.dataset.figureId);
      if (!source || node.dataset.drawn === "1") { return; }
      var figure = JSON.parse(source.textContent);
      window.Plotly.newPlot(node, figure.data, figure.layout, { responsive: true, displaylogo: false })
        .then(function () { node.dataset.drawn = "1"; node.classList.add("chart-ready"); });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  // Charts that arrive in htmx swaps (results panels, TCO progress) are drawn too.
  document.addEventListener("htmx:afterSettle", function (event) { drawAll(event.target); });
})();
