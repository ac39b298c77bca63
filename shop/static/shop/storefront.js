/* Small improvements on top of pages that work without it (loaded with defer).
   - On a desktop the product filters are open beside the results (on a phone they
     stay a closed sheet until the buyer opens it).
   - The product gallery's "1/5" counter follows the swipe.
   - An open menu closes when the buyer taps elsewhere or presses Escape.
   - A message's close button works on pages without Bootstrap. */
(function () {
  "use strict";
  var wide = window.matchMedia("(min-width: 768px)");
  function openFiltersOnDesktop() {
    var box = document.getElementById("ocop-filters-box");
    if (box && wide.matches) box.setAttribute("open", "");
  }
  openFiltersOnDesktop();

  document.querySelectorAll("[data-gallery]").forEach(function (gallery) {
    var slides = gallery.querySelector(".pdp-slides");
    var counter = gallery.querySelector("[data-gallery-index]");
    if (!slides || !counter) return;
    slides.addEventListener("scroll", function () {
      var index = Math.round(slides.scrollLeft / slides.clientWidth) + 1;
      counter.textContent = String(index);
    }, { passive: true });
  });

  function closeMenus(except) {
    document.querySelectorAll("details.menu[open]").forEach(function (menu) {
      if (menu !== except) menu.removeAttribute("open");
    });
  }
  document.addEventListener("click", function (event) {
    closeMenus(event.target.closest ? event.target.closest("details.menu") : null);
  });
  // Messages close with their "×" where Bootstrap is not loaded (lean pages).
  document.addEventListener("click", function (event) {
    var close = event.target.closest && event.target.closest("[data-dismiss=alert]");
    if (close && !window.jQuery) {
      event.preventDefault();
      var alert = close.closest(".alert");
      if (alert) alert.remove();
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") closeMenus(null);
  });
})();
