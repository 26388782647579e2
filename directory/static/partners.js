/* The partners page: where the site was built without a base URL, the embed code holds paths
   relative to this host; here they become the full address the page is really served at, so a
   partner copies code that works on their own site. */
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll(".absoluut"), function (span) {
    var text = span.textContent;
    if (/^https?:\/\//.test(text)) return;
    span.textContent = new URL(text, window.location.href).href;
  });
}());
