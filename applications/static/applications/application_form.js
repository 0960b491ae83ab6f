// The application form shows only the applicant block that applies: 自然人 (identity document)
// or 法人或其他组织 (credit code, representative, contact person). Without JavaScript both stay
// visible and the server checks the one that applies.
document.addEventListener("DOMContentLoaded", function () {
  var radios = document.querySelectorAll('input[name="applicant_type"]');
  var blocks = document.querySelectorAll("[data-applicant-block]");
  function showBlockThatApplies() {
    var chosen = document.querySelector('input[name="applicant_type"]:checked');
    var applies = chosen ? (chosen.value === "natural" ? "natural" : "organisation") : "";
    blocks.forEach(function (block) {
      block.hidden = applies !== "" && block.dataset.applicantBlock !== applies;
    });
  }
  radios.forEach(function (radio) { radio.addEventListener("change", showBlockThatApplies); });
  showBlockThatApplies();
});
