/* sitrep web: shared helpers. Article text and every stored string are untrusted: they reach the
   page only as text nodes (el() below), never through innerHTML. */
"use strict";

window.SR = (function () {
  /** ACLED event types, their legend order and the CSS class that colours them. */
  const TYPES = [
    ["Battles", "t-battles"],
    ["Explosions/Remote violence", "t-explosions"],
    ["Violence against civilians", "t-vac"],
    ["Protests", "t-protests"],
    ["Riots", "t-riots"],
    ["Strategic developments", "t-strategic"],
  ];
  const OTHER = ["Other (verbal, no ACLED type)", "t-other"];
  const PLOVER = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
    "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"];

  function typeClass(eventType) {
    const found = TYPES.find(([name]) => name === eventType);
    return found ? found[1] : OTHER[1];
  }

  /** Make an element: attrs are set as properties or attributes; children are nodes or text. */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = String(value);
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  /** A link only for http(s) URLs (a javascript: URL in a stored article must not become clickable). */
  function safeLink(url, label) {
    try {
      const parsed = new URL(url, window.location.href);
      if (parsed.protocol === "http:" || parsed.protocol === "https:") {
        return el("a", { href: parsed.href, target: "_blank", rel: "noopener noreferrer nofollow" }, label);
      }
    } catch (e) { /* not a URL: shown as text */ }
    return el("span", {}, label);
  }

  class ApiError extends Error {
    constructor(status, code, message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  /** GET or POST JSON; an answer in the API's error shape becomes an ApiError with its message. */
  async function api(path, params, init) {
    const url = new URL(path, window.location.origin);
    for (const [k, v] of Object.entries(params || {})) {
      if (v !== null && v !== undefined && v !== "") url.searchParams.set(k, v);
    }
    const response = await fetch(url, init);
    let body = null;
    try { body = await response.json(); } catch (e) { body = null; }
    if (!response.ok) {
      const err = (body && body.error) || {};
      throw new ApiError(response.status, err.code || "error", err.message || response.statusText);
    }
    return body;
  }

  const fmt = (n) => (n === null || n === undefined ? "–" : Number(n).toLocaleString("en"));

  /** Marker diameter in pixels: grows with the square root of the fatalities. */
  function dotSize(fatalities) {
    const n = Math.max(0, Number(fatalities) || 0);
    return Math.round(Math.min(44, 12 + 4 * Math.sqrt(n)));
  }

  function debounce(fn, ms) {
    let timer = null;
    return (...args) => {
      clearTimeout(timer);
      timer = setTimeout(() => fn(...args), ms);
    };
  }

  return { TYPES, OTHER, PLOVER, typeClass, el, safeLink, api, ApiError, fmt, dotSize, debounce };
})();
