/* For partner websites: include this script once, give each embed iframe the attribute
   data-voorveld, and the iframe takes the height of its content. Only messages from the origin
   the iframe was loaded from are believed; nothing else is sent or stored. */
(function () {
  "use strict";
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!data || data.voorveld !== "hoogte" || typeof data.hoogte !== "number") return;
    var frames = document.querySelectorAll("iframe[data-voorveld]");
    for (var i = 0; i < frames.length; i++) {
      var frame = frames[i];
      if (frame.contentWindow !== event.source) continue;
      if (new URL(frame.src, document.baseURI).origin !== event.origin) return;  // not from where it was loaded
      frame.style.height = Math.max(50, Math.min(data.hoogte, 20000)) + "px";
      frame.setAttribute("scrolling", "no");
    }
  });
}());
