/* Shared map pieces: the base map (django-leaflet options), the bundled
 * governorate boundaries, and a tiny DOM builder (text only, never innerHTML). */
(function (root) {
  "use strict";

  function readJSON(id, fallback) {
    var el = document.getElementById(id);
    if (!el) return fallback;
    try { return JSON.parse(el.textContent); } catch (e) { return fallback; }
  }

  /* h("a", {href: "/x", className: "c"}, ["text", childNode]) */
  function h(tag, attrs, children) {
    var el = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      var value = attrs[key];
      if (value === null || value === undefined || value === false) return;
      if (key === "className") el.className = value;
      else if (key === "text") el.textContent = value;
      else if (key === "style") Object.assign(el.style, value);
      else if (key.slice(0, 2) === "on") el.addEventListener(key.slice(2), value);
      else el.setAttribute(key, value === true ? "" : String(value));
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined || child === false) return;
      el.appendChild(typeof child === "string" || typeof child === "number" ? document.createTextNode(String(child)) : child);
    });
    return el;
  }

  var BOUNDARY_STYLE = { color: "#4a5563", weight: 1, opacity: 0.7, fill: true, fillColor: "#e9ecef", fillOpacity: 0.25, interactive: false };
  var HIGHLIGHT_STYLE = { color: "#111827", weight: 3, opacity: 0.9, fillColor: "#fde68a", fillOpacity: 0.25 };

  /* Create the map in element `id`; resolves boundaries asynchronously. */
  function createMap(id, options) {
    options = options || {};
    var djoptions = readJSON("leaflet-options", null) || { center: [35, 40.5], zoom: 6, layers: [] };
    if (options.zoom) djoptions = Object.assign({}, djoptions, { zoom: options.zoom });
    if (options.center) djoptions = Object.assign({}, djoptions, { center: options.center });
    var map = L.Map.djangoMap(id, { djoptions: djoptions, initfunc: null, globals: false, callback: null });
    var strings = options.strings || {};
    map.attributionControl.addAttribution(strings.placesAttribution || "Places: GeoNames, OpenStreetMap");

    var boundaries = L.geoJSON(null, {
      style: function () { return BOUNDARY_STYLE; },
      attribution: strings.boundaryAttribution || "Boundaries: OCHA COD-AB / OpenSyria"
    });
    // Boundaries sit under markers and are always on: they are the offline base map.
    map.createPane("boundaries");
    map.getPane("boundaries").style.zIndex = 350;
    boundaries.options.pane = "boundaries";
    boundaries.addTo(map);
    var byName = {};
    var el = document.getElementById(id);
    var ready = fetch(el.getAttribute("data-boundaries-url") || "/map/governorates.geojson", { credentials: "same-origin" })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (data) {
        boundaries.addData(data);
        var rtl = document.documentElement.dir === "rtl";
        boundaries.eachLayer(function (layer) {
          var props = layer.feature.properties;
          if (props.key) byName[props.key] = layer;
          // Governorate names make the map readable without tiles (offline).
          var label = rtl ? (props.admin1_ar || props.admin1_en) : (props.admin1_en || props.admin1_ar);
          if (label && options.labels !== false) {
            layer.bindTooltip(h("span", { text: label }), {
              permanent: true, direction: "center", className: "gov-label", interactive: false
            });
          }
        });
        if (selectedKey) highlightGovernorate(selectedKey);
        el.setAttribute("data-boundaries", "loaded");
        return boundaries;
      })
      .catch(function () { return boundaries; });

    var highlighted = null, selectedKey = null;
    /* key: a governorate key (events.pages.governorate_key); null clears back to
       the selected governorate (the governorate filter), if any. */
    function highlightGovernorate(key) {
      if (highlighted) { highlighted.setStyle(BOUNDARY_STYLE); highlighted = null; }
      var layer = byName[key || selectedKey];
      if (layer) { layer.setStyle(HIGHLIGHT_STYLE); highlighted = layer; }
      return layer || null;
    }
    function selectGovernorate(key) { selectedKey = key || null; highlightGovernorate(null); }
    function toggleLabels() {
      el.classList.toggle("labels-hidden", map.getZoom() < 6 || map.getZoom() > 10);
    }
    map.on("zoomend", toggleLabels);
    toggleLabels();
    return {
      map: map, boundaries: boundaries, ready: ready, byName: byName,
      highlightGovernorate: highlightGovernorate, selectGovernorate: selectGovernorate
    };
  }

  root.OpsMap = { createMap: createMap, h: h, readJSON: readJSON };
})(window);
