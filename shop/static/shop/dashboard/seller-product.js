/* The seller's product form, improved where scripts run (it works without them):
   - a search box over long lists (categories, communes), matching without tone marks;
   - the commune list follows the chosen province without reloading the page;
   - photos are shrunk in the browser before they are sent (slow mobile networks);
   - the error summary takes the focus so that it is read first. */
(function () {
  "use strict";
  var form = document.getElementById("seller-product-form");
  if (!form) { return; }

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }

  function addFilter(select) {
    var box = document.createElement("input");
    box.type = "search";
    box.className = "form-control seller-filter";
    box.placeholder = select.getAttribute("data-filter-label");
    box.setAttribute("aria-label", select.getAttribute("data-filter-label"));
    box.setAttribute("aria-controls", select.id);
    select.parentNode.insertBefore(box, select);
    box.addEventListener("input", function () {
      var wanted = fold(box.value.trim());
      var first = null;
      Array.prototype.forEach.call(select.options, function (option) {
        var shown = !option.value || fold(option.text).indexOf(wanted) !== -1;
        option.hidden = !shown;
        if (shown && option.value && first === null) { first = option; }
      });
      if (wanted && first && (select.selectedIndex < 1 || select.options[select.selectedIndex].hidden)) {
        select.value = first.value;
      }
    });
  }
  Array.prototype.forEach.call(form.querySelectorAll("select[data-filter-label]"), addFilter);

  var refresh = form.querySelector(".seller-communes-refresh");
  var province = document.getElementById("id_origin_province");
  var commune = document.getElementById("id_origin_commune");
  if (refresh && province && commune && window.fetch) {
    refresh.hidden = true;
    var shownProvince = province.value;
    province.addEventListener("change", function () {
      if (province.value === shownProvince) { return; }
      shownProvince = province.value;
      var url = refresh.getAttribute("data-communes-url") + "?province=" + encodeURIComponent(province.value);
      fetch(url, {credentials: "same-origin"}).then(function (response) {
        return response.ok ? response.json() : null;
      }).then(function (data) {
        if (!data) { return; }
        while (commune.options.length > 1) { commune.remove(1); }
        data.communes.forEach(function (place) { commune.add(new Option(place[1], place[0])); });
      });
    });
  }

  var photos = document.getElementById("id_photos");
  var maxEdge = photos ? parseInt(photos.getAttribute("data-max-edge"), 10) : 0;
  function shrink(file) {
    return new Promise(function (resolve) {
      if (!/^image\/(jpeg|png|webp)$/.test(file.type) || !window.createImageBitmap) { resolve(file); return; }
      createImageBitmap(file).then(function (bitmap) {
        var scale = Math.min(1, maxEdge / Math.max(bitmap.width, bitmap.height));
        if (scale >= 1) { resolve(file); return; }
        var canvas = document.createElement("canvas");
        canvas.width = Math.round(bitmap.width * scale);
        canvas.height = Math.round(bitmap.height * scale);
        canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
        canvas.toBlob(function (blob) {
          if (!blob) { resolve(file); return; }
          var name = file.name.replace(/\.[^.]+$/, "") + ".jpg";
          resolve(new File([blob], name, {type: "image/jpeg"}));
        }, "image/jpeg", 0.85);
      }, function () { resolve(file); });
    });
  }
  if (photos && maxEdge && window.DataTransfer && window.Promise) {
    photos.addEventListener("change", function () {
      if (photos.getAttribute("data-shrunk") === "1") { photos.removeAttribute("data-shrunk"); return; }
      var files = Array.prototype.slice.call(photos.files);
      form.setAttribute("aria-busy", "true");
      Promise.all(files.map(shrink)).then(function (shrunk) {
        var transfer = new DataTransfer();
        shrunk.forEach(function (file) { transfer.items.add(file); });
        photos.setAttribute("data-shrunk", "1");
        photos.files = transfer.files;
        form.removeAttribute("aria-busy");
      });
    });
    form.addEventListener("submit", function (event) {
      if (form.getAttribute("aria-busy") === "true") {
        event.preventDefault();  // still shrinking: send once the photos are ready
        var submitter = event.submitter;
        var wait = setInterval(function () {
          if (form.getAttribute("aria-busy") !== "true") {
            clearInterval(wait);
            form.requestSubmit(submitter || undefined);
          }
        }, 100);
      }
    });
  }

  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
})();
