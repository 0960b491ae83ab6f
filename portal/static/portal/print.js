// Before any print (the 打印本页 button or the browser's own), the print header takes today's
// date in Beijing time and the address in the address bar: a page served from the cache may
// have been rendered days earlier.
window.addEventListener("beforeprint", function () {
  var today = new Intl.DateTimeFormat("zh-CN", {
    timeZone: "Asia/Shanghai", year: "numeric", month: "long", day: "numeric",
  }).format(new Date());
  document.querySelectorAll("[data-print-date]").forEach(function (element) {
    element.textContent = today;
  });
  document.querySelectorAll("[data-print-address]").forEach(function (element) {
    element.textContent = window.location.href;
  });
});
