// Quick exit of the reporting flow (/meldingen). The button is a plain
// link to a neutral page that works without this file; with it, the page
// is replaced (location.replace), so the back button does not return to
// the flow. Escape pressed twice leaves too.
document.addEventListener("DOMContentLoaded", function () {
  var exit = document.querySelector("[data-snel-weg]");
  if (!exit) { return; }
  function leave(event) {
    if (event) { event.preventDefault(); }
    document.body.innerHTML = "";
    window.location.replace(exit.href);
  }
  exit.addEventListener("click", leave);
  var last = 0;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var now = Date.now();
    if (now - last < 1000) { leave(event); }
    last = now;
  });
});
