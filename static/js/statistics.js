/* Period tallies over time: one bar per tally spanning its period, coloured by reporter. */
(function () {
  "use strict";
  var el = document.getElementById("stat-chart");
  var dataEl = document.getElementById("stat-data");
  if (!el || !dataEl) return;
  var rows = JSON.parse(dataEl.textContent);
  var select = document.getElementById("stat-metric");
  var legend = document.getElementById("stat-legend");
  var NS = "http://www.w3.org/2000/svg", DAY = 86400000;
  var PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#6B6B6B", "#F0E442"];
  var lang = document.documentElement.lang || "ar";
  var nf = new Intl.NumberFormat(lang === "ar" ? "ar-u-nu-latn" : lang);
  var yearFmt = new Intl.DateTimeFormat(lang === "ar" ? "ar-u-nu-latn" : lang, { month: "short", year: "numeric", timeZone: "UTC" });

  function t(s) { var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s); return Date.UTC(+m[1], +m[2] - 1, +m[3]); }
  function node(tag, attrs, text) {
    var e = document.createElementNS(NS, tag);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }
  var reporters = [];
  rows.forEach(function (r) { var k = r.reporter || "—"; if (reporters.indexOf(k) < 0) reporters.push(k); });
  function colour(r) { return PALETTE[reporters.indexOf(r || "—") % PALETTE.length]; }

  function draw() {
    var metric = select.value;
    var points = rows.filter(function (r) { return r[metric] !== null && r[metric] !== undefined; });
    el.replaceChildren();
    if (!points.length) { var p = document.createElement("p"); p.className = "muted"; p.textContent = el.getAttribute("data-empty"); el.appendChild(p); return; }
    var width = Math.max(320, el.clientWidth || 600), height = 240, m = { l: 48, r: 12, t: 12, b: 28 };
    var iw = width - m.l - m.r, ih = height - m.t - m.b;
    var d0 = Math.min.apply(null, points.map(function (r) { return t(r.start); }));
    var d1 = Math.max.apply(null, points.map(function (r) { return t(r.end) + DAY; }));
    if (d1 - d0 < 30 * DAY) { d0 -= 15 * DAY; d1 += 15 * DAY; }
    var max = Math.max.apply(null, points.map(function (r) {
      return Math.max(r[metric], metric === "operations" && r.recorded ? r.recorded : 0);
    }).concat([1]));
    function x(v) { return m.l + (v - d0) / (d1 - d0) * iw; }
    function y(v) { return m.t + ih - v / max * ih; }
    var svg = node("svg", { width: width, height: height, viewBox: "0 0 " + width + " " + height, class: "stat-svg" });
    [0, max / 2, max].forEach(function (v) {
      svg.appendChild(node("line", { x1: m.l, x2: m.l + iw, y1: y(v), y2: y(v), class: "grid" }));
      svg.appendChild(node("text", { x: m.l - 6, y: y(v) + 4, "text-anchor": "end", class: "axis-label" }, nf.format(Math.round(v))));
    });
    var span = (d1 - d0) / DAY, stepMonths = span > 1500 ? 12 : span > 700 ? 6 : span > 250 ? 3 : 1;
    var d = new Date(d0), tick = d.getUTCDate() === 1 ? d0 : Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    while (tick < d1) {
      var dt = new Date(tick);
      if (dt.getUTCMonth() % stepMonths === 0) {
        svg.appendChild(node("line", { x1: x(tick), x2: x(tick), y1: m.t + ih, y2: m.t + ih + 4, class: "axis" }));
        svg.appendChild(node("text", { x: x(tick), y: height - 8, "text-anchor": "middle", class: "axis-label" }, yearFmt.format(dt)));
      }
      tick = Date.UTC(dt.getUTCFullYear(), dt.getUTCMonth() + 1, 1);
    }
    svg.appendChild(node("line", { x1: m.l, x2: m.l + iw, y1: m.t + ih, y2: m.t + ih, class: "axis" }));
    points.sort(function (a, b) { return b[metric] - a[metric]; }).forEach(function (r) {
      var x0 = x(t(r.start)), x1 = Math.max(x0 + 3, x(t(r.end) + DAY));
      var g = node("g", { class: "tally" });
      g.appendChild(node("rect", { x: x0, width: x1 - x0, y: y(r[metric]), height: m.t + ih - y(r[metric]), fill: colour(r.reporter), "fill-opacity": 0.25, stroke: colour(r.reporter) }));
      if (metric === "operations" && r.recorded !== null && r.recorded !== undefined) {
        // what OpsTracker holds for the same period, to judge completeness
        g.appendChild(node("line", { x1: x0, x2: x1, y1: y(r.recorded), y2: y(r.recorded), class: "recorded-line" }));
      }
      g.appendChild(node("title", {}, r.start + " – " + r.end + " · " + (r.reporter || "—") + (r.region ? " · " + r.region : "") + ": " + nf.format(r[metric])));
      svg.appendChild(g);
    });
    el.appendChild(svg);
  }
  reporters.forEach(function (r) {
    var li = document.createElement("li");
    var sw = document.createElement("span");
    sw.className = "swatch"; sw.style.background = colour(r);
    li.appendChild(sw); li.appendChild(document.createTextNode(r));
    legend.appendChild(li);
  });
  if (el.getAttribute("data-recorded-label")) {
    var li = document.createElement("li");
    var sw = document.createElement("span");
    sw.className = "swatch recorded";
    li.appendChild(sw); li.appendChild(document.createTextNode(el.getAttribute("data-recorded-label")));
    legend.appendChild(li);
  }
  select.addEventListener("change", draw);
  window.addEventListener("resize", draw);
  draw();
})();
