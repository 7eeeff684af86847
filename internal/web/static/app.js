// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", function () {
  // After a failed form submission, focus the error summary so screen-reader
  // and keyboard users hear what to fix first.
  var summary = document.querySelector(".error-summary");
  if (summary) { summary.focus(); }
  // A table wider than the screen (a phone) scrolls inside its wrapper:
  // make that wrapper a named, focusable region so keyboard users can
  // scroll it too (WCAG 2.1.1; axe scrollable-region-focusable).
  document.querySelectorAll(".table-wrap").forEach(function (wrap) {
    if (wrap.scrollWidth <= wrap.clientWidth) { return; }
    wrap.setAttribute("tabindex", "0");
    wrap.setAttribute("role", "region");
    var caption = wrap.querySelector("caption");
    if (caption) { wrap.setAttribute("aria-label", caption.textContent.trim()); }
  });
  // Running deadline clocks (crisis queue): keep "time left" current
  // between reloads, worded as the server words it (DurationText).
  var clocks = document.querySelectorAll("[data-clock]");
  if (!clocks.length) { return; }
  var en = document.documentElement.lang === "en";
  function text(ms) {
    var m = Math.floor(Math.abs(ms) / 60000), d = Math.floor(m / 1440), h = Math.floor(m / 60) % 24; m = m % 60;
    var hour = en ? "h" : "uur", days = d + " " + (d === 1 ? (en ? "day" : "dag") : (en ? "days" : "dagen"));
    if (d > 0) { return h === 0 ? days : days + " " + h + " " + hour; }
    if (h > 0) { return m === 0 ? h + " " + hour : h + " " + hour + " " + m + " min"; }
    return m + " min";
  }
  function tick() {
    clocks.forEach(function (el) {
      var left = Date.parse(el.getAttribute("data-clock")) - Date.now();
      el.textContent = (left >= 0 ? el.getAttribute("data-left") : el.getAttribute("data-over")) + " " + text(left);
      el.classList.toggle("tag", left < 0); el.classList.toggle("tag--urgent", left < 0);
    });
  }
  setInterval(tick, 30000);
});
