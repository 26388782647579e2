/* Offline: register the service worker that the build writes (sw.js at the site's root; see
   docs/offline.md). On the search page, ask it to store the search index, so a search works
   without a network next time. Nothing is sent anywhere: the worker only stores this site's files. */
(function () {
  "use strict";
  var script = document.currentScript;  // the bundle this file is part of (data/bundels.yaml)
  var url = script && script.getAttribute("data-sw");  // none on the live preview: no worker there
  if (!("serviceWorker" in navigator) || !url) return;
  window.addEventListener("load", function () {
    navigator.serviceWorker.register(url).then(function () {
      if (!document.getElementById("zoekresultaten")) return;
      return navigator.serviceWorker.ready.then(function (registration) {
        if (registration.active) registration.active.postMessage({ type: "bewaar-zoekindex" });
      });
    }).catch(function () { /* no worker (private mode, file://): the site works as before */ });
  });
}());
