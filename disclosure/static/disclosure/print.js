// "打印本页": prints the page with portal/print.css (the site's chrome is hidden in print).
document.querySelectorAll("[data-print-page]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
