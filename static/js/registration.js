// Registration: choose and drop without a full reload (the API does the work, the page
// swaps in the fresh table); before opening, the waiting room turns live by itself.
(function () {
  "use strict";
  function csrf() {
    var el = document.querySelector("[name=csrfmiddlewaretoken]");
    return el ? el.value : "";
  }
  function refresh(offer, message) {
    return fetch(offer.dataset.partial, {credentials: "same-origin"})
      .then(function (r) { return r.text(); })
      .then(function (html) {
        var box = document.createElement("div");
        box.innerHTML = html;
        var fresh = box.querySelector("#offer");
        offer.replaceWith(fresh);
        bind(fresh);
        if (message) fresh.querySelector(".live-status").textContent = message;
      });
  }
  function bind(offer) {
    offer.querySelectorAll("form.choose").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        var button = form.querySelector("button");
        if (!button) return;
        event.preventDefault();
        button.disabled = true;
        var method = button.dataset.method;
        var url = offer.dataset.api + (method === "DELETE" ? "/" + button.dataset.id : "");
        var body = method === "POST" ? JSON.stringify({section: form.querySelector("[name=section]").value}) : null;
        fetch(url, {method: method, credentials: "same-origin", body: body,
                    headers: {"Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrf()}})
          .then(function (r) { return r.json().then(function (j) { return {ok: r.ok, body: j}; }); })
          .then(function (res) { return refresh(offer, res.ok ? "✓" : (res.body.title || res.body.code)); })
          .catch(function () { button.disabled = false; });
      });
    });
  }
  var offer = document.getElementById("offer");
  if (offer) bind(offer);
  var room = document.getElementById("waiting-room");
  if (room) {
    // At the opening minute the waiting room turns into the live offer in place — no reload, no
    // new sign-in (the session opened ahead still holds). Clients spread over two seconds so the
    // opening is not one spike; if the server does not show the offer yet, ask again shortly.
    var tries = 0;
    function goLive() {
      fetch(room.dataset.refresh + "?partial=1", {credentials: "same-origin"})
        .then(function (r) { return r.text(); })
        .then(function (html) {
          var box = document.createElement("div");
          box.innerHTML = html;
          var fresh = box.querySelector("#offer");
          if (!fresh) {
            if (++tries < 20) setTimeout(goLive, 1000 + Math.random() * 2000);
            return;
          }
          room.replaceWith(fresh);
          bind(fresh);
        })
        .catch(function () { if (++tries < 20) setTimeout(goLive, 2000); });
    }
    room.addEventListener("deadline", function () { setTimeout(goLive, Math.random() * 2000); });
  }
})();
