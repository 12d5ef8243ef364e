// A print batch's progress, polled until the Celery job is done; then the downloads appear.
(function () {
  "use strict";
  var box = document.getElementById("batch");
  if (!box) return;
  function poll() {
    fetch(box.dataset.progress, {credentials: "same-origin"})
      .then(function (r) { return r.json(); })
      .then(function (p) {
        document.getElementById("batch-progress").value = p.done;
        document.getElementById("batch-count").textContent = p.done;
        var status = document.getElementById("batch-status");
        status.dataset.status = p.status;
        status.textContent = p.label || p.status;  // the status in the reader's language
        if (p.status === "done") { document.getElementById("batch-downloads").hidden = false; return; }
        if (p.status === "failed") {
          var error = document.getElementById("batch-error");
          error.textContent = p.error; error.hidden = false; return;
        }
        setTimeout(poll, 1000);
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  if (document.getElementById("batch-status").dataset.status !== "done") poll();
})();
