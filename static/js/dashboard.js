/* The analyst dashboard: filters <-> URL, clustered map, timeline with brush
 * and play, sortable paginated list, exports. Data comes from the REST API
 * with the same query string; every data value is put on screen with
 * textContent (OpsMap.h), never innerHTML. */
(function () {
  "use strict";
  var h = OpsMap.h;
  var cfg = OpsMap.readJSON("map-config", {});
  var S = OpsMap.readJSON("ui-strings", {});
  var mapEl = document.getElementById("map");
  var form = document.getElementById("filters");
  if (!mapEl || !form) return;

  var API = {
    geojson: mapEl.getAttribute("data-api-geojson"),
    list: mapEl.getAttribute("data-api-list"),
    csv: mapEl.getAttribute("data-api-csv"),
    aggregates: mapEl.getAttribute("data-api-aggregates")
  };
  var FILTER_KEYS = ["date_after", "date_before", "type", "actor", "governorate", "status", "min_confidence", "q", "bbox"];
  var DATE_KEYS = ["date_after", "date_before"];
  var PAGE_SIZE = 25;
  var DAY = 86400000;
  var TYPES = Object.keys(cfg.typeColours || {});
  var lang = document.documentElement.lang || "ar";
  var rtl = document.documentElement.dir === "rtl";
  var numberFmt = new Intl.NumberFormat(lang === "ar" ? "ar-u-nu-latn" : lang);
  var monthFmt = new Intl.DateTimeFormat(lang === "ar" ? "ar-u-nu-latn" : lang, { month: "short", timeZone: "UTC" });
  var dayFmt = new Intl.DateTimeFormat(lang === "ar" ? "ar-u-nu-latn" : lang, { month: "short", day: "numeric", timeZone: "UTC" });

  function fmt(template, values) {
    return String(template || "").replace(/%\((\w+)\)s/g, function (m, key) { return values[key]; });
  }
  function num(n) { return n === null || n === undefined ? "—" : numberFmt.format(n); }
  function colourOf(type) { return cfg.typeColours[type] || cfg.typeColours.other || "#666"; }
  function typeLabel(type) { return (cfg.typeLabels || {})[type] || type || "—"; }

  // --- state: the URL query string is the single source of truth -----------------
  var state = new URLSearchParams(window.location.search);
  // A shared link with a bbox (API style) means "limited to that area".
  if (state.get("bbox") && !state.has("in_view")) state.set("in_view", "1");

  function stateToForm() {
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name) return;
      if (el.type === "checkbox") {
        el.checked = el.name === "in_view" ? state.has("in_view") : state.getAll(el.name).indexOf(el.value) >= 0;
      } else if (el.type === "range") {
        el.value = state.get(el.name) || "0";
      } else if (el.tagName !== "BUTTON") {
        el.value = state.get(el.name) || "";
      }
    });
    updateConfidenceOutput();
  }

  function formToState() {
    var next = new URLSearchParams();
    new FormData(form).forEach(function (value, key) {
      value = String(value).trim();
      if (!value || key === "bbox") return;
      if (key === "min_confidence" && Number(value) === 0) return;
      next.append(key, value);
    });
    if (next.has("in_view")) next.set("bbox", currentBbox());
    ["ordering", "interval"].forEach(function (key) { if (state.has(key)) next.set(key, state.get(key)); });
    return next; // page is reset by any filter change
  }

  function writeURL(push) {
    var qs = state.toString();
    var url = window.location.pathname + (qs ? "?" + qs : "");
    if (url === window.location.pathname + window.location.search) return;
    if (push) window.history.pushState(null, "", url);
    else window.history.replaceState(null, "", url);
  }

  function apiQuery(opts) {
    opts = opts || {};
    var q = new URLSearchParams();
    FILTER_KEYS.forEach(function (key) {
      if (opts.noDates && DATE_KEYS.indexOf(key) >= 0) return;
      state.getAll(key).forEach(function (value) { if (value !== "") q.append(key, value); });
    });
    return q;
  }

  function withQuery(base, q) { var s = q.toString(); return base + (s ? "?" + s : ""); }

  // --- fetching ------------------------------------------------------------------
  var controller = null;
  function fetchJSON(url, signal) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" }, signal: signal })
      .then(function (response) {
        if (!response.ok) {
          var err = new Error("HTTP " + response.status);
          err.status = response.status;
          if (response.status !== 400) throw err;
          return response.json().then(function (body) { err.body = body; throw err; }, function () { throw err; });
        }
        return response.json();
      });
  }
  var statusEl = document.getElementById("load-status");
  function setStatus(text, isError) {
    statusEl.textContent = text || "";
    statusEl.classList.toggle("error", !!isError);
  }

  // --- map -----------------------------------------------------------------------
  var base = OpsMap.createMap("map", { strings: S });
  var map = base.map;
  var markers = L.markerClusterGroup({
    showCoverageOnHover: false,
    maxClusterRadius: 45,
    chunkedLoading: true,
    iconCreateFunction: clusterIcon
  });
  var uncertainty = L.layerGroup();
  map.addLayer(uncertainty);
  map.addLayer(markers);
  L.control.layers(null, (function () {
    var overlays = {};
    overlays[S.incidents || "Incidents"] = markers;
    overlays[S.uncertainty || "Location uncertainty"] = uncertainty;
    overlays[S.governorates || "Governorates"] = base.boundaries;
    return overlays;
  })(), { collapsed: true, position: rtl ? "topleft" : "topright" }).addTo(map);
  var markerById = {};

  function clusterIcon(cluster) {
    var counts = {}, total = 0;
    cluster.getAllChildMarkers().forEach(function (m) {
      var t = m.options.incidentType || "other";
      counts[t] = (counts[t] || 0) + 1;
      total += 1;
    });
    var stops = [], acc = 0;
    TYPES.forEach(function (t) {
      if (!counts[t]) return;
      var from = acc / total * 360; acc += counts[t];
      stops.push(colourOf(t) + " " + from.toFixed(1) + "deg " + (acc / total * 360).toFixed(1) + "deg");
    });
    var n = cluster.getChildCount();
    var size = n < 10 ? 34 : n < 100 ? 40 : 48;
    var ring = h("div", { className: "cluster-ring", style: { background: "conic-gradient(" + stops.join(",") + ")" } }, [
      h("span", { className: "cluster-count", text: num(n) })
    ]);
    return L.divIcon({ html: ring, className: "incident-cluster", iconSize: L.point(size, size) });
  }

  function placeLatin(name) {
    if (!name) return "";
    if (cfg.knownPlaces && cfg.knownPlaces[name]) return cfg.knownPlaces[name];
    return window.OpsTransliterate && OpsTransliterate.hasArabic(name) ? OpsTransliterate.transliterate(name) : "";
  }

  function actorName(actor) {
    var slug = typeof actor === "string" ? actor : (actor && (actor.slug || actor.name_en)) || "";
    var known = (cfg.actorNames || {})[slug];
    if (known) return rtl ? (known.name_ar || known.name_en) : known.name_en;
    if (actor && typeof actor === "object") return rtl ? (actor.name_ar || actor.name_en || slug) : (actor.name_en || slug);
    return slug;
  }

  function placeNode(p) {
    var latin = placeLatin(p.place_name);
    return h("span", { className: "place" }, [
      h("bdi", { lang: "ar", dir: "rtl", text: p.place_name || "—" }),
      latin ? " " : null,
      latin ? h("bdi", { className: "latin", lang: "en", dir: "ltr", text: latin }) : null
    ]);
  }

  function governorateName(name) {
    if (!name) return "";
    return rtl ? ((cfg.governorateAr || {})[name] || name) : name;
  }

  function incidentURL(id) { return "/incidents/" + encodeURIComponent(id) + "/"; }

  function popupContent(p) {
    var counts = [["killed", p.killed], ["arrested", p.arrested], ["injured", p.injured]].filter(function (c) {
      return c[1] !== null && c[1] !== undefined;
    });
    var actors = (p.actors || []).map(actorName).filter(Boolean);
    var precision = p.geo_precision ? ((cfg.precisionLabels || {})[p.geo_precision] || p.geo_precision) : "";
    return h("div", { className: "popup", dir: rtl ? "rtl" : "ltr" }, [
      h("div", { className: "popup-type" }, [
        h("span", { className: "swatch round", style: { background: colourOf(p.type) } }),
        h("strong", { text: typeLabel(p.type) }),
        p.subtype ? h("span", { className: "muted", text: " · " + p.subtype }) : null
      ]),
      h("div", { className: "popup-date", text: (p.date_start || "—") + (p.date_precision && p.date_precision !== "day" ? " (" + (S.precision_date || "") + ": " + ((cfg.datePrecisionLabels || {})[p.date_precision] || p.date_precision) + ")" : "") }),
      h("div", { className: "popup-place" }, [
        placeNode(p),
        p.governorate ? h("span", { className: "muted", text: " · " + governorateName(p.governorate) }) : null,
        precision ? h("span", { className: "muted", text: " · " + (S.precision || "") + ": " + precision }) : null
      ]),
      counts.length ? h("ul", { className: "popup-counts" }, counts.map(function (c) {
        return h("li", {}, [h("strong", { text: num(c[1]) }), " " + (S[c[0]] || c[0])]);
      })) : null,
      actors.length ? h("div", { className: "popup-actors", text: (S.actors || "Actors") + ": " + actors.join("، ") }) : null,
      h("div", { className: "popup-meta muted" }, [
        num(p.sources_count) + " " + (p.sources_count === 1 ? S.source : S.sources),
        " · " + (S.confidence || "") + " " + Math.round((p.confidence || 0) * 100) + "%",
        " · " + ((cfg.statusLabels || {})[p.status] || p.status || "")
      ]),
      p.summary_en ? h("p", { className: "popup-summary", lang: "en", dir: "ltr", text: p.summary_en }) : null,
      h("a", { href: incidentURL(p.id), className: "popup-link", text: S.open || "Open" })
    ]);
  }

  function renderMap(data, fit) {
    var features = (data && (data.features || (data.results && data.results.features))) || [];
    markers.clearLayers();
    uncertainty.clearLayers();
    markerById = {};
    var layers = [], unmapped = 0;
    features.forEach(function (f) {
      var p = f.properties || {};
      if (p.id === undefined) p.id = f.id;
      if (!f.geometry || f.geometry.type !== "Point") { unmapped += 1; return; }
      var latlng = L.latLng(f.geometry.coordinates[1], f.geometry.coordinates[0]);
      var colour = colourOf(p.type);
      var marker = L.circleMarker(latlng, {
        radius: 7, color: "#ffffff", weight: 1.5, fillColor: colour, fillOpacity: 0.95, incidentType: p.type
      });
      marker.bindPopup(function () { return popupContent(p); }, { maxWidth: 320, minWidth: 220 });
      marker.on("popupopen", function () {
        if (p.geo_precision === "governorate" || p.geo_precision === "region") base.highlightGovernorate((cfg.governorateKeys || {})[p.governorate]);
      });
      marker.on("popupclose", function () { base.highlightGovernorate(null); });
      markerById[p.id] = marker;
      layers.push(marker);
      var radius = (cfg.precisionRadius || {})[p.geo_precision];
      if (radius) {
        uncertainty.addLayer(L.circle(latlng, {
          radius: radius, color: colour, weight: 1, opacity: 0.7, dashArray: "4 4", fillOpacity: 0.05, interactive: false
        }));
      }
    });
    markers.addLayers(layers);
    var byType = {};
    features.forEach(function (f) { var t = (f.properties || {}).type || "other"; byType[t] = (byType[t] || 0) + 1; });
    document.querySelectorAll(".legend-count[data-type]").forEach(function (span) {
      var n = byType[span.getAttribute("data-type")] || 0;
      span.textContent = "(" + num(n) + ")";
    });
    document.getElementById("count-map").textContent = num(features.length);
    var truncated = data && data.metadata && data.metadata.truncated;
    document.getElementById("map-truncated").hidden = !truncated;
    document.getElementById("count-unmapped").textContent = unmapped ? "(" + fmt(S.unmapped, { count: num(unmapped) }) + ")" : "";
    mapEl.setAttribute("data-marker-count", String(layers.length));
    if (fit && layers.length) map.fitBounds(L.featureGroup(layers).getBounds().pad(0.15), { maxZoom: 8 }); // keep governorates in view (offline)
  }

  function currentBbox() {
    var b = map.getBounds();
    function c(v, lo, hi) { return Math.max(lo, Math.min(hi, v)).toFixed(4); }
    return [c(b.getWest(), -180, 180), c(b.getSouth(), -90, 90), c(b.getEast(), -180, 180), c(b.getNorth(), -90, 90)].join(",");
  }

  // --- list ----------------------------------------------------------------------
  var rowsEl = document.getElementById("incident-rows");
  var pageInfo = document.getElementById("page-info");
  var prevBtn = document.getElementById("page-prev");
  var nextBtn = document.getElementById("page-next");

  function currentPage() { return Math.max(1, parseInt(state.get("page") || "1", 10) || 1); }
  function currentOrdering() { return state.get("ordering") || "-date_start"; }

  function renderList(data) {
    var results = (data && data.results) || [];
    var count = (data && typeof data.count === "number") ? data.count : results.length;
    var pages = Math.max(1, Math.ceil(count / PAGE_SIZE));
    rowsEl.replaceChildren.apply(rowsEl, results.map(function (r) {
      var p = r.properties ? Object.assign({ id: r.id }, r.properties) : r;
      var actors = (p.actors || []).map(actorName).filter(Boolean);
      return h("tr", { "data-id": p.id }, [
        h("td", {}, [h("a", { href: incidentURL(p.id), text: p.date_start || "—" })]),
        h("td", { className: "type-label" }, [h("span", { className: "swatch round", style: { background: colourOf(p.type) } }), typeLabel(p.type)]),
        h("td", {}, [
          placeNode(p),
          markerById[p.id] ? h("button", {
            type: "button", className: "icon-button", title: S.showOnMap, "aria-label": S.showOnMap, text: "⌖",
            onclick: function () { showOnMap(p.id); }
          }) : null
        ]),
        h("td", { text: governorateName(p.governorate) || "—" }),
        h("td", { className: "num", text: num(p.killed) }),
        h("td", { className: "num", text: num(p.arrested) }),
        h("td", { text: actors.join("، ") || "—" }),
        h("td", { className: "num", text: p.confidence === undefined || p.confidence === null ? "—" : Math.round(p.confidence * 100) + "%" }),
        h("td", { text: (cfg.statusLabels || {})[p.status] || p.status || "" })
      ]);
    }));
    document.getElementById("count-list").textContent = num(count);
    document.getElementById("list-empty").hidden = count > 0;
    pageInfo.textContent = fmt(S.page, { page: num(currentPage()), pages: num(pages) });
    prevBtn.disabled = currentPage() <= 1;
    nextBtn.disabled = currentPage() >= pages;
    var ordering = currentOrdering();
    document.querySelectorAll("#incident-table th").forEach(function (th) {
      var btn = th.querySelector("button[data-sort]");
      if (!btn) return;
      var key = btn.getAttribute("data-sort");
      th.setAttribute("aria-sort", ordering === key ? "ascending" : ordering === "-" + key ? "descending" : "none");
    });
  }

  function showOnMap(id) {
    var marker = markerById[id];
    if (!marker) return;
    mapEl.scrollIntoView({ behavior: "smooth", block: "center" });
    // Centre at a regional zoom (governorate outlines stay in view offline) and
    // spread out the cluster the marker is in, instead of zooming to street level.
    map.setView(marker.getLatLng(), Math.max(map.getZoom(), 8), { animate: false });
    setTimeout(function () {
      var parent = markers.getVisibleParent(marker);
      if (parent && parent !== marker && parent.spiderfy) parent.spiderfy();
      setTimeout(function () { marker.openPopup(); }, parent && parent !== marker ? 300 : 0);
    }, 50);
  }

  // --- timeline ------------------------------------------------------------------
  var chartEl = document.getElementById("timeline-chart");
  var intervalSelect = document.getElementById("timeline-interval");
  var playBtn = document.getElementById("timeline-play");
  var SVGNS = "http://www.w3.org/2000/svg";
  var timeline = { key: null, interval: "day", buckets: [] };

  function parseISO(s) {
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s || "");
    return m ? Date.UTC(+m[1], +m[2] - 1, +m[3]) : null;
  }
  function toISO(ms) { return new Date(ms).toISOString().slice(0, 10); }
  function bucketDays() { return timeline.interval === "week" ? 7 : 1; }
  function floorBucket(ms) {
    ms = Math.floor(ms / DAY) * DAY;
    if (timeline.interval === "week") ms -= ((new Date(ms).getUTCDay() + 6) % 7) * DAY; // weeks start on Monday
    return ms;
  }

  function groupBuckets(rows) {
    var byPeriod = {};
    (rows || []).forEach(function (b) {
      var t = parseISO(b.period);
      if (t === null) return;
      var entry = byPeriod[t] || (byPeriod[t] = { start: t, counts: {}, total: 0 });
      entry.counts[b.type || "other"] = (entry.counts[b.type || "other"] || 0) + (b.count || 0);
      entry.total += b.count || 0;
    });
    return Object.keys(byPeriod).map(function (k) { return byPeriod[k]; }).sort(function (a, b) { return a.start - b.start; });
  }

  function loadTimeline(signal) {
    var choice = state.get("interval") || "auto";
    var q = apiQuery({ noDates: true });
    var key = q.toString() + "|" + choice;
    if (key === timeline.key) { drawTimeline(); return Promise.resolve(); }
    function get(interval) {
      var p = new URLSearchParams(q); p.set("interval", interval);
      return fetchJSON(withQuery(API.aggregates, p), signal);
    }
    return get(choice === "day" ? "day" : "week").then(function (data) {
      if (choice === "auto") {
        var buckets = groupBuckets(data.buckets);
        if (buckets.length && (buckets[buckets.length - 1].start - buckets[0].start) / DAY <= 150) return get("day");
      }
      return data;
    }).then(function (data) {
      if (signal && signal.aborted) return;
      timeline.key = key;
      timeline.interval = data.interval === "week" ? "week" : "day";
      timeline.buckets = groupBuckets(data.buckets);
      timeline.undated = data.undated;
      drawTimeline();
    });
  }

  function selection() {
    var a = parseISO(state.get("date_after")), b = parseISO(state.get("date_before"));
    if (a === null && b === null) return null;
    return { start: a, end: b };
  }

  function inSelection(bucketStart, sel) {
    if (!sel) return true;
    var bucketEnd = bucketStart + bucketDays() * DAY - DAY;
    return (sel.start === null || bucketStart >= sel.start) && (sel.end === null || bucketEnd <= sel.end);
  }

  function svg(tag, attrs, children) {
    var el = document.createElementNS(SVGNS, tag);
    Object.keys(attrs || {}).forEach(function (k) { el.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) { if (c) el.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return el;
  }

  var geometry = null;
  function drawTimeline() {
    var buckets = timeline.buckets;
    var sel = selection();
    var selected = 0;
    buckets.forEach(function (b) { if (inSelection(b.start, sel)) selected += b.total; });
    document.getElementById("count-timeline").textContent = num(selected);
    chartEl.setAttribute("data-bucket-count", String(buckets.length));
    chartEl.setAttribute("data-interval", timeline.interval);
    var width = Math.max(320, chartEl.clientWidth || 600), height = 160;
    var m = { left: 40, right: 12, top: 10, bottom: 24 };
    var iw = width - m.left - m.right, ih = height - m.top - m.bottom;
    if (!buckets.length) {
      geometry = null;
      chartEl.replaceChildren(h("p", { className: "muted empty-chart", text: S.noData || "" }));
      return;
    }
    var step = bucketDays() * DAY;
    var d0 = buckets[0].start, d1 = buckets[buckets.length - 1].start + step;
    if (sel && sel.start !== null && sel.start < d0) d0 = floorBucket(sel.start);
    if (sel && sel.end !== null && sel.end + DAY > d1) d1 = floorBucket(sel.end) + step;
    var minBuckets = 14; // a few incidents should not become a few giant bars
    if ((d1 - d0) / step < minBuckets) {
      var pad = Math.floor((minBuckets - (d1 - d0) / step) / 2);
      d0 -= pad * step;
      d1 = d0 + minBuckets * step;
    }
    var maxTotal = Math.max.apply(null, buckets.map(function (b) { return b.total; }).concat([1]));
    var niceMax = niceCeil(maxTotal);
    function x(t) { return m.left + (t - d0) / (d1 - d0) * iw; }
    function y(v) { return m.top + ih - v / niceMax * ih; }
    geometry = { x0: m.left, x1: m.left + iw, d0: d0, d1: d1, width: width };

    var root = svg("svg", { width: width, height: height, viewBox: "0 0 " + width + " " + height, role: "img", class: "timeline-svg" });
    root.appendChild(svg("title", {}, [S.incidents || ""]));
    // grid and y labels
    (niceMax >= 2 ? [0, niceMax / 2, niceMax] : [0, niceMax]).forEach(function (v) {
      root.appendChild(svg("line", { x1: m.left, x2: m.left + iw, y1: y(v), y2: y(v), class: "grid" }));
      root.appendChild(svg("text", { x: m.left - 6, y: y(v) + 4, class: "axis-label", "text-anchor": "end" }, [num(Math.round(v))]));
    });
    // bars
    var bars = svg("g", { class: "bars" });
    buckets.forEach(function (b) {
      var bx = x(b.start), bw = Math.max(1, x(b.start + step) - bx - (iw / ((d1 - d0) / step) > 4 ? 1 : 0));
      var acc = 0;
      var group = svg("g", { class: inSelection(b.start, sel) ? "bucket" : "bucket dim", "data-period": toISO(b.start) });
      var lines = [toISO(b.start) + (bucketDays() > 1 ? " – " + toISO(b.start + step - DAY) : "") + ": " + num(b.total)];
      TYPES.forEach(function (t) {
        var c = b.counts[t];
        if (!c) return;
        lines.push(typeLabel(t) + ": " + num(c));
        group.appendChild(svg("rect", { x: bx, width: bw, y: y(acc + c), height: Math.max(0.5, y(acc) - y(acc + c)), fill: colourOf(t) }));
        acc += c;
      });
      group.appendChild(svg("title", {}, [lines.join("\n")]));
      bars.appendChild(group);
    });
    root.appendChild(bars);
    // x axis ticks
    root.appendChild(svg("line", { x1: m.left, x2: m.left + iw, y1: m.top + ih, y2: m.top + ih, class: "axis" }));
    ticks(d0, d1, iw).forEach(function (t) {
      root.appendChild(svg("line", { x1: x(t.at), x2: x(t.at), y1: m.top + ih, y2: m.top + ih + 4, class: "axis" }));
      root.appendChild(svg("text", { x: x(t.at), y: height - 6, class: "axis-label", "text-anchor": "middle" }, [t.label]));
    });
    // selection and brush overlay
    if (sel) {
      var sx = sel.start === null ? m.left : Math.max(m.left, x(sel.start));
      var ex = sel.end === null ? m.left + iw : Math.min(m.left + iw, x(sel.end + DAY));
      if (ex > sx) root.appendChild(svg("rect", { x: sx, y: m.top, width: ex - sx, height: ih, class: "brush-selection" }));
    }
    var brushRect = svg("rect", { x: 0, y: m.top, width: 0, height: ih, class: "brush-active" });
    root.appendChild(brushRect);
    var overlay = svg("rect", {
      x: m.left, y: 0, width: iw, height: height, class: "brush-overlay", tabindex: "0",
      "aria-label": S.brushHelp || ""
    });
    root.appendChild(overlay);
    attachBrush(root, overlay, brushRect);
    var hadFocus = chartEl.contains(document.activeElement);
    chartEl.replaceChildren(root);
    if (hadFocus) overlay.focus();
  }

  function niceCeil(v) {
    if (v <= 2) return 2;
    var p = Math.pow(10, Math.floor(Math.log10(v)));
    var n = v / p;
    return (n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10) * p;
  }

  function ticks(d0, d1, iw) {
    var spanDays = (d1 - d0) / DAY, maxTicks = Math.max(2, Math.floor(iw / 70)), out = [];
    var t, d;
    if (spanDays / 30 > maxTicks * 0.9 || spanDays > 120) {
      var monthStep = Math.max(1, Math.ceil(spanDays / 30.4 / maxTicks));
      d = new Date(d0); t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
      while (t < d1) {
        d = new Date(t);
        if (d.getUTCMonth() % monthStep === 0) {
          out.push({ at: t, label: d.getUTCMonth() === 0 || !out.length ? monthFmt.format(d) + " " + d.getUTCFullYear() : monthFmt.format(d) });
        }
        t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
      }
    } else {
      var dayStep = [1, 2, 7, 14, 28].find(function (s) { return spanDays / s <= maxTicks; }) || 28;
      t = dayStep >= 7 ? d0 - ((new Date(d0).getUTCDay() + 6) % 7) * DAY : d0;
      if (t < d0) t += 7 * DAY;
      for (; t < d1; t += dayStep * DAY) out.push({ at: t, label: dayFmt.format(new Date(t)) });
    }
    return out;
  }

  function timeAt(px) {
    var g = geometry;
    var clamped = Math.max(g.x0, Math.min(g.x1, px));
    return g.d0 + (clamped - g.x0) / (g.x1 - g.x0) * (g.d1 - g.d0);
  }

  function attachBrush(root, overlay, brushRect) {
    var startX = null;
    function localX(evt) {
      var box = root.getBoundingClientRect();
      return (evt.clientX - box.left) * (geometry.width / box.width);
    }
    overlay.addEventListener("pointerdown", function (evt) {
      if (!geometry) return;
      evt.preventDefault();
      startX = localX(evt);
      overlay.setPointerCapture(evt.pointerId);
      brushRect.setAttribute("x", startX);
      brushRect.setAttribute("width", 0);
    });
    overlay.addEventListener("pointermove", function (evt) {
      if (startX === null) return;
      var cx = Math.max(geometry.x0, Math.min(geometry.x1, localX(evt)));
      brushRect.setAttribute("x", Math.min(startX, cx));
      brushRect.setAttribute("width", Math.abs(cx - startX));
    });
    overlay.addEventListener("pointerup", function (evt) {
      if (startX === null) return;
      var endX = localX(evt), a = Math.min(startX, endX), b = Math.max(startX, endX);
      startX = null;
      var from = floorBucket(timeAt(a));
      var to = Math.abs(b - a) < 4 ? from : floorBucket(timeAt(b));
      var until = to + bucketDays() * DAY - DAY;
      var sel = selection();
      if (Math.abs(b - a) < 4 && sel && sel.start === from && sel.end === until) setDates(null, null, true);
      else setDates(toISO(from), toISO(until), true);
    });
    overlay.addEventListener("pointercancel", function () { startX = null; brushRect.setAttribute("width", 0); });
    // Keyboard: arrows move the selection one period, shift+arrows widen/narrow it, Escape clears.
    overlay.addEventListener("keydown", function (evt) {
      var buckets = timeline.buckets;
      if (!buckets.length) return;
      var step = bucketDays() * DAY, sel = selection();
      var from = sel && sel.start !== null ? floorBucket(sel.start) : buckets[0].start;
      var until = sel && sel.end !== null ? floorBucket(sel.end) + step - DAY : from + step - DAY;
      if (evt.key === "Escape") { evt.preventDefault(); setDates(null, null, true); return; }
      var dir = evt.key === "ArrowRight" ? 1 : evt.key === "ArrowLeft" ? -1 : 0;
      if (!dir) return;
      evt.preventDefault();
      if (evt.shiftKey) until = Math.max(from + step - DAY, until + dir * step);
      else if (sel) { from += dir * step; until += dir * step; }
      setDates(toISO(from), toISO(until), true);
    });
  }

  function setDates(from, until, push) {
    if (from) state.set("date_after", from); else state.delete("date_after");
    if (until) state.set("date_before", until); else state.delete("date_before");
    state.delete("page");
    writeURL(push);
    stateToForm();
    return refresh({});
  }

  // play: step the selected window through time, one bucket at a time
  var playing = false, playTimer = null;
  function setPlaying(on) {
    playing = on;
    playBtn.textContent = on ? S.pause : S.play;
    playBtn.setAttribute("aria-pressed", on ? "true" : "false");
    if (!on && playTimer) { clearTimeout(playTimer); playTimer = null; }
  }
  function playStep(first) {
    if (!playing) return;
    var buckets = timeline.buckets;
    if (!buckets.length) { setPlaying(false); return; }
    var step = bucketDays() * DAY, last = buckets[buckets.length - 1].start;
    var sel = selection();
    var width = sel && sel.start !== null && sel.end !== null ? Math.max(step, sel.end + DAY - sel.start) : step;
    var from;
    if (first && (!sel || sel.start === null || sel.start >= last)) from = buckets[0].start;
    else from = (sel && sel.start !== null ? floorBucket(sel.start) : buckets[0].start) + (first ? 0 : step);
    if (from > last) { setPlaying(false); writeURL(true); return; }
    setDates(toISO(from), toISO(from + width - DAY), false).then(function () {
      if (playing) playTimer = setTimeout(function () { playStep(false); }, 900);
    });
  }
  playBtn.addEventListener("click", function () {
    if (playing) { setPlaying(false); writeURL(true); return; }
    setPlaying(true);
    playStep(true);
  });
  document.getElementById("timeline-clear").addEventListener("click", function () {
    setPlaying(false);
    setDates(null, null, true);
  });
  intervalSelect.value = state.get("interval") || "auto";
  intervalSelect.addEventListener("change", function () {
    if (intervalSelect.value === "auto") state.delete("interval"); else state.set("interval", intervalSelect.value);
    writeURL(true);
    refresh({});
  });

  // --- exports -------------------------------------------------------------------
  function updateExports() {
    var q = apiQuery();
    document.getElementById("export-csv").href = withQuery(API.csv, q);
    var gq = new URLSearchParams(q);
    gq.set("limit", "50000"); // the API's maximum: the export is the whole selection, not the map's first 10,000
    document.getElementById("export-geojson").href = withQuery(API.geojson, gq);
    var aq = new URLSearchParams(q);
    aq.set("columns", "acled");
    document.getElementById("export-acled").href = withQuery(API.csv, aq);
  }

  // --- refresh everything from the state -----------------------------------------
  var lastMapKey = null;
  function refresh(opts) {
    opts = opts || {};
    if (controller) controller.abort();
    controller = new AbortController();
    var signal = controller.signal;
    setStatus(S.loading);
    updateExports();
    var q = apiQuery();
    var mapKey = q.toString();
    var govs = state.getAll("governorate");
    base.selectGovernorate(govs.length === 1 ? (cfg.governorateKeys || {})[govs[0]] : null);
    var mapJob = mapKey === lastMapKey ? Promise.resolve(null) : fetchJSON(withQuery(API.geojson, q), signal);
    var lq = new URLSearchParams(q);
    lq.set("page", String(currentPage()));
    lq.set("page_size", String(PAGE_SIZE));
    lq.set("ordering", currentOrdering());
    var listJob = fetchJSON(withQuery(API.list, lq), signal).catch(function (err) {
      if (err.status === 404 && currentPage() > 1) { // the page no longer exists
        state.delete("page"); writeURL(false); lq.set("page", "1");
        return fetchJSON(withQuery(API.list, lq), signal);
      }
      throw err;
    });
    // Render map, list and timeline together so they always show the same selection.
    return Promise.all([mapJob, listJob, loadTimeline(signal)]).then(function (results) {
      if (results[0]) { lastMapKey = mapKey; renderMap(results[0], opts.fit); }
      renderList(results[1]);
      setStatus("");
      document.body.setAttribute("data-loaded", "true");
    }, function (err) {
      if (err && err.name === "AbortError") return;
      if (err && err.status === 400 && err.body && typeof err.body === "object") {
        // the API names the filter it could not read: show that, not a generic failure
        var problems = Object.keys(err.body).map(function (key) {
          var v = err.body[key];
          return key + ": " + (Array.isArray(v) ? v.join(" ") : String(v));
        });
        setStatus((S.invalid || "") + " " + problems.join("; "), true);
        return;
      }
      setStatus(S.failed, true);
    });
  }

  // --- events --------------------------------------------------------------------
  var debounce = null;
  function onFilterChange() {
    clearTimeout(debounce);
    debounce = setTimeout(function () {
      var next = formToState();
      if (next.toString() === state.toString()) return; // e.g. "change" on blur after typing
      setPlaying(false);
      state = next;
      writeURL(true);
      refresh({ fit: !state.has("in_view") });
    }, 250);
  }
  form.addEventListener("change", onFilterChange);
  form.addEventListener("input", function (evt) {
    if (evt.target.type === "range") updateConfidenceOutput();
    if (evt.target.type === "search" || evt.target.type === "range") onFilterChange();
  });
  form.addEventListener("submit", function (evt) { evt.preventDefault(); onFilterChange(); });
  document.getElementById("reset-filters").addEventListener("click", function (evt) {
    evt.preventDefault();
    setPlaying(false);
    state = new URLSearchParams();
    writeURL(true);
    stateToForm();
    refresh({ fit: true });
  });
  window.addEventListener("popstate", function () {
    setPlaying(false);
    state = new URLSearchParams(window.location.search);
    if (state.get("bbox") && !state.has("in_view")) state.set("in_view", "1");
    intervalSelect.value = state.get("interval") || "auto";
    stateToForm();
    refresh({});
  });
  map.on("moveend", function () {
    if (!state.has("in_view")) return;
    var bbox = currentBbox();
    if (bbox === state.get("bbox")) return;
    state.set("bbox", bbox);
    state.delete("page");
    writeURL(false);
    clearTimeout(debounce);
    debounce = setTimeout(function () { refresh({}); }, 300);
  });
  document.querySelectorAll("#incident-table button[data-sort]").forEach(function (btn) {
    btn.addEventListener("click", function () {
      var key = btn.getAttribute("data-sort");
      var current = currentOrdering();
      state.set("ordering", current === "-" + key ? key : "-" + key);
      state.delete("page");
      writeURL(true);
      refresh({});
    });
  });
  prevBtn.addEventListener("click", function () { gotoPage(currentPage() - 1); });
  nextBtn.addEventListener("click", function () { gotoPage(currentPage() + 1); });
  function gotoPage(n) {
    if (n <= 1) state.delete("page"); else state.set("page", String(n));
    writeURL(true);
    refresh({});
  }
  var confidenceInput = document.getElementById("min-confidence");
  var confidenceOutput = document.getElementById("min-confidence-value");
  function updateConfidenceOutput() { confidenceOutput.textContent = Math.round(Number(confidenceInput.value || 0) * 100) + "%"; }
  var resizeTimer = null;
  window.addEventListener("resize", function () { clearTimeout(resizeTimer); resizeTimer = setTimeout(drawTimeline, 150); });

  stateToForm();
  if (state.has("in_view") && !state.get("bbox")) { state.set("bbox", currentBbox()); writeURL(false); }
  if (state.has("in_view") && state.get("bbox")) {
    var parts = state.get("bbox").split(",").map(Number);
    if (parts.length === 4 && parts.every(isFinite)) map.fitBounds([[parts[1], parts[0]], [parts[3], parts[2]]]);
  }
  refresh({ fit: !state.has("in_view") });
})();
