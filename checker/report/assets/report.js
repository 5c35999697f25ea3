// checktrans HTML report: the severity filter. Pure JS, no network. "#severity=major" shows major and
// critical findings only; the choice is written back to the URL fragment so that a filtered view can be shared.
(function () {
  "use strict";
  var RANK = { minor: 1, major: 2, critical: 3 };
  function fromHash() {
    var m = /(?:^|[#&])severity=(minor|major|critical)\b/.exec(window.location.hash);
    return m ? m[1] : "minor";
  }
  function apply(level) {
    var min = RANK[level] || 1;
    document.body.setAttribute("data-min-severity", level);
    var visible = {};
    document.querySelectorAll("[data-finding]").forEach(function (el) {
      var show = RANK[el.getAttribute("data-severity")] >= min;
      el.hidden = !show;
      if (show) visible[el.getAttribute("data-finding")] = true;
    });
    // A highlight stays coloured while one of the findings it belongs to is shown.
    document.querySelectorAll("[data-refs]").forEach(function (el) {
      var on = el.getAttribute("data-refs").split(" ").some(function (id) { return visible[id]; });
      el.classList.toggle("off", !on);
    });
    var onlyFlagged = document.getElementById("only-flagged");
    document.querySelectorAll("tr.segment").forEach(function (tr) {
      var any = tr.querySelector("li.finding:not([hidden])") !== null;
      tr.hidden = !!(onlyFlagged && onlyFlagged.checked && !any);
    });
    document.querySelectorAll("[data-story-worst]").forEach(function (el) {
      var worst = el.getAttribute("data-story-worst");
      el.classList.toggle("below-filter", !(RANK[worst] >= min));
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var select = document.getElementById("severity-filter");
    var level = fromHash();
    if (select) select.value = level;
    apply(level);
    function changed() {
      var lvl = select ? select.value : "minor";
      if (window.history && window.history.replaceState) {
        window.history.replaceState(null, "", "#severity=" + lvl);
      }
      apply(lvl);
    }
    if (select) select.addEventListener("change", changed);
    var only = document.getElementById("only-flagged");
    if (only) only.addEventListener("change", changed);
    window.addEventListener("hashchange", function () {
      var lvl = fromHash();
      if (select) select.value = lvl;
      apply(lvl);
    });
  });
})();
