/* Edit form: gazetteer place search with autocomplete (Arabic or English). Picking a
   place fills the place, governorate, district and precision and moves the map point. */
(function () {
  "use strict";
  var wrap = document.querySelector(".place-search");
  if (!wrap) return;
  var form = wrap.closest("form");
  var input = wrap.querySelector("input[name=place_search]");
  var list = document.getElementById("place-results");
  var url = wrap.getAttribute("data-url");
  var lang = document.documentElement.lang || "ar";
  var timer = null, results = [], active = -1, seq = 0;

  function field(name) { return form.querySelector("[name='" + name + "']"); }

  function normalise(data) {
    var items = Array.isArray(data) ? data : (data.results || data.features || []);
    if (items.features) items = items.features;
    return items.map(function (item) {
      var p = item.properties ? Object.assign({id: item.id}, item.properties) : item;
      if (p.lat === undefined && p.latitude !== undefined) { p.lat = p.latitude; p.lon = p.longitude; }
      if ((p.lat === undefined || p.lon === undefined) && item.geometry && item.geometry.coordinates) {
        p.lon = item.geometry.coordinates[0];
        p.lat = item.geometry.coordinates[1];
      }
      return p;
    });
  }

  function label(p) {
    var main = lang === "ar" ? (p.name_ar || p.name_en) : (p.name_en || p.name_ar);
    var other = lang === "ar" ? p.name_en : p.name_ar;
    return [main, other && other !== main ? other : "", p.governorate || ""].filter(Boolean).join(" · ");
  }

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    active = -1;
  }

  function render() {
    list.textContent = "";
    results.forEach(function (p, index) {
      var li = document.createElement("li");
      li.setAttribute("role", "option");
      li.id = "place-option-" + index;
      li.textContent = label(p);  // text only: names are never parsed as HTML
      li.setAttribute("dir", "auto");
      if (index === active) { li.className = "active"; li.setAttribute("aria-selected", "true"); }
      li.addEventListener("mousedown", function (event) { event.preventDefault(); choose(index); });
      list.appendChild(li);
    });
    list.hidden = results.length === 0;
    input.setAttribute("aria-expanded", results.length ? "true" : "false");
    if (active >= 0) input.setAttribute("aria-activedescendant", "place-option-" + active);
    else input.removeAttribute("aria-activedescendant");
  }

  function search() {
    var q = input.value.trim();
    if (q.length < 2) { results = []; render(); return; }
    var mine = ++seq;
    fetch(url + "?q=" + encodeURIComponent(q), {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.ok ? response.json() : {results: []}; })
      .then(function (data) {
        if (mine !== seq) return;
        results = normalise(data).slice(0, 15);
        active = -1;
        render();
      })
      .catch(function () { results = []; render(); });
  }

  function setValue(name, value) {
    var el = field(name);
    if (el && value !== undefined && value !== null) el.value = value;
  }

  function choose(index) {
    var p = results[index];
    if (!p) return;
    setValue("place", p.id);
    if (!field("place_name").value) setValue("place_name", p.name_ar || p.name_en);
    setValue("governorate", p.governorate || "");
    setValue("district", p.district || "");
    if (p.precision) setValue("geo_precision", p.precision);
    input.value = label(p);
    var picker = form.querySelector(".point-picker");
    if (picker && picker.pointPicker && p.lat !== undefined) picker.pointPicker.place(+p.lat, +p.lon);
    else { setValue("latitude", p.lat); setValue("longitude", p.lon); }
    close();
  }

  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(search, 200); });
  input.addEventListener("keydown", function (event) {
    if (list.hidden) return;
    if (event.key === "ArrowDown") { active = Math.min(active + 1, results.length - 1); render(); event.preventDefault(); }
    else if (event.key === "ArrowUp") { active = Math.max(active - 1, 0); render(); event.preventDefault(); }
    else if (event.key === "Enter" && active >= 0) { choose(active); event.preventDefault(); }
    else if (event.key === "Escape") { close(); }
  });
  input.addEventListener("blur", function () { setTimeout(close, 150); });
})();
