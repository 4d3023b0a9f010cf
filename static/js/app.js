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
// A signed-in page restored from the back/forward cache shows the page as it was when left: answers saved,
// runs finished or colleagues' edits since then are missing. Ask the server again (outsourcing/freshness.py).
window.addEventListener("pageshow", function (event) {
  if (event.persisted && document.body && document.body.dataset.signedIn === "1") { window.location.reload(); }
});
// The questionnaire's functions are collapsible (<details>): a link to one (the list of functions, "Next", the
// review page's "answer" links) opens it, also when the page is opened at that address.
function openCard(id) {
  var card = id && document.getElementById(id);
  if (card && card.tagName === "DETAILS" && !card.open) { card.open = true; }
}
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("a[data-open-card]");
  if (!link) { return; }
  // "Next" inside a finished function folds it away, so the page stays as short as the work left.
  var current = link.closest("details.function-card");
  if (current && current.id !== link.dataset.openCard) { current.open = false; }
  openCard(link.dataset.openCard);
});
document.addEventListener("DOMContentLoaded", function () {
  if (window.location.hash) { openCard(decodeURIComponent(window.location.hash.slice(1))); }
});
// "Saved ✓" says so for a moment, then goes (the CSS fades it; here it leaves the page, so no row keeps one).
document.addEventListener("animationend", function (event) {
  if (event.target.classList && event.target.classList.contains("flash")) { event.target.remove(); }
});
// Weight sliders show their value next to the label.
document.addEventListener("input", function (event) {
  var slider = event.target;
  if (!slider.classList || !slider.classList.contains("weight-slider")) { return; }
  var output = document.querySelector('output[data-output-for="' + slider.id + '"]');
  if (output) { output.textContent = slider.value; }
});
