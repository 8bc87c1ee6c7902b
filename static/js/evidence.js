/* Scroll each article box so its highlighted evidence is visible. */
(function () {
  "use strict";
  document.querySelectorAll(".article-text mark.evidence").forEach(function (mark) {
    var box = mark.closest(".article-text");
    if (box) box.scrollTop = Math.max(0, mark.offsetTop - 40); // .article-text is position: relative
  });
})();
