/* Review queue keyboard: j/k move, v verify, r reject (asks a reason), e edit, x select.
   Everything works without this file: each row has its own buttons and links. */
(function () {
  "use strict";
  var table = document.getElementById("review-queue");
  if (!table) return;
  var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr.queue-row"));
  if (!rows.length) return;
  var promptEl = document.getElementById("review-reject-prompt");
  var promptText = promptEl ? JSON.parse(promptEl.textContent) : "Reason:";
  var current = -1;

  function select(index) {
    if (index < 0 || index >= rows.length) return;
    if (current >= 0) rows[current].classList.remove("is-current");
    current = index;
    var row = rows[current];
    row.classList.add("is-current");
    row.setAttribute("aria-selected", "true");
    row.focus({preventScroll: true});
    row.scrollIntoView({block: "nearest"});
  }

  function typing(target) {
    var tag = (target.tagName || "").toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable;
  }

  rows.forEach(function (row, index) {
    row.addEventListener("click", function (event) {
      if (!typing(event.target) && event.target.tagName !== "BUTTON" && event.target.tagName !== "A") select(index);
    });
  });

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) return;
    var key = event.key;
    if (key === "j") { select(Math.min(current + 1, rows.length - 1)); event.preventDefault(); return; }
    if (key === "k") { select(Math.max(current - 1, 0)); event.preventDefault(); return; }
    if (current < 0) return;
    var row = rows[current];
    if (key === "e") {
      window.location.assign(row.getAttribute("data-edit-url"));
    } else if (key === "v") {
      var verify = row.querySelector("form.verify-form");
      if (verify) verify.requestSubmit ? verify.requestSubmit() : verify.submit();
    } else if (key === "r") {
      var reject = row.querySelector("form.reject-form");
      if (!reject) return;
      var reason = window.prompt(promptText, "");
      if (reason && reason.trim()) {
        reject.querySelector("input[name=reason]").value = reason.trim();
        reject.requestSubmit ? reject.requestSubmit() : reject.submit();
      }
    } else if (key === "x") {
      var box = row.querySelector("input.row-select");
      if (box) box.checked = !box.checked;
    } else {
      return;
    }
    event.preventDefault();
  });

  select(0);
})();
