/* Inside an embed: show only ?aantal=N cards (with a link to the rest on the site) and tell the
   partner page the height of the content, so its iframe fits without a scroll bar
   (static/embed-hoogte.js on the partner's side listens and checks where the message came from). */
(function () {
  "use strict";
  var count = parseInt(new URLSearchParams(window.location.search).get("aantal"), 10);
  var cards = Array.prototype.slice.call(document.querySelectorAll(".cards > li"));
  if (count > 0 && cards.length > count) {
    cards.slice(count).forEach(function (card) { card.hidden = true; });
    document.querySelector(".embed-more").hidden = false;
  }
  function report() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (window.parent !== window) window.parent.postMessage({ voorveld: "hoogte", hoogte: height, pad: window.location.pathname }, "*");
  }
  report();
  window.addEventListener("load", report);
  window.addEventListener("resize", report);
}());
