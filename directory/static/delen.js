/* Share and listen, on entry, question and article pages. Sharing uses plain links (WhatsApp,
   SMS, e-mail) that work without this script; here they get the address the page is really
   served at, and the browser's own share sheet where it has one. "Lees voor" uses the browser's
   speech synthesis with a Dutch voice where there is one: the text never leaves the browser. */
(function () {
  "use strict";
  function all(selector) { return Array.prototype.slice.call(document.querySelectorAll(selector)); }
  var here = window.location.href.split("#")[0];

  all(".share-links").forEach(function (box) {
    var title = box.getAttribute("data-share-title") || document.title;
    var text = title + " " + here;
    box.querySelectorAll("a[data-share]").forEach(function (link) {
      var kind = link.getAttribute("data-share");
      if (kind === "whatsapp") link.href = "https://wa.me/?text=" + encodeURIComponent(text);
      if (kind === "sms") link.href = "sms:?&body=" + encodeURIComponent(text);
      if (kind === "email") link.href = "mailto:?subject=" + encodeURIComponent(title) + "&body=" + encodeURIComponent(here);
    });
    var native = box.querySelector(".share-native");
    if (native && navigator.share) {
      native.hidden = false;
      native.addEventListener("click", function () {
        navigator.share({ title: title, url: here }).catch(function () { /* closed: nothing to do */ });
      });
    }
  });

  var synth = window.speechSynthesis;
  all(".lees-voor").forEach(function (button) {
    if (!synth || typeof SpeechSynthesisUtterance === "undefined") return;  // no speech: no button
    button.hidden = false;
    button.addEventListener("click", function () {
      if (synth.speaking) {
        synth.cancel();
        button.setAttribute("aria-pressed", "false");
        button.textContent = "Lees voor";
        return;
      }
      var main = document.querySelector("main");
      var parts = Array.prototype.slice.call(main.querySelectorAll("h1, .lead, .for-youth p, .for-youth li, .text p, .text li, .cards .card-title"))
        .filter(function (node) { return !node.closest(".no-print"); })
        .map(function (node) { return node.textContent.trim(); }).filter(Boolean);
      var utterance = new SpeechSynthesisUtterance(parts.join(". "));
      utterance.lang = "nl-NL";
      var voices = synth.getVoices ? synth.getVoices() : [];
      var dutch = voices.filter(function (v) { return /^nl/i.test(v.lang); })[0];
      if (dutch) utterance.voice = dutch;
      utterance.onend = function () { button.setAttribute("aria-pressed", "false"); button.textContent = "Lees voor"; };
      button.setAttribute("aria-pressed", "true");
      button.textContent = "Stop met voorlezen";
      synth.speak(utterance);
    });
  });
}());
