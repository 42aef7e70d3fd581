// Syniad's progressive enhancements. Every feature here also works without JavaScript; these
// only save a page load.
(function () {
  "use strict";

  document.body.classList.add("js-enabled", "govuk-frontend-supported");

  // Move focus to an error summary so screen reader users hear what went wrong.
  var summary = document.querySelector(".govuk-error-summary");
  if (summary) summary.focus();

  var csrfMeta = document.querySelector('meta[name="csrf-token"]');
  var csrf = csrfMeta ? csrfMeta.getAttribute("content") : "";

  // Vote buttons update in place instead of reloading the page.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-vote-form]")) return;
    event.preventDefault();
    var input = form.querySelector('input[name="vote"]');
    var on = input.value === "on";
    var button = form.querySelector("button");
    var status = form.querySelector("[data-vote-status]");
    // Busy while the request is out: aria-disabled, not disabled, which would throw keyboard
    // focus off the button the person just pressed, back to the start of the page.
    if (button.getAttribute("aria-disabled") === "true") return;
    button.setAttribute("aria-disabled", "true");
    fetch(form.getAttribute("data-api"), {
      method: on ? "PUT" : "DELETE",
      headers: { "X-CSRF-Token": csrf, "Accept": "application/json" },
      credentials: "same-origin"
    }).then(function (res) {
      return res.json().then(function (body) { return { ok: res.ok, body: body }; });
    }).then(function (r) {
      button.removeAttribute("aria-disabled");
      if (!r.ok) {
        if (status) status.textContent = r.body.error || "";
        return;
      }
      var id = form.getAttribute("data-idea");
      input.value = r.body.voted ? "off" : "on";
      form.querySelector("[data-vote-label]").textContent =
        r.body.voted ? form.getAttribute("data-label-off") : form.getAttribute("data-label-on");
      button.classList.toggle("govuk-button--secondary", r.body.voted);
      var count = document.querySelector('[data-vote-count="' + id + '"]');
      if (count) count.textContent = r.body.votes;
      var label = document.querySelector('[data-vote-count-label="' + id + '"]');
      if (label && r.body.votes_label) label.textContent = r.body.votes_label;
      if (status) status.textContent = r.body.message || "";
      // After a vote, the follow button asks whether to hear what happens to the idea, as the
      // page does after a vote without the script.
      var offer = document.querySelector('[data-follow-offer="' + id + '"]');
      if (offer && r.body.voted) offer.hidden = false;
    }).catch(function () {
      // The network failed: fall back to the ordinary form post.
      button.removeAttribute("aria-disabled");
      form.submit();
    });
  });

  // Support buttons on comments update in place the same way; the server sends the button's
  // new words, count included, so the script never needs to know the language.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-support-form]")) return;
    event.preventDefault();
    var input = form.querySelector('input[name="support"]');
    var button = form.querySelector("button");
    var status = form.querySelector("[data-support-status]");
    if (button.getAttribute("aria-disabled") === "true") return; // busy, as for votes
    button.setAttribute("aria-disabled", "true");
    fetch(form.getAttribute("data-api"), {
      method: input.value === "0" ? "DELETE" : "PUT",
      headers: { "X-CSRF-Token": csrf, "Accept": "application/json" },
      credentials: "same-origin"
    }).then(function (res) {
      return res.json().then(function (body) { return { ok: res.ok, body: body }; });
    }).then(function (r) {
      button.removeAttribute("aria-disabled");
      if (!r.ok) {
        if (status) status.textContent = r.body.error || "";
        return;
      }
      input.value = r.body.supported ? "0" : "1";
      form.querySelector("[data-support-label]").textContent = r.body.label;
      if (status) status.textContent = r.body.message || "";
    }).catch(function () {
      button.removeAttribute("aria-disabled");
      form.submit();
    });
  });

  // While someone types a title, show existing ideas like it that they could support instead.
  var title = document.querySelector("input[data-similar-url]");
  if (title) {
    var region = document.getElementById(title.getAttribute("data-similar-target"));
    var list = region.querySelector("ul");
    var timer = null;
    var last = "";
    title.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var text = title.value.trim();
        if (text === last) return;
        last = text;
        if (text.length < 3) { region.hidden = true; return; }
        var consultation = document.querySelector('[name="consultation"]');
        var url = title.getAttribute("data-similar-url") + "?title=" + encodeURIComponent(text) +
          (consultation && consultation.value ? "&consultation=" + encodeURIComponent(consultation.value) : "");
        fetch(url, { headers: { "Accept": "application/json" } })
          .then(function (res) { return res.json(); })
          .then(function (body) {
            list.textContent = "";
            (body.ideas || []).forEach(function (idea) {
              var li = document.createElement("li");
              var a = document.createElement("a");
              a.className = "govuk-link";
              a.href = idea.url;
              a.textContent = idea.title;
              if (idea.lang) a.lang = idea.lang;
              li.appendChild(a);
              li.appendChild(document.createTextNode(" (" + idea.votes + ")"));
              list.appendChild(li);
            });
            region.hidden = list.children.length === 0;
          })
          .catch(function () { region.hidden = true; });
      }, 300);
    });
  }
})();
