// Year plan editor: show the total and what is still to assign while typing. The server
// computes and checks the same (budgets.models.YearPlanLine); this is only a guide.
(function () {
  "use strict";
  function value(form, name) {
    var el = form.querySelector('[name="' + name + '"]');
    if (!el || el.value === "") { return 0; }
    var v = parseFloat(String(el.value).replace(",", "."));
    return isNaN(v) ? 0 : v;
  }
  function cents(x) { return Math.round((x + (x >= 0 ? 1e-9 : -1e-9)) * 100) / 100; }
  function money(x) {
    var lang = document.documentElement.lang || "nl";
    return new Intl.NumberFormat(lang === "en" ? "en-GB" : "nl-NL", { style: "currency", currency: "EUR" }).format(x);
  }
  function put(form, selector, text, danger) {
    var el = form.querySelector(selector);
    if (el) { el.textContent = text; el.classList.toggle("text-danger", Boolean(danger)); }
  }
  function update(form) {
    if (!form.querySelector('[name="participants"]')) { return; }
    var p = value(form, "participants");
    var total = cents(cents(p * value(form, "cost_per_participant")) +
      cents(p * value(form, "replacement_hours") * value(form, "hourly_rate")) + cents(value(form, "other_costs")));
    var funded = 0, any = false;
    form.querySelectorAll("[data-funding]").forEach(function (el) {
      var v = parseFloat(String(el.value).replace(",", "."));
      if (!isNaN(v) && v !== 0) { funded += v; any = true; }
    });
    funded = cents(funded);
    var rest = cents(total - funded);
    put(form, "[data-line-total]", money(total));
    put(form, "[data-line-funded]", money(funded));
    put(form, "[data-line-rest]", money(rest), any && rest !== 0);
  }
  function updateAll() { document.querySelectorAll("form[data-line-form]").forEach(update); }
  document.addEventListener("input", function (event) {
    var form = event.target && event.target.closest ? event.target.closest("form[data-line-form]") : null;
    if (form) { update(form); }
  });
  // "Assign the rest here": put what is still unassigned on this source.
  document.addEventListener("click", function (event) {
    var button = event.target && event.target.closest ? event.target.closest("[data-fill-rest]") : null;
    if (!button) { return; }
    var form = button.closest("form[data-line-form]");
    var input = form && form.querySelector('[name="' + button.getAttribute("data-fill-rest") + '"]');
    if (!input) { return; }
    event.preventDefault();
    var p = value(form, "participants");
    var total = cents(cents(p * value(form, "cost_per_participant")) +
      cents(p * value(form, "replacement_hours") * value(form, "hourly_rate")) + cents(value(form, "other_costs")));
    var others = 0;
    form.querySelectorAll("[data-funding]").forEach(function (el) {
      if (el !== input) { var v = parseFloat(String(el.value).replace(",", ".")); if (!isNaN(v)) { others += v; } }
    });
    var rest = cents(total - others);
    input.value = rest > 0 ? rest.toFixed(2) : "";
    update(form);
    input.focus();
  });
  document.addEventListener("DOMContentLoaded", updateAll);
  document.addEventListener("htmx:afterSettle", updateAll);
})();
