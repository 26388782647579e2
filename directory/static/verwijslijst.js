/* The referral list ("verwijslijst"): a coach collects entries during a conversation and hands
 * the list over, printed or as a link that carries the entries. Kept in this browser only
 * (localStorage); nothing is sent to a server. A note stays local unless the coach includes it. */
(function () {
  "use strict";
  var KEY = "voorveld-verwijslijst";

  /* The printed list carries its share link as a QR code (qrcode-generator, vendored): made here,
     in the browser, because the link holds the coach's choice. Error correction M, any size. */
  function showQrCode(img, url) {
    if (typeof qrcode !== "function") {  // the library is still loading: try again once it has
      window.addEventListener("load", function () { if (typeof qrcode === "function") showQrCode(img, url); }, { once: true });
      return;
    }
    var code = qrcode(0, "M");
    code.addData(url);
    code.make();
    img.src = code.createDataURL(4, 2);
  }

  function read() {
    try {
      var data = JSON.parse(localStorage.getItem(KEY) || "{}");
      return { items: Array.isArray(data.items) ? data.items.filter(isSlug) : [], notitie: typeof data.notitie === "string" ? data.notitie : "" };
    } catch (e) { return { items: [], notitie: "" }; }
  }
  function write(state) { try { localStorage.setItem(KEY, JSON.stringify(state)); } catch (e) { /* private mode */ } }
  function isSlug(s) { return typeof s === "string" && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(s); }

  function refreshButtons() {
    var items = read().items;
    document.querySelectorAll("button.op-lijst").forEach(function (button) {
      var on = items.indexOf(button.getAttribute("data-slug")) >= 0;
      button.hidden = false;
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.textContent = on ? "✓ Op de verwijslijst" : "Op de verwijslijst";
    });
    document.querySelectorAll(".lijst-teller").forEach(function (n) { n.textContent = items.length ? " (" + items.length + ")" : ""; });
  }
  function toggle(slug) {
    var state = read(), at = state.items.indexOf(slug);
    if (at >= 0) state.items.splice(at, 1); else state.items.push(slug);
    write(state);
    refreshButtons();
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button.op-lijst");
    if (button) { event.preventDefault(); toggle(button.getAttribute("data-slug")); }
  });
  window.VoorveldLijst = { refresh: refreshButtons };
  refreshButtons();

  var box = document.getElementById("verwijslijst");
  if (!box) return;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) { if (c) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return node;
  }
  function telHref(n) { var d = n.replace(/[^\d+]/g, ""); return "tel:" + (d[0] === "+" ? d : d[0] === "0" ? "+31" + d.slice(1) : d); }

  var params = new URLSearchParams(location.search);
  var shared = params.has("a") ? params.get("a").split(",").filter(isSlug) : null;
  var sharedNote = params.get("n") || "";

  fetch(box.getAttribute("data-kaarten")).then(function (r) { return r.json(); }).then(function (cards) {
    function render() {
      var state = read();
      var items = shared || state.items;
      box.textContent = "";
      if (shared) {
        var keep = el("button", { type: "button", "class": "no-print" }, ["Bewaar deze lijst in mijn verwijslijst"]);
        keep.addEventListener("click", function () {
          write({ items: shared, notitie: state.notitie });
          shared = null;
          history.replaceState(null, "", location.pathname);
          render();
        });
        box.appendChild(el("p", { "class": "notice no-print" }, ["Deze lijst is met je gedeeld. ", keep]));
      }
      if (!items.length) {
        box.appendChild(el("p", { "class": "lead" }, ["Je verwijslijst is nog leeg. Voeg aanbod toe met de knop ", el("strong", {}, ["Op de verwijslijst"]), " op een aanbodpagina of in de zoekresultaten."]));
        return;
      }
      var list = el("ol", { "class": "cards verwijslijst" });
      items.forEach(function (slug) {
        if (!Object.prototype.hasOwnProperty.call(cards, slug)) return;
        var card = cards[slug];
        var contact = card.contact || {};
        var lines = el("ul", { "class": "contact" });
        if (contact.telefoon) lines.appendChild(el("li", {}, ["Bellen: ", el("a", { href: telHref(contact.telefoon) }, [contact.telefoon])]));
        if (contact.whatsapp) lines.appendChild(el("li", {}, ["WhatsApp: ", el("a", { href: "https://wa.me/" + telHref(contact.whatsapp).slice(5).replace("+", "") }, [contact.whatsapp])]));
        if (contact.email) lines.appendChild(el("li", {}, ["Mail: ", el("a", { href: "mailto:" + encodeURIComponent(contact.email).replace("%40", "@") }, [contact.email])]));
        if (contact.website) lines.appendChild(el("li", {}, ["Website: ", el("a", { href: contact.website }, [contact.website])]));
        if (contact.adres) lines.appendChild(el("li", {}, ["Adres: " + contact.adres]));
        if (card.open) lines.appendChild(el("li", {}, ["Bereikbaar: " + card.open]));
        if (card.nog_niet && card.nog_niet.length) lines.appendChild(el("li", { "class": "missing" }, ["Nog niet bekend: " + card.nog_niet.join(", ") + "."]));
        var item = el("li", { "class": "card" }, [
          el("h2", { "class": "card-title" }, [el("a", { href: card.url }, [card.naam])]),
          el("p", { "class": "org" }, [card.organisatie + (card.waar ? " · " + card.waar : "")]),
          card.status && card.status !== "actief" ? el("p", { "class": "small" }, [card.status === "beeindigd" ? "Dit aanbod is gestopt." : "Nog niet zeker of dit nu loopt: vraag het na."]) : null,
          el("p", {}, [card.samenvatting]),
          card.hoe ? el("p", {}, [el("strong", {}, ["Hoe begin je? "]), card.hoe]) : null,
          lines,
        ]);
        if (!shared) {
          var remove = el("button", { type: "button", "class": "button-light no-print" }, ["Van de lijst halen"]);
          remove.addEventListener("click", function () { toggle(slug); render(); });
          item.appendChild(remove);
        }
        list.appendChild(item);
      });
      box.appendChild(list);
      var note = shared ? sharedNote : state.notitie;
      if (shared) {
        if (note) box.appendChild(el("div", { "class": "note" }, [el("h2", {}, ["Notitie"]), el("p", {}, [note])]));
        return;
      }
      var area = el("textarea", { id: "notitie", rows: "3" });
      area.value = note;
      var include = el("input", { type: "checkbox", id: "notitie-mee" });
      var link = el("input", { type: "text", id: "deellink", readonly: "" });
      var warning = el("p", { "class": "notice notitie-waarschuwing", hidden: "" }, ["Let op: wie deze link krijgt, kan de notitie lezen. Zet er geen namen of persoonlijke gegevens in."]);
      var shareLinks = el("p", { "class": "share-links" }, [el("span", { "class": "small" }, ["Stuur de link:"])]);
      var targets = {
        whatsapp: el("a", { "class": "way", rel: "noopener noreferrer", "data-share": "whatsapp" }, ["WhatsApp"]),
        sms: el("a", { "class": "way", "data-share": "sms" }, ["SMS"]),
        email: el("a", { "class": "way", "data-share": "email" }, ["E-mail"]),
      };
      Object.keys(targets).forEach(function (k) { shareLinks.appendChild(targets[k]); });
      function updateLink() {
        var url = location.origin + location.pathname + "?a=" + read().items.join(",");
        var withNote = include.checked && area.value.trim();
        if (withNote) url += "&n=" + encodeURIComponent(area.value.trim());
        link.value = url;
        warning.hidden = !withNote;
        var text = "Verwijslijst: " + url;
        targets.whatsapp.href = "https://wa.me/?text=" + encodeURIComponent(text);
        targets.sms.href = "sms:?&body=" + encodeURIComponent(text);
        targets.email.href = "mailto:?subject=" + encodeURIComponent("Verwijslijst") + "&body=" + encodeURIComponent(url);
        printedNote.textContent = area.value.trim();  // on paper the note shows as text, not as a field
        printedNote.hidden = !area.value.trim();
        showQrCode(qrImage, url);
      }
      var printedNote = el("p", { "class": "notitie-print" }, []);
      var qrImage = el("img", { "class": "qr", alt: "QR-code met de link naar deze lijst", width: "132", height: "132" });
      area.addEventListener("input", function () { var s = read(); s.notitie = area.value; write(s); updateLink(); });
      include.addEventListener("change", updateLink);
      var printButton = el("button", { type: "button" }, ["Afdrukken"]);
      printButton.addEventListener("click", function () { window.print(); });
      box.appendChild(el("div", { "class": "verwijslijst-einde" }, [
        el("div", { "class": "note" }, [
          el("label", { "for": "notitie" }, ["Notitie (blijft in deze browser)"]), area, printedNote]),
        el("figure", { "class": "qr-code" }, [qrImage,
          el("figcaption", {}, ["Scan de code om deze lijst op je telefoon te openen."])]),
      ]));
      box.appendChild(el("div", { "class": "share no-print" }, [
        el("p", {}, [include, " ", el("label", { "for": "notitie-mee" }, ["Notitie meesturen in de link"])]),
        el("label", { "for": "deellink" }, ["Link om te delen (bevat alleen de gekozen aanbieders)"]), link, warning, shareLinks,
        el("p", {}, [printButton]),
      ]));
      updateLink();
    }
    render();
    box.setAttribute("data-klaar", "ja");

  });
})();
