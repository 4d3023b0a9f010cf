// Page behaviour kept out of the HTML so a strict Content-Security-Policy needs no inline script.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    if (!window.htmx) { return; }
    // htmx swaps 4xx answers too: our 422 responses carry the form re-rendered with its errors.
    window.htmx.config.responseHandling = [
      { code: "204", swap: false },
      { code: "[23]..", swap: true },
      { code: "422", swap: true, error: false },
      { code: "[45]..", swap: false, error: true }
    ];
  });
  // A form marked data-reset-on-success="TARGET_ID" is cleared after it successfully swapped into that target.
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    if (!form || !form.dataset || !form.dataset.resetOnSuccess) { return; }
    if (event.detail.successful && event.detail.target && event.detail.target.id === form.dataset.resetOnSuccess) {
      form.reset();
    }
  });
  // Tell the user when a save failed for a reason other than their input (server or network).
  document.addEventListener("htmx:responseError", function (event) {
    var box = document.getElementById("htmx-error");
    if (box) { box.hidden = false; }
  });
  document.addEventListener("htmx:sendError", function () {
    var box = document.getElementById("htmx-error");
    if (box) { box.hidden = false; }
  });
})();
// Weight sliders show their value next to the label.
document.addEventListener("input", function (event) {
  var slider = event.target;
  if (!slider.classList || !slider.classList.contains("weight-slider")) { return; }
  var output = document.querySelector('output[data-output-for="' + slider.id + '"]');
  if (output) { output.textContent = slider.value; }
});
