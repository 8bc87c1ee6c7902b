/* Map point picker for the incident edit form (django-leaflet's form widget, started
   from a static file because the Content-Security-Policy forbids inline scripts).
   A click on the map moves the point; the latitude/longitude inputs follow the map
   and the map follows them. */
(function () {
  "use strict";

  function byName(form, name) {
    return form ? form.querySelector("[name='" + name + "']") : null;
  }

  function start(box) {
    var options = JSON.parse(document.getElementById(box.getAttribute("data-options-id")).textContent);
    var mapId = box.getAttribute("data-map-id");
    var map = L.Map.djangoMap(mapId, {djoptions: options, globals: false, initfunc: null, callback: null});
    if (!map) return;
    var field = new L.GeometryField({
      fieldid: box.getAttribute("data-field-id"),
      modifiable: true,
      geom_type: box.getAttribute("data-geom-type") || "Point",
      srid: 4326,
      precision: options.precision,
      field_store_class: L.FieldStore
    });
    field.addTo(map);
    var form = box.closest("form");
    var lat = byName(form, "latitude");
    var lon = byName(form, "longitude");
    var drawing = false;
    map.on("draw:drawstart draw:editstart", function () { drawing = true; });
    map.on("draw:drawstop draw:editstop", function () { drawing = false; });

    function round(value) { return Math.round(value * 1e6) / 1e6; }

    function syncInputs() {
      var layers = field.drawnItems.getLayers();
      if (!lat || !lon) return;
      if (!layers.length) { lat.value = ""; lon.value = ""; return; }
      var ll = layers[0].getLatLng();
      lat.value = round(ll.lat);
      lon.value = round(ll.lng);
    }

    function place(latlng, pan) {
      var marker = L.marker(latlng, {draggable: true, keyboard: true});
      marker.on("dragend", function () { field.store.save(field.drawnItems); syncInputs(); });
      field.onCreated({layer: marker});
      syncInputs();
      box.setAttribute("data-point", round(latlng.lat) + "," + round(latlng.lng));
      if (pan) map.setView(latlng, Math.max(map.getZoom(), 10));
    }

    // The initial point: make it draggable too.
    field.drawnItems.eachLayer(function (layer) {
      if (layer.dragging) {
        layer.dragging.enable();
        layer.on("dragend", function () { field.store.save(field.drawnItems); syncInputs(); });
      }
    });
    map.on("draw:created draw:edited draw:deleted", function () { setTimeout(syncInputs, 0); });
    map.on("click", function (event) { if (!drawing) place(event.latlng, false); });

    function fromInputs() {
      var y = parseFloat(lat.value), x = parseFloat(lon.value);
      if (isFinite(y) && isFinite(x) && y >= -90 && y <= 90 && x >= -180 && x <= 180) place(L.latLng(y, x), true);
    }
    if (lat && lon) {
      lat.addEventListener("change", fromInputs);
      lon.addEventListener("change", fromInputs);
    }
    box.pointPicker = {map: map, place: function (y, x) { place(L.latLng(y, x), true); }};
    box.setAttribute("data-ready", "1");
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(".point-picker"), start);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
