// A competition run's progress, polled until the Celery job has ranked it; then the page reloads
// to show the list. Without JavaScript the page says to reload.
(function () {
  "use strict";
  var box = document.getElementById("run-progress-box");
  if (!box) return;
  function poll() {
    fetch(box.dataset.progress, {credentials: "same-origin"})
      .then(function (r) { return r.json(); })
      .then(function (p) {
        var bar = document.getElementById("run-progress");
        bar.max = Math.max(p.total, 1); bar.value = p.done;
        document.getElementById("run-count").textContent = p.done + " / " + p.total;
        var status = document.getElementById("run-status");
        status.dataset.status = p.status; status.textContent = p.label || p.status;
        if (p.status === "done") { window.location.reload(); return; }
        if (p.status === "failed") {
          var error = document.getElementById("run-error");
          error.textContent = p.error; error.hidden = false; return;
        }
        setTimeout(poll, 1000);
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  poll();
})();
