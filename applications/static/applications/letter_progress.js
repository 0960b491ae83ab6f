// The drafted reply's letter is made by a background task: show its progress and reload the
// page once it is ready (or has failed), so the link to the PDF appears.
(function () {
  const cell = document.querySelector("[data-letter-progress]");
  if (!cell) return;
  const label = cell.querySelector(".application-letter-status");
  const poll = () => {
    fetch(cell.dataset.letterProgress, { credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : null))
      .then((data) => {
        if (!data) return;
        if (label) label.textContent = data.label;
        if (data.status === "ready" || data.status === "failed") {
          window.location.reload();
        } else {
          window.setTimeout(poll, 1500);
        }
      });
  };
  window.setTimeout(poll, 1500);
})();
