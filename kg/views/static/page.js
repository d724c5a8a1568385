/* Content pages: a permalink to a relationship opens its quotes and shows its row. */
(function () {
  "use strict";
  function openTarget() {
    const id = decodeURIComponent(window.location.hash.slice(1));
    if (!id) return;
    const row = document.getElementById(id);
    if (!row) return;
    row.querySelectorAll("details").forEach(function (d) { d.open = true; });
    row.classList.add("targeted");
    row.scrollIntoView({ block: "center" });
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();
})();
