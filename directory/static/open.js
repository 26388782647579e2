/* "Nu open" from the structured opening hours (openingstijden.tijden), computed in the browser for
   the Dutch time zone. Without this script the week table alone says when a place is open. */
(function () {
  "use strict";
  var DAYS = ["zo", "ma", "di", "wo", "do", "vr", "za"];
  var NAMES = { ma: "maandag", di: "dinsdag", wo: "woensdag", do: "donderdag", vr: "vrijdag", za: "zaterdag", zo: "zondag" };
  var ENGLISH = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

  function amsterdam(now) {  // weekday (0 = Sunday) and minutes since midnight in Amsterdam
    var parts = {};
    new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Amsterdam", weekday: "short", hour: "2-digit", minute: "2-digit", hour12: false })
      .formatToParts(now).forEach(function (p) { parts[p.type] = p.value; });
    return { day: ENGLISH[parts.weekday], minutes: (+parts.hour % 24) * 60 + (+parts.minute) };
  }
  function minutes(hhmm) { var p = hhmm.split(":"); return +p[0] * 60 + (+p[1]); }

  // The status line: open now (until when), opening later today, or the next day and time.
  function status(blocks, now) {
    var today = DAYS[now.day];
    var spans = [];
    blocks.forEach(function (b) { b.dagen.forEach(function (d) { spans.push({ day: d, from: b.van, to: b.tot }); }); });
    var open = spans.filter(function (s) { return s.day === today && minutes(s.from) <= now.minutes && now.minutes < minutes(s.to); })[0];
    if (open) return "Nu open, tot " + open.to + ".";
    var later = spans.filter(function (s) { return s.day === today && minutes(s.from) > now.minutes; })
      .sort(function (a, b) { return minutes(a.from) - minutes(b.from); })[0];
    if (later) return "Nu gesloten. Gaat vandaag open om " + later.from + ".";
    for (var step = 1; step <= 7; step++) {
      var day = DAYS[(now.day + step) % 7];
      var first = spans.filter(function (s) { return s.day === day; }).sort(function (a, b) { return minutes(a.from) - minutes(b.from); })[0];
      if (first) return "Nu gesloten. Weer open op " + (step === 1 ? "morgen (" + NAMES[day] + ")" : NAMES[day]) + " om " + first.from + ".";
    }
    return "";
  }

  var lines = Array.prototype.slice.call(document.querySelectorAll(".nu-open[data-tijden]"));
  if (!lines.length) return;  // the time zone costs a formatter: only where hours are shown
  var now = amsterdam(new Date());
  lines.forEach(function (line) {
    var text = status(JSON.parse(line.getAttribute("data-tijden")), now);
    if (!text) return;
    line.textContent = text;
    line.className += text.indexOf("Nu open") === 0 ? " is-open" : " is-dicht";
    line.hidden = false;
  });
}());
