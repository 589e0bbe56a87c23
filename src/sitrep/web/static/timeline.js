/* sitrep web: the timeline histogram (SVG). Drag across it to pick a date range; a click picks one bar. */
"use strict";

SR.Timeline = (function () {
  const NS = "http://www.w3.org/2000/svg";
  const DAY = 86400000;
  const PAD = { left: 8, right: 8, top: 6, bottom: 18 };
  const MIN_DAYS = 15;

  const toTime = (iso) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10));
  const toIso = (t) => new Date(t).toISOString().slice(0, 10);

  function svgEl(tag, attrs, text) {
    const node = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  class Timeline {
    /**
     * @param {SVGSVGElement} svg where to draw
     * @param {(since: string|null, until: string|null) => void} onPick called with the picked range
     */
    constructor(svg, onPick) {
      this.svg = svg;
      this.onPick = onPick;
      this.buckets = [];
      this.selection = null; // [sinceIso, untilIso]
      this.drag = null;
      svg.addEventListener("pointerdown", (e) => this._down(e));
      svg.addEventListener("pointermove", (e) => this._move(e));
      svg.addEventListener("pointerup", (e) => this._up(e));
      svg.addEventListener("pointercancel", () => { this.drag = null; this.draw(); });
      window.addEventListener("resize", SR.debounce(() => this.draw(), 150));
    }

    /** Draw these day buckets ([{key: "YYYY-MM-DD", events, fatalities}]), dated ones only. */
    setData(buckets) {
      this.buckets = buckets.filter((b) => b.key);
      this.draw();
    }

    setSelection(since, until) {
      this.selection = since || until ? [since, until] : null;
      this.draw();
    }

    _geometry() {
      const width = this.svg.clientWidth || 600;
      const height = this.svg.clientHeight || 70;
      if (!this.buckets.length) return { width, height, t0: 0, days: 0 };
      let t0 = toTime(this.buckets[0].key);
      let t1 = toTime(this.buckets[this.buckets.length - 1].key);
      const span = Math.round((t1 - t0) / DAY) + 1;
      if (span < MIN_DAYS) { // a few days of data: show them with some context on both sides
        const pad = Math.floor((MIN_DAYS - span) / 2);
        t0 -= pad * DAY;
        t1 += (MIN_DAYS - span - pad) * DAY;
      }
      const days = Math.round((t1 - t0) / DAY) + 1;
      const inner = width - PAD.left - PAD.right;
      const binDays = Math.max(1, Math.ceil(days / Math.max(1, Math.floor(inner / 4))));
      return { width, height, t0, days, inner, binDays, bins: Math.ceil(days / binDays) };
    }

    _dayAt(x, g) {
      const day = Math.floor(((x - PAD.left) / g.inner) * g.days);
      return Math.min(g.days - 1, Math.max(0, day));
    }

    draw() {
      const svg = this.svg;
      while (svg.firstChild) svg.removeChild(svg.firstChild);
      const g = this._geometry();
      svg.setAttribute("viewBox", `0 0 ${g.width} ${g.height}`);
      if (!g.days) {
        svg.append(svgEl("text", { x: g.width / 2, y: g.height / 2, class: "tl-empty", "text-anchor": "middle" },
          "no dated events"));
        return;
      }
      const counts = new Array(g.bins).fill(0);
      for (const b of this.buckets) counts[Math.floor((toTime(b.key) - g.t0) / DAY / g.binDays)] += b.events;
      const max = Math.max(...counts, 1);
      const plot = g.height - PAD.top - PAD.bottom;
      const barW = g.inner / g.bins;
      const xOfDay = (d) => PAD.left + (d / g.days) * g.inner;
      const sel = this._selectedDays(g);
      counts.forEach((n, i) => {
        if (!n) return;
        const h = Math.max(1.5, (n / max) * plot);
        const first = i * g.binDays;
        const inSel = !sel || (first + g.binDays - 1 >= sel[0] && first <= sel[1]);
        const bar = svgEl("rect", { x: PAD.left + i * barW + 0.5, y: PAD.top + plot - h, width: Math.max(1, barW - 1),
          height: h, class: inSel ? "tl-bar" : "tl-bar dim" });
        const last = Math.min(g.days - 1, first + g.binDays - 1);
        const label = g.binDays === 1 ? toIso(g.t0 + first * DAY) : `${toIso(g.t0 + first * DAY)} – ${toIso(g.t0 + last * DAY)}`;
        bar.append(svgEl("title", {}, `${label}: ${n} event${n === 1 ? "" : "s"}`));
        svg.append(bar);
      });
      svg.append(svgEl("line", { x1: PAD.left, x2: g.width - PAD.right, y1: PAD.top + plot + 0.5, y2: PAD.top + plot + 0.5,
        class: "tl-axis" }));
      const ticks = Math.min(6, g.days, Math.max(2, Math.floor(g.inner / 110)));
      for (let k = 0; k < ticks; k++) {
        const d = Math.round((k / (ticks - 1)) * (g.days - 1));
        const anchor = k === 0 ? "start" : k === ticks - 1 ? "end" : "middle";
        svg.append(svgEl("text", { x: xOfDay(d + (k === ticks - 1 ? 1 : 0)), y: g.height - 4, class: "tl-tick",
          "text-anchor": anchor }, toIso(g.t0 + d * DAY)));
      }
      const box = this.drag ? [Math.min(this.drag.a, this.drag.b), Math.max(this.drag.a, this.drag.b)] : sel;
      if (box) {
        svg.append(svgEl("rect", { x: xOfDay(box[0]), y: PAD.top - 2, width: Math.max(2, xOfDay(box[1] + 1) - xOfDay(box[0])),
          height: plot + 4, class: "tl-brush" }));
      }
    }

    _selectedDays(g) {
      if (!this.selection) return null;
      const [since, until] = this.selection;
      const a = since ? Math.round((toTime(since) - g.t0) / DAY) : 0;
      const b = until ? Math.round((toTime(until) - g.t0) / DAY) : g.days - 1;
      return [Math.max(0, a), Math.min(g.days - 1, b)];
    }

    _x(e) {
      const rect = this.svg.getBoundingClientRect();
      return ((e.clientX - rect.left) / rect.width) * (this.svg.clientWidth || rect.width);
    }

    _down(e) {
      const g = this._geometry();
      if (!g.days) return;
      this.svg.setPointerCapture(e.pointerId);
      const d = this._dayAt(this._x(e), g);
      this.drag = { a: d, b: d, x: this._x(e), g };
      this.draw();
    }

    _move(e) {
      if (!this.drag) return;
      this.drag.b = this._dayAt(this._x(e), this.drag.g);
      this.draw();
    }

    _up(e) {
      if (!this.drag) return;
      const { g, x } = this.drag;
      let a = Math.min(this.drag.a, this.drag.b);
      let b = Math.max(this.drag.a, this.drag.b);
      if (Math.abs(this._x(e) - x) < 3) { // a click: the whole bar under the pointer
        a = Math.floor(a / g.binDays) * g.binDays;
        b = Math.min(g.days - 1, a + g.binDays - 1);
      }
      this.drag = null;
      const since = toIso(g.t0 + a * DAY);
      const until = toIso(g.t0 + b * DAY);
      this.selection = [since, until];
      this.draw();
      this.onPick(since, until);
    }
  }

  return Timeline;
})();
