// Small progressive enhancements; every page works without them.
(function () {
  "use strict";
  function pad(n) { return String(n).padStart(2, "0"); }
  function tick(el) {
    var left = Math.max(0, Date.parse(el.dataset.deadline) - Date.now());
    var s = Math.floor(left / 1000), d = Math.floor(s / 86400);
    el.textContent = (d ? d + " · " : "") + pad(Math.floor(s / 3600) % 24) + ":" + pad(Math.floor(s / 60) % 60) + ":" + pad(s % 60);
    if (left === 0) { el.dispatchEvent(new CustomEvent("deadline", { bubbles: true })); return false; }
    return true;
  }
  // The language switch sends its form as soon as a language is chosen (no inline handler: CSP).
  document.querySelectorAll("select[data-submit-on-change]").forEach(function (el) {
    el.addEventListener("change", function () { el.form.submit(); });
  });
  document.querySelectorAll(".countdown[data-deadline]").forEach(function (el) {
    el.setAttribute("role", "timer");
    if (tick(el)) { var t = setInterval(function () { if (!tick(el)) clearInterval(t); }, 1000); }
  });
})();
