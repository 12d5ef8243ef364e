// Grade sheet: each row saves itself through the API and shows the recomputed grade as you type.
// Without JavaScript the form's Save button does the same for all rows.
(function () {
  "use strict";
  var form = document.getElementById("sheet");
  if (!form) return;
  var api = form.dataset.api, state = form.querySelector(".save-state");
  var csrf = form.querySelector("[name=csrfmiddlewaretoken]").value;
  function value(row, name) {
    var el = row.querySelector("[name='" + name + "-" + row.dataset.student + "']");
    var v = el.value.trim();
    if (name === "outcome") return v || null;
    return v === "" ? null : (/^\d+$/.test(v) ? Number(v) : v);
  }
  function show(row, data) {
    row.querySelector("[data-field=admission_rating]").firstChild.textContent = (data.admission_rating || "—") + " ";
    row.querySelector("[data-field=admitted]").innerHTML = data.admitted === false ? '<span class="attention">' + form.dataset.notAdmitted + '</span>' : "";
    row.querySelector("[data-field=final_score]").textContent = data.final_score === null ? "—" : data.final_score;
    // Issue 9: the status in the reader's words (the page's own labels), never the API's code.
    var words = document.getElementById("status-labels");
    var labels = words ? JSON.parse(words.textContent) : {};
    row.querySelector("[data-field=letter]").textContent = data.letter ? data.letter + " (" + data.points + ")"
      : (labels[data.status] || data.status);
  }
  function count(row, name) {
    var v = row.querySelector("[name='" + name + "-" + row.dataset.student + "']").value.trim();
    return v === "" ? 0 : (/^\d+$/.test(v) ? Number(v) : v);
  }
  // One save at a time per row, each sending the row as it is when it goes: two quick changes
  // must not race (an older request landing last would undo the newer mark).
  var inFlight = {};
  function save(row) {
    var key = row.dataset.student;
    inFlight[key] = (inFlight[key] || Promise.resolve()).then(function () { return send(row); });
  }
  function send(row) {
    var held = form.querySelector("#classes-held").value.trim();
    var data = {student: row.dataset.student, r1: value(row, "r1"), r2: value(row, "r2"),
                exam: value(row, "exam"), outcome: value(row, "outcome"),
                absences: count(row, "absences"), lates_over_20_min: count(row, "lates"),
                classes_held: held === "" ? null : (/^\d+$/.test(held) ? Number(held) : held)};
    var box = row.querySelector("[name='coursework-" + row.dataset.student + "']");
    if (box) data.coursework_submitted = box.checked;
    var body = {rows: [data]};
    state.textContent = "…";
    return fetch(api, {method: "PUT", credentials: "same-origin", body: JSON.stringify(body),
                headers: {"Content-Type": "application/json", "X-CSRFToken": csrf, "Accept": "application/json"}})
      .then(function (r) { return r.json().then(function (j) { return {ok: r.ok, body: j}; }); })
      .then(function (res) {
        row.classList.toggle("invalid", !res.ok);
        if (!res.ok) {
          state.textContent = (res.body.problems || []).map(function (p) { return p.message; }).join("; ") || res.body.title;
          return;
        }
        res.body.rows.forEach(function (d) { if (d.student === row.dataset.student) show(row, d); });
        state.textContent = "✓";
      })
      .catch(function () { state.textContent = "⚠"; });
  }
  form.querySelectorAll("tr[data-student]").forEach(function (row) {
    row.querySelectorAll("input.mark, select, input[type=checkbox]").forEach(function (el) {
      el.addEventListener("change", function () { save(row); });
    });
  });
  var held = form.querySelector("#classes-held");
  if (held) held.addEventListener("change", function () {
    form.querySelectorAll("tr[data-student]").forEach(save);
  });
  form.querySelectorAll("[data-confirm]").forEach(function (b) {
    b.addEventListener("click", function (e) { if (!window.confirm(b.dataset.confirm)) e.preventDefault(); });
  });
})();
