// Buttons that Oscar wires with inline onclick="..." handlers, which the storefront's
// Content-Security-Policy forbids (shop/content_policy.py). Their templates mark them
// with data-page-action instead; each still works as a plain link without scripts.
document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-page-action]");
    if (!target) { return; }
    var action = target.getAttribute("data-page-action");
    if (action === "back" && window.history.length > 1) {
        event.preventDefault();
        window.history.back();
    } else if (action === "print") {
        event.preventDefault();
        window.print();
    }
});
Array.prototype.forEach.call(
    document.querySelectorAll("[data-page-action=print][hidden]"),
    function (button) { button.hidden = false; }
);
