/* sitrep web: the page controller. Loads the settings, the basemap, events and the timeline; wires the
   filters, the markers, the event panel and the paste-an-article box. */
"use strict";

(function () {
  const { el, api, TYPES, OTHER, PLOVER, typeClass, dotSize, fmt, debounce } = SR;
  const $ = (id) => document.getElementById(id);

  const state = { meta: null, selected: null, markers: new Map(), pasted: [], firstFit: true };
  const form = $("filter-form");
  const statusLine = $("status");
  const panel = new SR.Panel($("panel"));
  const timeline = new SR.Timeline($("timeline-svg"), onTimelinePick);

  // --- the map -----------------------------------------------------------------------------------

  const map = L.map("map", { minZoom: 2, maxZoom: 14, zoomSnap: 0.5, worldCopyJump: true });
  map.attributionControl.setPrefix("Leaflet");
  map.setView([25, 20], 2);
  const cluster = L.markerClusterGroup({
    maxClusterRadius: 28, showCoverageOnHover: false, spiderfyOnMaxZoom: true, chunkedLoading: true,
    iconCreateFunction: (c) => {
      const n = c.getChildCount();
      const size = n < 10 ? 30 : n < 100 ? 36 : n < 1000 ? 44 : 52;
      return L.divIcon({ html: el("span", {}, fmt(n)), className: "ev-cluster", iconSize: [size, size] });
    },
  });
  map.addLayer(cluster);
  const pastedLayer = L.featureGroup().addTo(map);

  function markerFor(e, pasted) {
    const d = dotSize(e.fatalities);
    const classes = ["ev-marker", typeClass(e.event_type), e.historical ? "historical" : "", pasted ? "pasted" : ""];
    const icon = L.divIcon({ className: classes.filter(Boolean).join(" "), iconSize: [d, d] });
    const label = [e.event_date || "undated", e.event_type || e.plover_type, e.location].filter(Boolean).join(" · ");
    const marker = L.marker([e.latitude, e.longitude], { icon, title: label, alt: label, riseOnHover: true });
    marker.eventId = e.event_id;
    marker.on("add", () => markSelected(marker));
    return marker;
  }

  function markSelected(marker) {
    const node = marker.getElement();
    if (node) node.classList.toggle("selected", marker.eventId === state.selected);
  }

  function select(eventId) {
    state.selected = eventId;
    for (const m of state.markers.values()) markSelected(m);
    for (const m of pastedLayer.getLayers()) markSelected(m);
  }

  /** Keep a marker in sight once the panel has taken its share of the screen. */
  function reveal(marker) {
    setTimeout(() => {
      map.invalidateSize();
      if (!marker || !map.hasLayer(cluster)) return;
      const size = map.getSize();
      const mapTop = $("map").getBoundingClientRect().top;
      const panelBox = $("panel").getBoundingClientRect();
      const covered = window.matchMedia("(max-width: 760px)").matches && !$("panel").hidden;
      const height = covered ? Math.max(80, Math.min(size.y, panelBox.top - mapTop)) : size.y;
      const p = map.latLngToContainerPoint(marker.getLatLng());
      if (p.x < 24 || p.x > size.x - 24 || p.y < 24 || p.y > height - 24) {
        map.panBy([p.x - size.x / 2, p.y - height / 2]);
      }
    }, 60);
  }

  function openStored(eventId) {
    select(eventId);
    history.replaceState(null, "", `#event=${encodeURIComponent(eventId)}`);
    panel.showStored(eventId);
    reveal(state.markers.get(eventId));
  }

  panel.onClose = () => {
    select(null);
    history.replaceState(null, "", window.location.pathname + window.location.search);
    setTimeout(() => map.invalidateSize(), 50);
  };

  /** How far fitting the view may zoom in: the offline outlines are coarse, tiles are not. */
  const fitZoom = () => (state.meta && state.meta.tile_url ? 11 : 7);

  async function loadBasemap() {
    const meta = state.meta;
    if (meta.tile_url) {
      const credit = document.createElement("span");
      credit.textContent = meta.tile_attribution || "";
      L.tileLayer(meta.tile_url, { attribution: credit.innerHTML, maxZoom: 18 }).addTo(map);
      return;
    }
    try {
      const outlines = await api("/api/basemap");
      L.geoJSON(outlines, { interactive: false, style: { color: "#a9b4bf", weight: 0.8, fillColor: "#f6f3ec", fillOpacity: 1 } })
        .addTo(map).bringToBack();
      map.attributionControl.addAttribution("Outlines: countryinfo");
    } catch (err) {
      setStatus(`Basemap unavailable: ${err.message}`, true);
    }
  }

  // --- filters -----------------------------------------------------------------------------------

  const value = (id) => $(id).value.trim();

  function viewBbox() {
    const b = map.getBounds();
    const clamp = (x, lo, hi) => Math.min(hi, Math.max(lo, x));
    if (b.getEast() - b.getWest() >= 360) return null;
    const west = ((b.getWest() + 540) % 360) - 180;
    const east = ((b.getEast() + 540) % 360) - 180;
    return [west, clamp(b.getSouth(), -90, 90), east, clamp(b.getNorth(), -90, 90)].map((x) => x.toFixed(4)).join(",");
  }

  function filters(withDates) {
    const f = {
      event_type: value("f-event-type"), country: value("f-country").toUpperCase(), admin1: value("f-admin1"),
      actor: value("f-actor"), text: value("f-text"), sub_event_type: value("f-sub"), plover_type: value("f-plover"),
    };
    if (!$("f-historical").checked) f.historical = "false";
    if (withDates) {
      f.since = value("f-since");
      f.until = value("f-until");
    }
    if ($("f-bbox").checked) f.bbox = viewBbox();
    return f;
  }

  function setStatus(text, isError) {
    statusLine.textContent = text;
    statusLine.classList.toggle("error", Boolean(isError));
  }

  let loadToken = 0;

  async function loadEvents() {
    const token = ++loadToken;
    setStatus("Loading events…");
    let page;
    try {
      page = await api("/api/events", { ...filters(true), limit: state.meta.max_limit });
    } catch (err) {
      if (token === loadToken) setStatus(err.message, true);
      return;
    }
    if (token !== loadToken) return;
    cluster.clearLayers();
    state.markers.clear();
    const markers = [];
    let unplaced = 0;
    for (const e of page.events) {
      if (e.latitude === null || e.longitude === null) { unplaced++; continue; }
      const m = markerFor(e, false);
      m.on("click", () => openStored(e.event_id));
      state.markers.set(e.event_id, m);
      markers.push(m);
    }
    cluster.addLayers(markers);
    const shown = page.events.length;
    let text = `${fmt(shown)} event${shown === 1 ? "" : "s"}`;
    if (page.total > shown) text += ` (newest of ${fmt(page.total)}; narrow the filters to see the rest)`;
    if (unplaced) text += ` · ${fmt(unplaced)} without a place`;
    setStatus(text);
    document.body.dataset.loaded = String(shown); // read by the browser tests
    if (markers.length && !$("f-bbox").checked) {
      map.fitBounds(L.featureGroup(markers).getBounds(), { maxZoom: fitZoom(), padding: [30, 30], animate: !state.firstFit });
      state.firstFit = false;
    }
  }

  async function loadTimeline() {
    try {
      const counts = await api("/api/counts", { by: "day", ...filters(false) });
      timeline.setData(counts.buckets);
    } catch (err) {
      setStatus(err.message, true);
    }
  }

  function apply() {
    document.body.classList.remove("filters-open");
    $("toggle-filters").setAttribute("aria-expanded", "false");
    timeline.setSelection(value("f-since") || null, value("f-until") || null);
    $("timeline-clear").hidden = !(value("f-since") || value("f-until"));
    return Promise.all([loadEvents(), loadTimeline()]);
  }

  function onTimelinePick(since, until) {
    $("f-since").value = since;
    $("f-until").value = until;
    $("timeline-clear").hidden = false;
    $("timeline-range").textContent = since === until ? since : `${since} – ${until}`;
    loadEvents();
  }

  form.addEventListener("submit", (e) => { e.preventDefault(); apply(); });
  form.addEventListener("change", debounce((e) => {
    if (e.target.matches("select, input[type=checkbox], input[type=date]")) apply();
  }, 50));
  $("reset").addEventListener("click", () => {
    form.reset();
    $("timeline-range").textContent = "drag to pick dates";
    apply();
  });
  $("timeline-clear").addEventListener("click", () => {
    $("f-since").value = "";
    $("f-until").value = "";
    $("timeline-range").textContent = "drag to pick dates";
    apply();
  });
  $("toggle-filters").addEventListener("click", () => {
    const open = document.body.classList.toggle("filters-open");
    $("toggle-filters").setAttribute("aria-expanded", String(open));
  });
  map.on("moveend", debounce(() => { if ($("f-bbox").checked) loadEvents(); }, 250));

  function fillControls(meta, countries) {
    const types = $("f-event-type");
    for (const bucket of meta.event_types) {
      if (bucket.key) types.append(el("option", { value: bucket.key }, `${bucket.key} (${fmt(bucket.events)})`));
    }
    const plover = $("f-plover");
    for (const name of PLOVER) plover.append(el("option", { value: name }, name));
    const list = $("country-list");
    for (const c of countries) if (c.key) list.append(el("option", { value: c.key }, `${c.key} (${fmt(c.events)})`));
    const legend = $("legend-types");
    for (const [name, cls] of [...TYPES, OTHER]) {
      const item = el("button", { type: "button", class: "legend-item", title: "Show only this type" },
        el("span", { class: `swatch ${cls}` }), name);
      if (cls !== OTHER[1]) {
        item.addEventListener("click", () => {
          types.value = [...types.options].some((o) => o.value === name) ? name : "";
          apply();
        });
      } else {
        item.disabled = true;
      }
      legend.append(el("li", {}, item));
    }
  }

  // --- paste an article ---------------------------------------------------------------------------

  const dialog = $("paste");

  function showPasteError(message) {
    $("paste-error").textContent = message;
    $("paste-error").hidden = !message;
  }

  $("open-paste").addEventListener("click", () => {
    showPasteError("");
    dialog.showModal();
    $("p-text").focus();
  });
  $("p-cancel").addEventListener("click", () => dialog.close());
  $("pasted-clear").addEventListener("click", () => {
    pastedLayer.clearLayers();
    $("pasted-bar").hidden = true;
  });

  $("paste-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const text = $("p-text").value;
    if (!text.trim()) { showPasteError("Paste some text first."); return; }
    const body = { text, published: value("p-published") || null, title: value("p-title") || null,
      store: $("p-store").checked };
    const headers = { "Content-Type": "application/json" };
    if ($("p-token").value) headers.Authorization = `Bearer ${$("p-token").value}`;
    $("p-submit").disabled = true;
    showPasteError("");
    let result;
    try {
      result = await api("/api/extract", null, { method: "POST", headers, body: JSON.stringify(body) });
    } catch (err) {
      showPasteError(err.message);
      return;
    } finally {
      $("p-submit").disabled = false;
    }
    showPasted(result.events, text, body.title);
    dialog.close();
    if (result.stored) apply();
  });

  function showPasted(events, text, title) {
    pastedLayer.clearLayers();
    const placed = events.filter((ev) => ev.latitude !== null && ev.longitude !== null);
    for (const ev of placed) {
      const m = markerFor(ev, true);
      m.on("click", () => { select(ev.event_id); panel.showPasted(ev, text, title); reveal(m); });
      pastedLayer.addLayer(m);
    }
    const n = events.length;
    $("pasted-text").textContent = `Pasted article: ${n} event${n === 1 ? "" : "s"} extracted` +
      (placed.length < n ? ` (${n - placed.length} without a place)` : "") + ". Outlined dots.";
    $("pasted-bar").hidden = false;
    if (placed.length) map.fitBounds(pastedLayer.getBounds(), { maxZoom: fitZoom(), padding: [40, 40] });
  }

  // --- start ----------------------------------------------------------------------------------------

  async function start() {
    try {
      const [meta, countries] = await Promise.all([api("/api/meta"), api("/api/counts", { by: "country" })]);
      state.meta = meta;
      fillControls(meta, countries.buckets);
      if (!meta.writes) {
        $("p-store").disabled = true;
        $("p-store-wrap").title = "Storing is off on this server (no token, not on loopback)";
      }
      $("p-token-wrap").hidden = !meta.token_required;
    } catch (err) {
      setStatus(`Cannot reach the API: ${err.message}`, true);
      return;
    }
    await loadBasemap();
    await apply();
    const wanted = /^#event=(.+)$/.exec(window.location.hash);
    if (wanted) openStored(decodeURIComponent(wanted[1]));
    document.body.dataset.ready = "true";
  }

  start();
})();
