// checktrans review page: check a story through the local service, then accept or reject each finding and
// export the corrected English and the decisions. Plain JS, no network but this service; every text from the
// story goes into the page through textContent, never as HTML.
(function () {
  "use strict";

  var RANK = { minor: 1, major: 2, critical: 3 };
  var state = null; // {id, source, target, report, decisions: [{decision, suggestion, baseline}], current}

  function $(id) { return document.getElementById(id); }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else if (key === "className") node.className = attrs[key];
      else node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function status(message, isError) {
    var box = $("status");
    box.textContent = message || "";
    box.className = isError ? "error" : "";
  }

  function post(path, body) {
    return fetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().catch(function () { return { error: "HTTP " + response.status }; })
        .then(function (data) { return { ok: response.ok, status: response.status, data: data }; });
    });
  }

  function readFile(input, then) {
    var file = input.files && input.files[0];
    if (!file) return;
    var reader = new FileReader();
    reader.onload = function () { then(String(reader.result), file.name); };
    reader.onerror = function () { status("cannot read " + file.name, true); };
    reader.readAsText(file, "utf-8");
  }

  // -- loading a story ---------------------------------------------------------------------------------------

  function check() {
    var source = $("source").value, target = $("target").value;
    if (!source.trim() || !target.trim()) { status("paste or open both texts first", true); return; }
    var id = $("story-id").value.trim() || "story";
    status("checking…");
    $("check-button").disabled = true;
    post("/v1/check", { id: id, source: source, target: target }).then(function (answer) {
      $("check-button").disabled = false;
      if (!answer.ok) { status(answer.data.error || "the check failed", true); return; }
      load(id, source, target, answer.data);
      status(answer.data.findings.length + " findings · gate " + answer.data.gate);
    }, function () {
      $("check-button").disabled = false;
      status("the service did not answer", true);
    });
  }

  function openReport(text) {
    var data;
    try { data = JSON.parse(text); } catch (e) { status("not a JSON report: " + e.message, true); return; }
    if (Array.isArray(data)) data = data[0];
    if (data && data.report && typeof data.source === "string") { // a decisions file exported by this page
      $("source").value = data.source;
      $("target").value = data.target_original || data.target;
      data = data.report;
    }
    if (!data || data.version !== 1 || !Array.isArray(data.segments) || !Array.isArray(data.findings)) {
      status("not a checktrans JSON report (version 1)", true);
      return;
    }
    var source = $("source").value, target = $("target").value;
    var bad = data.findings.concat(data.segments).some(function (item) {
      return item.target_end > target.length || (item.source_end || 0) > source.length;
    });
    if (!source || !target || bad) {
      status("paste or open the two texts this report was made from, then open it again", true);
      return;
    }
    $("story-id").value = data.id || "story";
    load(data.id || "story", source, target, data);
    status("report opened: " + data.findings.length + " findings");
  }

  function load(id, source, target, report) {
    state = {
      id: id, source: source, target: target, report: report, current: 0,
      decisions: report.findings.map(function (f) {
        return { decision: "pending", suggestion: f.suggestions.length ? f.suggestions[0] : null, baseline: false };
      })
    };
    render();
    $("review").hidden = false;
    $("download-text").hidden = $("download-decisions").hidden = true;
    preview();
    if (report.findings.length) select(0);
  }

  // -- rendering -----------------------------------------------------------------------------------------------

  // text[start:end] as nodes, with spans [lo, hi, ref, severity] cut at every boundary into flat <mark>s listing
  // every finding that covers them (data-refs), and an empty span (an omission) as a caret: as the HTML report.
  function highlight(text, start, end, spans, isSource) {
    var clipped = [], points = {}, out = [];
    points[start] = points[end] = true;
    spans.forEach(function (s) {
      if (s[0] === null || s[1] === null || s[1] < start || s[0] > end) return;
      var lo = Math.max(s[0], start), hi = Math.min(s[1], end);
      clipped.push([lo, hi, s[2], s[3]]);
      points[lo] = points[hi] = true;
    });
    var cuts = Object.keys(points).map(Number).sort(function (a, b) { return a - b; });
    for (var i = 0; i < cuts.length; i++) {
      var a = cuts[i], b = i + 1 < cuts.length ? cuts[i + 1] : null;
      if (!isSource) {
        clipped.forEach(function (s) {
          if (s[0] === a && s[1] === a) {
            out.push(el("span", { className: "gap " + s[3], "data-refs": s[2], title: "something is missing here",
                                  text: "‸" }));
          }
        });
      }
      if (b === null) break;
      var piece = text.slice(a, b);
      var covering = clipped.filter(function (s) { return s[0] <= a && b <= s[1] && s[0] < s[1]; });
      if (!covering.length) { out.push(document.createTextNode(piece)); continue; }
      var worst = covering.reduce(function (w, s) { return RANK[s[3]] > RANK[w] ? s[3] : w; }, covering[0][3]);
      out.push(el("mark", {
        className: isSource ? "src" : worst,
        "data-refs": covering.map(function (s) { return s[2]; }).join(" "),
        text: piece
      }));
    }
    return out;
  }

  function findingItem(f, index) {
    var flagged = state.target.slice(f.target_start, f.target_end);
    var ref = "f" + index;
    var li = el("li", { className: "finding " + f.severity, id: ref, "data-finding": ref, "data-index": index,
                        "data-severity": f.severity, "data-decision": "pending", tabindex: "-1" });
    li.appendChild(el("span", { className: "badge " + f.severity, text: f.severity }));
    li.appendChild(document.createTextNode(" "));
    li.appendChild(el("code", { text: f.code }));
    li.appendChild(document.createTextNode(" " + f.check + " "));
    li.appendChild(flagged ? el("span", { className: "flagged", text: "“" + flagged + "”" })
                           : el("span", { className: "small", text: "(missing text)" }));
    li.appendChild(el("div", { className: "message", text: f.message }));
    if (f.suggestions.length) {
      var choices = el("div", { className: "fixline" }, ["→ "]);
      f.suggestions.forEach(function (s, k) {
        var input = el("input", { type: "radio", name: "suggestion-" + index, value: String(k) });
        if (k === 0) input.checked = true;
        input.addEventListener("change", function () { state.decisions[index].suggestion = s; mark(index); preview(); });
        choices.appendChild(el("label", { className: "suggestion" }, [input, s === "" ? "(delete)" : s]));
      });
      li.appendChild(choices);
    }
    var buttons = el("div", { className: "decide" });
    var accept = el("button", { type: "button", className: "accept", text: "Accept (a)" });
    var reject = el("button", { type: "button", className: "reject", text: "Reject (r)" });
    accept.addEventListener("click", function () { select(index); decide("accepted"); });
    reject.addEventListener("click", function () { select(index); decide("rejected"); });
    buttons.appendChild(accept);
    buttons.appendChild(reject);
    buttons.appendChild(el("span", { className: "verdict small" }));
    li.appendChild(buttons);
    li.appendChild(el("div", { className: "small" }, [
      el("span", { className: "badge " + f.fix, text: f.fix }),
      " confidence " + Number(f.confidence).toFixed(2) + " · " + f.category
    ]));
    li.addEventListener("click", function (event) {
      if (event.target.tagName !== "INPUT" && event.target.tagName !== "BUTTON") select(index);
    });
    return li;
  }

  function render() {
    var report = state.report;
    var bySegment = {};
    report.findings.forEach(function (f, i) {
      var key = f.segment === null || f.segment === undefined ? "doc" : String(f.segment);
      (bySegment[key] = bySegment[key] || []).push(i);
    });
    var counts = { critical: 0, major: 0, minor: 0 };
    report.findings.forEach(function (f) { counts[f.severity] += 1; });
    $("story-meta").textContent = state.id + " · " + report.source_lang + " → " + report.target_lang +
      " · score " + Number(report.score).toFixed(1) + "/100 · " + counts.critical + " critical, " + counts.major +
      " major, " + counts.minor + " minor · " + report.segments.length + " segments" +
      (report.gate ? " · gate " + report.gate : "");
    $("signature").textContent = report.signature || "";
    var docList = $("document-findings");
    docList.textContent = "";
    (bySegment.doc || []).forEach(function (i) { docList.appendChild(findingItem(report.findings[i], i)); });
    var body = $("segments");
    body.textContent = "";
    report.segments.forEach(function (seg) {
      var indices = bySegment[String(seg.index)] || [];
      var tgtSpans = indices.map(function (i) {
        var f = report.findings[i];
        return [f.target_start, f.target_end, "f" + i, f.severity];
      });
      var srcSpans = indices.filter(function (i) { return report.findings[i].source_start !== null; })
        .map(function (i) {
          var f = report.findings[i];
          return [f.source_start, f.source_end, "f" + i, f.severity];
        });
      var emptySource = seg.source_start === seg.source_end, emptyTarget = seg.target_start === seg.target_end;
      var source = emptySource ? [el("span", { className: "missing", text: "(nothing in the source: added)" })]
        : highlight(state.source, seg.source_start, seg.source_end, srcSpans, true);
      var target = emptyTarget ? [el("span", { className: "missing", text: "(not translated)" })]
        : highlight(state.target, seg.target_start, seg.target_end, tgtSpans, false);
      var list = el("ul", { className: "findings" });
      indices.forEach(function (i) { list.appendChild(findingItem(report.findings[i], i)); });
      var gap = emptySource || emptyTarget;
      var info = el("td", { className: "info" }, [
        "#" + seg.index + " ", el("span", { className: "badge " + (gap ? "gapkind" : "kind"), text: seg.kind }),
        el("br"), el("span", { className: "small", text: "score " + Math.round(seg.score) })
      ]);
      body.appendChild(el("tr", {
        className: "segment" + (gap ? " kind-gap" : "") + (indices.length ? "" : " clean"),
        id: "seg-" + seg.index
      }, [
        info,
        el("td", { className: "text source", lang: report.source_lang || "" }, source),
        el("td", { className: "text target", lang: report.target_lang || "" }, target),
        el("td", {}, [list])
      ]));
    });
  }

  // -- moving and deciding ----------------------------------------------------------------------------------------

  function select(index) {
    if (!state || !state.report.findings.length) return;
    var n = state.report.findings.length;
    state.current = Math.max(0, Math.min(n - 1, index));
    var ref = "f" + state.current;
    document.querySelectorAll(".current").forEach(function (node) { node.classList.remove("current"); });
    document.querySelectorAll("[data-refs]").forEach(function (node) {
      if (node.getAttribute("data-refs").split(" ").indexOf(ref) >= 0) node.classList.add("current");
    });
    var item = $(ref);
    item.classList.add("current");
    item.focus({ preventScroll: true }); // keys work at once, even after typing in a text box or opening a file
    item.scrollIntoView({ block: "nearest" });
  }

  function decide(decision) {
    if (!state || !state.report.findings.length) return;
    var index = state.current, f = state.report.findings[index], choice = state.decisions[index];
    if (choice.baseline && decision !== "rejected") {
      status("already in the baseline: remove it from the baseline file to see it again", true);
      return;
    }
    choice.decision = decision;
    mark(index);
    if (decision === "rejected" && !choice.baseline) {
      post("/v1/baseline", { id: state.id, source: state.source, target: state.target, finding: f })
        .then(function (answer) {
          if (answer.ok) {
            choice.baseline = true;
            status(f.code + " rejected: added to the baseline " + answer.data.baseline);
          } else {
            status(f.code + " rejected here, not in the baseline: " + (answer.data.error || answer.status), true);
          }
          mark(index);
        }, function () { status("the service did not answer", true); });
    } else if (decision === "accepted") {
      status(f.code + " accepted" + (choice.suggestion !== null ? ": “" + choice.suggestion + "”" : ""));
    }
    preview();
    var next = nextPending(index);
    if (next !== null) select(next);
  }

  function nextPending(from) {
    var n = state.report.findings.length;
    for (var step = 1; step <= n; step++) {
      var i = (from + step) % n;
      if (state.decisions[i].decision === "pending") return i;
    }
    return null;
  }

  function mark(index) {
    var choice = state.decisions[index], item = $("f" + index);
    item.setAttribute("data-decision", choice.decision);
    var verdict = item.querySelector(".verdict");
    verdict.textContent = choice.decision === "pending" ? "" :
      choice.decision + (choice.baseline ? " · in the baseline" : "");
    var last = null;
    document.querySelectorAll("[data-refs]").forEach(function (node) {
      if (node.getAttribute("data-refs").split(" ").indexOf("f" + index) >= 0) {
        node.setAttribute("data-decision", choice.decision);
        if (node.closest("td.target")) last = node;
      }
    });
    // An accepted fix shows its replacement right after the flagged text.
    document.querySelectorAll('ins[data-for="f' + index + '"]').forEach(function (node) { node.remove(); });
    if (choice.decision === "accepted" && choice.suggestion !== null && last) {
      last.after(el("ins", { className: "fix", "data-for": "f" + index, text: choice.suggestion || "(deleted)" }));
    }
    var tally = { accepted: 0, rejected: 0, pending: 0 };
    state.decisions.forEach(function (d) { tally[d.decision] += 1; });
    $("tally").textContent = tally.accepted + " accepted, " + tally.rejected + " rejected, " + tally.pending +
      " to review";
  }

  // -- the corrected English and the export ---------------------------------------------------------------------

  function acceptedFindings() {
    var out = [];
    state.report.findings.forEach(function (f, i) {
      var choice = state.decisions[i];
      if (choice.decision !== "accepted" || choice.suggestion === null) return;
      // The chosen suggestion first: apply_fixes applies a finding's first suggestion.
      var copy = JSON.parse(JSON.stringify(f));
      copy.suggestions = [choice.suggestion].concat(f.suggestions.filter(function (s) { return s !== choice.suggestion; }));
      out.push(copy);
    });
    return out;
  }

  var previewing = 0;
  function preview() {
    var ticket = ++previewing;
    return post("/v1/fix", { id: state.id, source: state.source, target: state.target,
                             findings: acceptedFindings(), unsafe: true })
      .then(function (answer) {
        if (ticket !== previewing) return null; // a later decision's preview is on its way
        if (!answer.ok) { status(answer.data.error || "the fix failed", true); return null; }
        $("corrected").value = answer.data.target;
        state.fixed = answer.data;
        return answer.data;
      });
  }

  function exportAll() {
    if (!state) return;
    preview().then(function (fixed) {
      if (!fixed) return;
      var decisions = {
        version: 1, id: state.id, signature: state.report.signature,
        source: state.source, target_original: state.target, target: fixed.target,
        decisions: state.report.findings.map(function (f, i) {
          var d = state.decisions[i];
          return {
            code: f.code, segment: f.segment, target_start: f.target_start, target_end: f.target_end,
            flagged: state.target.slice(f.target_start, f.target_end), message: f.message,
            decision: d.decision, suggestion: d.decision === "accepted" ? d.suggestion : null, baseline: d.baseline
          };
        }),
        applied: fixed.applied.length, left: fixed.left.length,
        report: state.report
      };
      offer($("download-text"), new Blob([fixed.target], { type: "text/plain;charset=utf-8" }), state.id + ".en.txt");
      offer($("download-decisions"), new Blob([JSON.stringify(decisions, null, 2) + "\n"],
            { type: "application/json" }), state.id + ".decisions.json");
      status("exported: " + fixed.applied.length + (fixed.applied.length === 1 ? " fix" : " fixes") + " applied");
    });
  }

  function offer(link, blob, name) {
    if (link.href && link.href.indexOf("blob:") === 0) URL.revokeObjectURL(link.href);
    link.href = URL.createObjectURL(blob);
    link.setAttribute("download", name.replace(/[\\/:*?"<>|]+/g, "_"));
    link.hidden = false;
  }

  // -- wiring ----------------------------------------------------------------------------------------------------

  document.addEventListener("keydown", function (event) {
    var tag = (event.target && event.target.tagName) || "";
    if (tag === "TEXTAREA" || (tag === "INPUT" && event.target.type !== "radio") || event.ctrlKey ||
        event.metaKey || event.altKey || !state) return;
    var key = event.key;
    if (key === "j") select(state.current + 1);
    else if (key === "k") select(state.current - 1);
    else if (key === "a") decide("accepted");
    else if (key === "r") decide("rejected");
    else if (key === "u") { state.decisions[state.current].decision = "pending"; mark(state.current); preview(); }
    else return;
    event.preventDefault();
  });

  document.addEventListener("DOMContentLoaded", function () {
    $("check-button").addEventListener("click", check);
    $("export-button").addEventListener("click", exportAll);
    $("source-file").addEventListener("change", function () {
      readFile($("source-file"), function (text) { $("source").value = text; });
    });
    $("target-file").addEventListener("change", function () {
      readFile($("target-file"), function (text, name) {
        $("target").value = text;
        var stem = name.replace(/\.[^.]*$/, "").replace(/\.(en|fr)$/, "");
        if ($("story-id").value === "story" && stem) $("story-id").value = stem;
      });
    });
    $("report-file").addEventListener("change", function () { readFile($("report-file"), openReport); });
    fetch("/healthz").then(function (r) { return r.json(); }).then(function (health) {
      $("service").textContent = "gate at " + health.fail_on + " · baseline " + (health.baseline || "none");
    }, function () { status("the service did not answer", true); });
  });
})();
