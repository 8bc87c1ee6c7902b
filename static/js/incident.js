/* The incident page's small map: the point, its uncertainty, its governorate. */
(function () {
  "use strict";
  var data = OpsMap.readJSON("incident-map-data", null);
  if (!data || data.lat === null || !document.getElementById("incident-map")) return;
  var base = OpsMap.createMap("incident-map", { center: [data.lat, data.lon], zoom: 8 });
  var latlng = L.latLng(data.lat, data.lon);
  L.circleMarker(latlng, { radius: 8, color: "#ffffff", weight: 2, fillColor: data.colour, fillOpacity: 0.95 }).addTo(base.map);
  if (data.radius) {
    var circle = L.circle(latlng, { radius: data.radius, color: data.colour, weight: 1.5, dashArray: "5 5", fillOpacity: 0.08 }).addTo(base.map);
    base.map.fitBounds(circle.getBounds().pad(0.2));
  }
  base.ready.then(function () {
    if (data.governorateKey) base.highlightGovernorate(data.governorateKey);
  });
})();
