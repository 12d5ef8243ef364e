// FA-5: the defence timers — the talk (at most 15 minutes) and the whole defence (at most 50) count up
// from the moment the server recorded; past the limit they turn to the attention colour. The times on
// the protocol are the server's; this only shows them running.
(function () {
  "use strict";
  function pad(n) { return String(n).padStart(2, "0"); }
  function show(el) {
    var since = Date.parse(el.dataset.since);
    var until = el.dataset.until ? Date.parse(el.dataset.until) : Date.now();
    var seconds = Math.max(0, Math.floor((until - since) / 1000));
    el.textContent = Math.floor(seconds / 60) + ":" + pad(seconds % 60);
    el.classList.toggle("attention", seconds > Number(el.dataset.limit));
    return !el.dataset.until;
  }
  document.querySelectorAll(".timer[data-since]").forEach(function (el) {
    el.setAttribute("role", "timer");
    if (show(el)) {
      var t = setInterval(function () { if (!show(el)) clearInterval(t); }, 1000);
    }
  });
})();
