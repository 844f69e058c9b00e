// dossier: the only script the pages load. It brings the highlighted passage of an article
// to the middle of the screen (the #hl fragment alone would put it at the very top).
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var mark = document.getElementById("hl");
  if (mark) {
    mark.scrollIntoView({ block: "center" });
    mark.focus({ preventScroll: true });
  }
});
