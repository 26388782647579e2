/* Remembers the municipality a young person chose, in this browser only (localStorage, never a
   cookie), and uses it: the home page shows "Jouw gemeente" and sends the questions to that
   municipality's pages; question and search pages offer the local view. Without JavaScript every
   page still works through plain links. */
(function () {
  "use strict";
  var KEY = "voorveld.gemeente";

  function read() {
    try { return JSON.parse(window.localStorage.getItem(KEY) || "null"); } catch (e) { return null; }
  }
  function save(choice) {
    try { window.localStorage.setItem(KEY, JSON.stringify(choice)); } catch (e) { /* private mode */ }
  }
  function forget() {
    try { window.localStorage.removeItem(KEY); } catch (e) { /* private mode */ }
  }
  function all(selector) { return Array.prototype.slice.call(document.querySelectorAll(selector)); }

  // For the search page: the chosen municipality's id, used as a place when a query names none.
  window.VoorveldGemeente = {
    chosen: function () { var c = read(); return c && c.base ? c.id : null; }
  };

  // A choice link carries data-gemeente (an id, "elders", or "" for skip) and, for a
  // municipality, the address of its page: the base for its question pages.
  all("a[data-gemeente], button.onthoud").forEach(function (link) {
    link.hidden = false;
    link.addEventListener("click", function () {
      var id = link.getAttribute("data-gemeente");
      if (id === "") return;
      var base = link.getAttribute("data-basis") || (link.tagName === "A" ? link.getAttribute("href") : window.location.pathname);
      var label = link.tagName === "A" ? link.textContent.trim() : document.querySelector("h1").textContent.trim();
      save({ id: id, label: id === "elders" ? "ergens anders" : label, base: id === "elders" ? "" : base });
      if (link.tagName !== "A" || id === "elders") show(read());
    });
  });

  function show(choice) {
    var chooser = document.getElementById("kies-gemeente");
    var banner = document.querySelector(".jouw-gemeente-keuze");
    all("a[data-vraag]").forEach(function (a) {
      if (!a.hasAttribute("data-origineel")) a.setAttribute("data-origineel", a.getAttribute("href"));
      a.setAttribute("href", choice && choice.base ? choice.base + a.getAttribute("data-vraag") + "/" : a.getAttribute("data-origineel"));
    });
    if (chooser) chooser.hidden = !!choice;
    if (banner) {
      banner.hidden = !choice;
      if (choice) banner.querySelector(".gekozen").textContent = choice.label;
    }
  }

  all(".jouw-gemeente-keuze .wijzig").forEach(function (b) {
    b.addEventListener("click", function () {
      var chooser = document.getElementById("kies-gemeente");
      if (chooser) { chooser.hidden = false; chooser.querySelector("a").focus(); }
    });
  });
  all(".jouw-gemeente-keuze .vergeet").forEach(function (b) {
    b.addEventListener("click", function () { forget(); show(null); });
  });

  var choice = read();
  show(choice);
  // A national question page: point to the same question in the chosen municipality.
  var here = document.querySelector("[data-vraag-pagina]");
  if (here && choice && choice.base) {
    var p = document.createElement("p");
    p.className = "notice jouw-gemeente-link";
    var a = document.createElement("a");
    a.href = choice.base + here.getAttribute("data-vraag-pagina") + "/";
    a.textContent = "Bekijk wat er in " + choice.label + " is";
    p.appendChild(a);
    here.parentNode.insertBefore(p, here);
  }
  // The search page: offer the chosen municipality as a filter when none is set.
  var form = document.querySelector("form[data-zoekformulier]");
  if (form && choice && choice.base && window.location.search.indexOf("gemeente=") < 0) {
    var q = document.createElement("p");
    q.className = "jouw-gemeente-link small";
    var link = document.createElement("a");
    var params = new URLSearchParams(window.location.search);
    params.set("gemeente", choice.id);
    link.href = "?" + params.toString();
    link.textContent = "Alleen wat geldt in " + choice.label;
    q.appendChild(link);
    form.parentNode.insertBefore(q, form.nextSibling);
  }
}());
