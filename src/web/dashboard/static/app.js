// The dashboard works without this file; it only adds a print button and confirmations.
document.addEventListener("click", function (event) {
  var target = event.target instanceof Element ? event.target.closest("[data-print],[data-confirm]") : null;
  if (!target) return;
  if (target.hasAttribute("data-print")) {
    event.preventDefault();
    window.print();
  } else if (!window.confirm(target.getAttribute("data-confirm") || "")) {
    event.preventDefault();
  }
});
