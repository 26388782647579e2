/* Offline: register the service worker that the build writes (sw.js at the site's root; see
   docs/offline.md). On the search page, ask it to store the search index, so a search works
   without a network next time. Nothing is sent anywhere: the worker only stores this site's files. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!("serviceWorker" in navigator) || !script) return;
  var url = script.getAttribute("data-sw");
  window.addEventListener("load", function () {
    navigator.serviceWorker.register(url).then(function () {
      if (!document.getElementById("zoekresultaten")) return;
      return navigator.serviceWorker.ready.then(function (registration) {
        if (registration.active) registration.active.postMessage({ type: "bewaar-zoekindex" });
      });
    }).catch(function () { /* no worker (private mode, file://): the site works as before */ });
  });
}());
