/* Suggestions under the search box as the buyer types, and filters that apply on
   change. Plain JavaScript; without it the search form and the filter form still
   work as ordinary forms. */
(function () {
  "use strict";
  var input = document.querySelector("input[data-suggest-url]");
  if (input) {
    var list = document.getElementById(input.getAttribute("aria-controls"));
    var timer = null;
    var latest = 0;
    var hide = function () { list.hidden = true; list.textContent = ""; };
    var show = function (data) {
      list.textContent = "";
      var items = data.products.slice();
      if (data.suggestion) {
        var q = document.createElement("li");
        var a = document.createElement("a");
        a.href = input.form.action + "?q=" + encodeURIComponent(data.suggestion);
        a.textContent = data.suggestion;
        a.className = "ocop-suggestion-words";
        q.appendChild(a);
        list.appendChild(q);
      }
      items.forEach(function (product) {
        var li = document.createElement("li");
        li.setAttribute("role", "option");
        var link = document.createElement("a");
        link.href = product.url;
        link.textContent = product.title;
        li.appendChild(link);
        list.appendChild(li);
      });
      list.hidden = !list.children.length;
    };
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var text = input.value.trim();
      if (text.length < 2) { hide(); return; }
      timer = setTimeout(function () {
        var ticket = ++latest;
        fetch(input.dataset.suggestUrl + "?q=" + encodeURIComponent(text), {
          headers: { Accept: "application/json" },
        })
          .then(function (response) { return response.json(); })
          .then(function (data) { if (ticket === latest) show(data); })
          .catch(hide);
      }, 150);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape") hide();
      if (event.key === "ArrowDown" && !list.hidden) {
        event.preventDefault();
        list.querySelector("a").focus();
      }
    });
    list.addEventListener("keydown", function (event) {
      var li = document.activeElement.parentElement;
      if (event.key === "ArrowDown" && li.nextElementSibling) {
        event.preventDefault();
        li.nextElementSibling.querySelector("a").focus();
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        (li.previousElementSibling ? li.previousElementSibling.querySelector("a") : input).focus();
      } else if (event.key === "Escape") {
        hide();
        input.focus();
      }
    });
    document.addEventListener("click", function (event) {
      if (!input.form.contains(event.target)) hide();
    });
  }
  document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
    var submit = function () { form.submit(); };
    form.addEventListener("change", submit);
    document.querySelectorAll('[form="' + form.id + '"]').forEach(function (field) {
      field.addEventListener("change", submit);
    });
  });
})();
