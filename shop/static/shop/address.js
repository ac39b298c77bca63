/* The Vietnamese address form (templates/oscar/checkout/partials/address_fields.html).
 *
 * Works without this script: the buyer picks a province and presses "Choose commune
 * or ward" to get its communes. With it, changing the province presses that button
 * by itself, and a search box narrows the communes as one types (without tone marks:
 * "ban lien" finds "Xã Bản Liền").
 */
(function () {
  "use strict";

  function fold(text) {
    return text
      .replace(/đ/g, "d")
      .replace(/Đ/g, "D")
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .trim();
  }

  function narrowCommunes(box, select) {
    var wanted = fold(box.value);
    var first = null;
    Array.prototype.forEach.call(select.options, function (option) {
      if (!option.value) {
        return;
      }
      var shown = !wanted || fold(option.text).indexOf(wanted) !== -1;
      option.hidden = !shown;
      option.disabled = !shown && !option.selected;
      if (shown && first === null) {
        first = option;
      }
    });
    if (first && wanted && select.selectedOptions.length && select.selectedOptions[0].hidden) {
      select.value = first.value;
    }
  }

  function enhance(group) {
    var province = group.querySelector("select[name$=province]");
    var commune = group.querySelector("select[name$=commune]");
    var step = group.querySelector("[data-address-step]");
    if (!province || !commune || !step) {
      return;
    }
    province.addEventListener("change", function () {
      if (step.form.requestSubmit) {
        step.form.requestSubmit(step);
      } else {
        step.click();
      }
    });
    step.hidden = true;
    if (commune.options.length > 2) {
      var box = document.createElement("input");
      box.type = "search";
      box.className = "form-control ocop-address-filter";
      box.placeholder = commune.getAttribute("data-filter-placeholder") || "";
      box.setAttribute("aria-label", box.placeholder);
      box.setAttribute("aria-controls", commune.id);
      commune.parentNode.insertBefore(box, commune);
      box.addEventListener("input", function () {
        narrowCommunes(box, commune);
      });
    }
  }

  document.querySelectorAll("[data-address-places]").forEach(enhance);
})();
