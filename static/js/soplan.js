// Small enhancements; every page works without them.
(function () {
  "use strict";
  // Step 2: show the running total of the 70-20-10 mix while typing.
  function updateMix() {
    var total = 0, any = false;
    ["id_mix_on_the_job", "id_mix_social", "id_mix_formal"].forEach(function (id) {
      var el = document.getElementById(id);
      if (el && el.value !== "") { total += parseInt(el.value, 10) || 0; any = true; }
    });
    var out = document.getElementById("mix-total");
    if (out) {
      out.textContent = any ? String(total) : "—";
      out.classList.toggle("text-danger", any && total !== 100);
    }
  }
  document.addEventListener("input", function (event) {
    if (event.target && /^id_mix_/.test(event.target.id)) { updateMix(); }
  });
  // Interventions: the units only matter for unit-level interventions.
  function toggleUnits() {
    var unit = document.querySelector('input[name="level"][value="unit"]');
    var box = document.getElementById("div_id_units");
    if (unit && box) { box.hidden = !unit.checked; }
  }
  // Step 4: a team wish names a unit; a comment does not.
  function toggleWishUnit() {
    var wish = document.querySelector('input[name="kind"][value="wish"]');
    var box = document.getElementById("unit-field");
    if (wish && box) { box.hidden = !wish.checked; }
  }
  document.addEventListener("change", function (event) {
    if (event.target && event.target.name === "level") { toggleUnits(); }
    if (event.target && event.target.name === "kind") { toggleWishUnit(); }
  });
  // Preview of formatted text (htmx): send what the field holds now as "text". Done here rather
  // than in an hx-vals "js:" expression, which htmx would have to eval and the CSP forbids.
  document.addEventListener("htmx:configRequest", function (event) {
    var source = event.detail.elt && event.detail.elt.getAttribute("data-preview-of");
    var field = source && document.getElementById(source);
    if (field) { event.detail.parameters.text = field.value; }
  });
  document.addEventListener("DOMContentLoaded", function () {
    updateMix();
    toggleUnits();
    toggleWishUnit();
    // Open the matrix tab when the address points at it.
    if (window.location.hash === "#matrix") {
      var tab = document.getElementById("matrix-tab");
      if (tab && window.bootstrap) { window.bootstrap.Tab.getOrCreateInstance(tab).show(); }
    }
  });
})();
