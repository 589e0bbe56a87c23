/* sitrep web: the event panel. The article is shown as text nodes with the evidence in <mark>
   elements, built from character offsets: article text never goes through innerHTML. */
"use strict";

SR.Panel = (function () {
  const { el, fmt, typeClass, safeLink, api } = SR;

  /** Text with the spans [{start, end}] wrapped in <mark>; overlapping spans are joined. */
  function highlighted(text, spans) {
    const sorted = spans
      .map((s) => [Math.max(0, Math.min(text.length, s.start)), Math.max(0, Math.min(text.length, s.end))])
      .filter(([a, b]) => b > a)
      .sort((x, y) => x[0] - y[0] || x[1] - y[1]);
    const joined = [];
    for (const span of sorted) {
      const last = joined[joined.length - 1];
      if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
      else joined.push(span);
    }
    const box = el("div", { class: "article-text", tabindex: "0" });
    let at = 0;
    for (const [a, b] of joined) {
      if (a > at) box.append(document.createTextNode(text.slice(at, a)));
      box.append(el("mark", {}, text.slice(a, b)));
      at = b;
    }
    if (at < text.length) box.append(document.createTextNode(text.slice(at)));
    return box;
  }

  function fact(label, value) {
    if (value === null || value === undefined || value === "") return [];
    return [el("dt", {}, label), el("dd", {}, value)];
  }

  function actor(name, country) {
    if (!name) return null;
    return country ? `${name} (${country})` : name;
  }

  const PRECISION = { 1: "day", 2: "week", 3: "month" };
  const GEO = { 1: "town", 2: "near town / district", 3: "region / country" };

  class Panel {
    constructor(root) {
      this.root = root;
      this.chip = root.querySelector("#panel-chip");
      this.title = root.querySelector("#panel-title");
      this.body = root.querySelector("#panel-body");
      this.onClose = null;
      this.token = 0; // the latest request: older answers are dropped
      root.querySelector("#panel-close").addEventListener("click", () => this.close());
      document.addEventListener("keydown", (e) => { if (e.key === "Escape" && !this.root.hidden) this.close(); });
    }

    close() {
      this.root.hidden = true;
      document.body.classList.remove("panel-open");
      if (this.onClose) this.onClose();
    }

    _open(event) {
      this.root.hidden = false;
      document.body.classList.add("panel-open");
      this.chip.className = `chip ${typeClass(event.event_type)}`;
      this.chip.textContent = event.event_type || "Verbal";
      this.title.textContent = event.sub_event_type || event.plover_type || "Event";
      this.body.replaceChildren(el("p", { class: "muted" }, "Loading…"));
      this.body.scrollTop = 0;
    }

    /** Show a stored event: its facts, the article with the evidence marked, sources and merged reports. */
    async showStored(eventId) {
      const token = ++this.token;
      this.root.hidden = false;
      document.body.classList.add("panel-open");
      this.body.replaceChildren(el("p", { class: "muted" }, "Loading…"));
      let detail;
      try {
        detail = await api(`/api/events/${encodeURIComponent(eventId)}`);
      } catch (err) {
        if (token === this.token) this.body.replaceChildren(el("p", { class: "error" }, err.message));
        return;
      }
      if (token !== this.token) return;
      this._open(detail.event);
      const articleBox = el("div", { class: "article" });
      const parts = [
        ...this._facts(detail.event, detail.fatalities_reason),
        el("h3", {}, "Evidence"),
        this._articlePicker(detail, articleBox),
        articleBox,
        ...this._claims(detail.event),
        ...this._reports(detail.reports),
        el("p", { class: "small muted" }, "Event ", el("code", {}, detail.event.event_id), " · ",
          safeLink(`/api/events/${encodeURIComponent(detail.event.event_id)}`, "JSON")),
      ];
      this.body.replaceChildren(...parts.filter(Boolean));
      const first = detail.articles[0];
      if (first) await this._showArticle(detail.event, first, articleBox, token);
    }

    /** Show an event extracted from a pasted article (nothing stored: the text is the client's own). */
    showPasted(event, text, title) {
      this.token++;
      this._open(event);
      const article = { article_id: event.article_id, title: title || "Pasted article", outlet: null, url: null,
        published: null };
      const box = el("div", { class: "article" });
      box.append(this._articleHead(article), highlighted(text, event.evidence.filter((e) => e.article_id === event.article_id)));
      this.body.replaceChildren(...this._facts(event, null), el("h3", {}, "Evidence"), box,
        el("p", { class: "small muted" }, "Extracted from the pasted article; not stored unless you asked."));
      this._scrollToMark(box);
    }

    _facts(e, fatalitiesReason) {
      const where = [e.location, e.admin1, e.country].filter(Boolean).join(", ");
      const when = e.event_date ? `${e.event_date}${e.time_precision > 1 ? ` (to the ${PRECISION[e.time_precision]})` : ""}`
        : "date unknown";
      const dead = e.fatalities === null || e.fatalities === undefined ? null
        : `${e.fatalities_lower_bound ? "at least " : ""}${fmt(e.fatalities)}`;
      const list = el("dl", { class: "facts" },
        ...fact("Actors", [actor(e.actor1, e.actor1_country), actor(e.actor2, e.actor2_country)].filter(Boolean).join(" → ")),
        ...fact("Fatalities", dead && fatalitiesReason && e.source_count > 1 ? `${dead} (${fatalitiesReason})` : dead),
        ...fact("Injuries", e.injuries === null ? null : fmt(e.injuries)),
        ...fact("Claimed by", e.claimed_by),
        ...fact("Sources", fmt(e.source_count)),
        ...fact("PLOVER · CAMEO", `${e.plover_type} · ${e.cameo_code}`),
        ...fact("Confidence", e.confidence === undefined ? null : Number(e.confidence).toFixed(2)),
        ...fact("Place precision", GEO[e.geo_precision] || null),
        ...fact("Coded by", e.coded_by),
      );
      const out = [el("p", { class: "when" }, el("strong", {}, when), where ? ` · ${where}` : "")];
      if (e.historical) out.push(el("p", { class: "badge" }, "Background reference (historical), not a current event"));
      out.push(list);
      if (e.notes) out.push(el("p", { class: "notes" }, e.notes));
      return out;
    }

    _articleHead(a) {
      const bits = [a.outlet || a.source, a.published].filter(Boolean).join(" · ");
      return el("div", { class: "article-head" },
        el("div", { class: "article-title" }, a.url ? safeLink(a.url, a.title || a.url) : (a.title || "Untitled article")),
        bits ? el("div", { class: "small muted" }, bits) : null);
    }

    _articlePicker(detail, box) {
      if (detail.articles.length < 2) return null;
      const select = el("select", { class: "article-pick", "aria-label": "Article" },
        ...detail.articles.map((a, i) => el("option", { value: String(i) },
          `${i + 1}. ${a.source}${a.title ? ` — ${a.title}` : ""}`)));
      select.addEventListener("change", () => this._showArticle(detail.event, detail.articles[+select.value], box, this.token));
      return el("label", { class: "field" }, `${detail.articles.length} articles report it`, select);
    }

    async _showArticle(event, article, box, token) {
      box.replaceChildren(this._articleHead(article), el("p", { class: "muted" }, "Loading the article…"));
      let full;
      try {
        full = await api(`/api/articles/${encodeURIComponent(article.article_id)}`);
      } catch (err) {
        if (token === this.token) box.replaceChildren(this._articleHead(article), el("p", { class: "error" }, err.message));
        return;
      }
      if (token !== this.token) return;
      const spans = event.evidence.filter((ev) => ev.article_id === article.article_id);
      box.replaceChildren(this._articleHead(full), highlighted(full.text, spans));
      this._scrollToMark(box);
    }

    _scrollToMark(box) {
      const mark = box.querySelector("mark");
      const text = box.querySelector(".article-text");
      if (mark && text) text.scrollTop = Math.max(0, mark.offsetTop - text.offsetTop - 24);
    }

    _claims(e) {
      if (!e.claims || !e.claims.length) return [];
      return [el("h3", {}, "Who says what"), el("ul", { class: "claims" }, ...e.claims.map((c) => el("li", {},
        el("strong", {}, c.source),
        c.claimed_by ? ` — per ${c.claimed_by}` : "",
        c.fatalities !== null && c.fatalities !== undefined ? ` — ${c.fatalities_lower_bound ? "≥" : ""}${c.fatalities} dead` : "",
        c.event_date ? ` — ${c.event_date}` : "")))];
    }

    _reports(reports) {
      if (!reports || reports.length < 2) return [];
      return [el("h3", {}, "Merged reports"), el("ol", { class: "reports" }, ...reports.map((r) => el("li", {},
        el("strong", {}, r.source), r.title ? " — " : "", r.title ? (r.url ? safeLink(r.url, r.title) : r.title) : "",
        r.reasons && r.reasons.length ? el("div", { class: "small muted" }, `joined: ${r.reasons.join("; ")}`)
          : el("div", { class: "small muted" }, "first report")))) ];
    }
  }

  Panel.highlighted = highlighted;
  return Panel;
})();
