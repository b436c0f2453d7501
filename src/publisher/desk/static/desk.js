// The review desk's page: built with createElement and textContent only, so no text from the
// report, the translation file or the glossary is ever read as markup.
"use strict";

(() => {
  const TOKEN = document.querySelector('meta[name="desk-token"]').content;
  const S = {
    data: null,
    rows: [],
    byId: new Map(),
    shown: [],
    selected: null,
    drafts: new Map(), // id -> English typed here, not yet approved
    live: new Map(), // id -> {findings, terms} of the draft
    alts: [],
    filter: { state: "open", check: "", text: "" },
    tab: "page",
    timer: null,
    preview: { image: "", version: null },
  };

  // -- building blocks ----------------------------------------------------------------------

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else if (key === "title" || key === "id" || key === "type" || key === "value" ||
               key === "placeholder" || key === "disabled" || key === "alt" ||
               key === "spellcheck" || key === "rows" || key === "lang" || key.startsWith("data-") ||
               key.startsWith("aria-") || key === "role" || key === "for" || key === "tabindex")
        node.setAttribute(key, String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  const $ = (sel) => document.querySelector(sel);

  async function api(path, body) {
    const options = body === undefined ? {} : {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Desk-Token": TOKEN },
      body: JSON.stringify(body),
    };
    let response;
    try {
      response = await fetch(path, options);
    } catch (err) {
      return { ok: false, status: 0, data: { error: "the desk does not answer (was it stopped?)" } };
    }
    const data = await response.json().catch(() => ({ error: `error ${response.status}` }));
    return { ok: response.ok, status: response.status, data };
  }

  // Text with marked stretches: spans [{start, end, cls, title}], overlaps resolved left first.
  function marked(text, spans) {
    const out = [];
    let pos = 0;
    for (const s of [...spans].sort((a, b) => a.start - b.start || b.end - a.end)) {
      if (s.start < pos || s.end <= s.start) continue;
      if (s.start > pos) out.push(document.createTextNode(text.slice(pos, s.start)));
      out.push(el("mark", { class: s.cls, title: s.title }, text.slice(s.start, s.end)));
      pos = s.end;
    }
    if (pos < text.length) out.push(document.createTextNode(text.slice(pos)));
    return out;
  }

  function zhSpans(seg, findings, terms) {
    const spans = [];
    for (const f of findings) for (const [a, b] of f.zh_spans) spans.push({ start: a, end: b, cls: `f-${f.severity}`, title: f.reason });
    for (const t of terms) {
      const cls = t.forbidden_found.length ? "term bad" : t.found || !englishOf(seg) ? "term" : "term missing";
      const avoid = t.forbidden.length ? ` (not: ${t.forbidden.join(", ")})` : "";
      spans.push({ start: t.start, end: t.end, cls, title: `${t.zh} = ${t.en}${avoid}` });
    }
    return spans;
  }

  function enSpans(findings, terms) {
    const spans = [];
    for (const t of terms) {
      for (const [a, b] of t.forbidden_spans) spans.push({ start: a, end: b, cls: "forbidden", title: `forbidden variant of ${t.zh}: use “${t.en}”` });
      for (const [a, b] of t.en_spans) spans.push({ start: a, end: b, cls: "term-en", title: `${t.zh} = ${t.en}` });
    }
    for (const f of findings) for (const [a, b] of f.en_spans) spans.push({ start: a, end: b, cls: `f-${f.severity}`, title: f.reason });
    return spans;
  }

  const englishOf = (seg) => (S.drafts.has(seg.id) ? S.drafts.get(seg.id) : seg.en);
  const findingsOf = (seg) => (S.live.has(seg.id) ? S.live.get(seg.id).findings : seg.findings);
  const termsOf = (seg) => (S.live.has(seg.id) ? S.live.get(seg.id).terms : seg.terms);
  const isOpen = (seg) => seg.state !== "approved" || S.drafts.has(seg.id);

  // -- the page -------------------------------------------------------------------------------

  function layout() {
    const states = el("select", { id: "f-state", title: "filter by state", onchange: (e) => { S.filter.state = e.target.value; renderList(); } },
      el("option", { value: "" }, "every state"),
      el("option", { value: "open" }, "open (not approved)"),
      Object.entries(S.data.states).map(([k, v]) => el("option", { value: k }, v)));
    states.value = S.filter.state;
    const checks = el("select", { id: "f-check", title: "filter by QA finding", onchange: (e) => { S.filter.check = e.target.value; renderList(); } },
      el("option", { value: "" }, "findings or not"),
      el("option", { value: "any" }, "any finding"),
      el("option", { value: "none" }, "no finding"),
      S.data.checks.map((c) => el("option", { value: c }, c)),
      el("option", { value: "query" }, "author query"));
    const search = el("input", { id: "f-text", type: "search", placeholder: "search Chinese, English, id  ( / )", spellcheck: "false",
      oninput: (e) => { S.filter.text = e.target.value.trim().toLowerCase(); renderList(); } });
    document.body.replaceChildren(
      el("header", {},
        el("div", { class: "brand" }, el("strong", {}, S.data.name), el("span", { class: "file", title: "approvals are written here" }, `→ ${S.data.translation_file}`)),
        el("div", { id: "counts" }),
        el("div", { class: "filters" }, states, checks, search),
        el("div", { class: "keys", title: "keys" },
          el("kbd", {}, "Alt ↑/↓"), " segment  ", el("kbd", {}, "Ctrl ⏎"), " approve  ",
          el("kbd", {}, "Alt 1–9"), " take alternative  ", el("kbd", {}, "Alt T"), " add term  ", el("kbd", {}, "Esc"), " revert")),
      el("main", {},
        el("section", { id: "list", "aria-label": "segments" }),
        el("section", { id: "editor", "aria-label": "the selected segment" }),
        el("aside", { id: "side" },
          el("nav", { class: "tabs" },
            el("button", { "data-tab": "page", onclick: () => showTab("page") }, "Page"),
            el("button", { "data-tab": "queries", onclick: () => showTab("queries") }, "Queries"),
            el("button", { "data-tab": "traditional", onclick: () => showTab("traditional") }, "Traditional")),
          el("div", { id: "tab-page", class: "tab" }),
          el("div", { id: "tab-queries", class: "tab" }),
          el("div", { id: "tab-traditional", class: "tab" }))),
      el("div", { id: "toast", role: "status" }));
  }

  function toast(message, kind) {
    const t = $("#toast");
    t.textContent = message;
    t.className = `show ${kind || ""}`;
    clearTimeout(t._timer);
    t._timer = setTimeout(() => { t.className = ""; }, kind === "error" ? 9000 : 3500);
  }

  function renderCounts() {
    const counts = {};
    for (const r of S.rows) counts[r.state] = (counts[r.state] || 0) + 1;
    $("#counts").replaceChildren(...Object.keys(S.data.states).filter((k) => counts[k]).map((k) =>
      el("span", { class: `badge s-${k}`, title: S.data.states[k] }, `${counts[k]} ${S.data.states[k]}`)));
  }

  function matches(seg) {
    const f = S.filter;
    if (f.state === "open" && !isOpen(seg)) return false;
    if (f.state && f.state !== "open" && seg.state !== f.state) return false;
    const found = findingsOf(seg);
    if (f.check === "any" && !found.length) return false;
    if (f.check === "none" && found.length) return false;
    if (f.check === "query" && !seg.queries.length) return false;
    if (f.check && !["any", "none", "query"].includes(f.check) && !found.some((x) => x.check === f.check)) return false;
    if (f.text) {
      const hay = `${seg.id}\n${seg.zh}\n${englishOf(seg)}\n${seg.hant}`.toLowerCase();
      if (!hay.includes(f.text)) return false;
    }
    return true;
  }

  function renderList() {
    S.shown = S.rows.filter(matches);
    const list = $("#list");
    if (!S.shown.length) {
      list.replaceChildren(el("p", { class: "empty" }, "No segment matches the filters."));
      return;
    }
    list.replaceChildren(...S.shown.map(listRow)); // the editor keeps a segment the filter hides
    const current = list.querySelector(".seg.selected");
    if (current) current.scrollIntoView({ block: "nearest" });
  }

  function listRow(seg) {
    const found = findingsOf(seg);
    const terms = termsOf(seg);
    const en = englishOf(seg);
    const errors = found.filter((f) => f.severity === "error").length;
    return el("div", {
      class: `seg${seg.id === S.selected ? " selected" : ""}${S.drafts.has(seg.id) ? " edited" : ""}`,
      "data-id": seg.id, role: "button", tabindex: "0",
      onclick: () => select(seg.id),
    },
      el("div", { class: "meta" },
        el("span", { class: "line", title: "source line" }, `${seg.line}`),
        el("span", { class: `badge s-${seg.state}`, title: S.data.states[seg.state] }, seg.state),
        S.drafts.has(seg.id) ? el("span", { class: "badge edited", title: "edited here, not approved yet" }, "edited") : null,
        found.length ? el("span", { class: `badge ${errors ? "f-error" : "f-warning"}`, title: found.map((f) => f.reason).join("\n") }, `${found.length} ${found.length === 1 ? "finding" : "findings"}`) : null),
      el("div", { class: "zh", lang: "zh-Hans" }, marked(seg.zh, zhSpans(seg, found, terms))),
      en ? el("div", { class: "en", lang: "en" }, marked(en, enSpans(found, terms))) : el("div", { class: "en none" }, "no English"),
      seg.hant ? el("div", { class: "hant", lang: "zh-Hant" }, seg.hant) : null);
  }

  // -- the editor -------------------------------------------------------------------------------

  async function select(id, focus = true) {
    const seg = S.byId.get(id);
    if (!seg) return;
    S.selected = id;
    for (const node of document.querySelectorAll("#list .seg")) node.classList.toggle("selected", node.dataset.id === id);
    const current = document.querySelector(`#list .seg.selected`);
    if (current) current.scrollIntoView({ block: "nearest" });
    S.alts = [];
    renderEditor(seg);
    $("#editor").scrollTop = 0; // the Chinese first, however long the segment
    if (focus) $("#en").focus({ preventScroll: true });
    const got = await api(`/api/alternatives/${encodeURIComponent(id)}`);
    if (S.selected === id && got.ok) {
      S.alts = got.data.alternatives;
      renderAlternatives();
    }
    refreshPreview();
  }

  function renderEditor(seg) {
    const en = englishOf(seg);
    const area = el("textarea", { id: "en", lang: "en", spellcheck: "true", rows: "5", "aria-label": "English" });
    area.value = en;
    area.addEventListener("input", () => { fit(area); edited(seg.id, area.value); });
    $("#editor").replaceChildren(
      el("div", { class: "head" },
        el("span", { class: `badge s-${seg.state}` }, S.data.states[seg.state]),
        el("span", { class: "where" }, `line ${seg.line} · ${seg.kind} · ${seg.id} · from ${seg.provenance}`)),
      el("div", { class: "pair" },
        el("label", {}, "Chinese"),
        el("div", { id: "zh", class: "zh", lang: "zh-Hans" }),
        el("label", {}, "Traditional"),
        el("div", { id: "hant", class: "hant", lang: "zh-Hant" }, seg.hant || "—"),
        el("label", { for: "en" }, "English"),
        area,
        el("div", { id: "en-shown", class: "en", lang: "en", "aria-label": "the English, marked" })),
      el("div", { id: "conflict" }),
      el("div", { class: "actions" },
        el("button", { id: "approve", class: "primary", onclick: () => approve(), title: "Ctrl+Enter" }, "Approve  ⌃⏎"),
        el("button", { id: "revert", onclick: () => revert(), title: "Esc" }, "Revert"),
        el("button", { id: "add-term", onclick: () => termForm(), title: "Alt+T: select the Chinese (and English) first" }, "Add term from selection")),
      el("div", { id: "term-form" }),
      el("h3", {}, "Glossary"), el("ul", { id: "terms", class: "terms" }),
      el("h3", {}, "Checks"), el("ul", { id: "findings", class: "findings" }),
      el("h3", {}, "Memory and alternatives"), el("ol", { id: "alts", class: "alts" }),
      el("div", { id: "seg-queries" }));
    renderMarks(seg);
    renderAlternatives();
    renderSegmentQueries(seg);
    fit(area);
  }

  // The English box as tall as its text (up to half the window), so a long segment needs no scroll.
  function fit(area) {
    area.style.height = "auto";
    area.style.height = `${Math.min(Math.max(area.scrollHeight + 2, 90), window.innerHeight / 2)}px`;
  }

  function renderMarks(seg) {
    const found = findingsOf(seg);
    const terms = termsOf(seg);
    const en = englishOf(seg);
    $("#zh").replaceChildren(...marked(seg.zh, zhSpans(seg, found, terms)));
    $("#en-shown").replaceChildren(...(en ? marked(en, enSpans(found, terms)) : [el("span", { class: "none" }, "no English yet")]));
    $("#terms").replaceChildren(...(terms.length ? terms.map((t) => el("li", { class: t.forbidden_found.length ? "bad" : t.found ? "ok" : "missing" },
      el("span", { class: "zh", lang: "zh-Hans" }, t.zh), " → ", el("strong", {}, t.en),
      el("span", { class: "verdict" }, t.forbidden_found.length ? `forbidden: ${t.forbidden_found.join(", ")}` : t.found ? "✓ in the English" : "missing in the English"),
      t.note ? el("div", { class: "note" }, t.note) : null)) : [el("li", { class: "none" }, "no glossary term in this segment")]));
    $("#findings").replaceChildren(...(found.length ? found.map((f) => el("li", { class: `f-${f.severity}` },
      el("span", { class: "check" }, f.check), f.reason)) : [el("li", { class: "ok" }, "✓ figures, terms, completeness and style pass")]));
  }

  function renderAlternatives() {
    const list = $("#alts");
    if (!list) return;
    if (!S.alts.length) {
      list.replaceChildren(el("li", { class: "none" }, "no memory match or machine draft"));
      return;
    }
    list.replaceChildren(...S.alts.slice(0, 9).map((a, i) => el("li", { class: `alt ${a.origin}` },
      el("button", { class: "take", onclick: () => take(i), title: `Alt+${i + 1}` }, `${i + 1}`),
      el("span", { class: "score" }, a.score === null ? a.origin === "machine" ? "MT" : "—" : `${a.score}%`),
      el("span", { class: "label" }, a.label),
      el("div", { class: "target", lang: "en" }, a.target),
      a.source !== S.byId.get(S.selected).zh ? el("div", { class: "source", lang: "zh-Hans" }, a.source) : null)));
  }

  function renderSegmentQueries(seg) {
    const box = $("#seg-queries");
    const asked = S.data.queries.filter((q) => q.segment === seg.id);
    box.replaceChildren(...(asked.length ? [el("h3", {}, "Author queries"), ...asked.map(queryCard)] : []));
  }

  function edited(id, text) {
    const seg = S.byId.get(id);
    if (text === seg.en) S.drafts.delete(id); else S.drafts.set(id, text);
    clearTimeout(S.timer);
    S.timer = setTimeout(() => recheck(id), 120);
  }

  async function recheck(id) {
    const text = englishOf(S.byId.get(id));
    const got = await api("/api/check", { id, en: text });
    if (!got.ok) { toast(got.data.error, "error"); return; }
    if (englishOf(S.byId.get(id)) !== text) return; // typed on meanwhile
    S.live.set(id, got.data);
    if (S.selected === id) renderMarks(S.byId.get(id));
    const node = document.querySelector(`#list .seg[data-id="${CSS.escape(id)}"]`);
    if (node) node.replaceWith(listRow(S.byId.get(id)));
  }

  function take(i) {
    const alt = S.alts[i];
    if (!alt) return;
    const area = $("#en");
    area.value = alt.target;
    fit(area);
    edited(S.selected, alt.target);
    area.focus();
  }

  function revert() {
    const id = S.selected;
    if (!id) return;
    S.drafts.delete(id);
    S.live.delete(id);
    $("#conflict").replaceChildren();
    renderEditor(S.byId.get(id));
    recheckRow(id);
  }

  function recheckRow(id) {
    const node = document.querySelector(`#list .seg[data-id="${CSS.escape(id)}"]`);
    if (node) node.replaceWith(listRow(S.byId.get(id)));
  }

  async function approve(base) {
    const id = S.selected;
    if (!id) return;
    const seg = S.byId.get(id);
    const en = $("#en").value;
    const got = await api("/api/approve", { id, en, base: base || seg.base });
    if (got.status === 409) {
      showConflict(seg, got.data, en);
      return;
    }
    if (!got.ok) { toast(got.data.error, "error"); return; }
    replaceSegment(got.data.segment);
    S.drafts.delete(id);
    S.live.delete(id);
    toast(`approved: written to ${got.data.file}`, "ok");
    renderCounts();
    recheckRow(id);
    const next = nextOpen(id);
    if (next) select(next); else { renderEditor(S.byId.get(id)); toast("approved; no open segment left in this list", "ok"); }
  }

  function showConflict(seg, data, mine) {
    $("#conflict").replaceChildren(el("div", { class: "conflict", role: "alert" },
      el("strong", {}, "Changed elsewhere. "), data.error,
      data.target ? el("div", { class: "theirs", lang: "en" }, el("span", { class: "label" }, "in the file now: "), data.target) : null,
      el("div", { class: "conflict-actions" },
        el("button", { onclick: () => approve(data.base) }, "Approve mine over it"),
        el("button", { onclick: () => loadTheirs(seg.id) }, "Take the file's version"))));
    S.drafts.set(seg.id, mine);
  }

  async function loadTheirs(id) {
    const got = await api(`/api/reload/${encodeURIComponent(id)}`, {});
    if (!got.ok) { toast(got.data.error, "error"); return; }
    replaceSegment(got.data);
    S.drafts.delete(id);
    S.live.delete(id);
    renderEditor(S.byId.get(id));
    recheckRow(id);
    renderCounts();
  }

  function replaceSegment(seg) {
    const i = S.rows.findIndex((r) => r.id === seg.id);
    if (i >= 0) S.rows[i] = seg;
    S.byId.set(seg.id, seg);
  }

  function nextOpen(id) {
    const order = S.shown.length ? S.shown : S.rows;
    const at = order.findIndex((s) => s.id === id);
    for (let k = 1; k <= order.length; k++) {
      const s = order[(at + k) % order.length];
      if (s && s.id !== id && isOpen(s)) return s.id;
    }
    return null;
  }

  function step(delta) {
    const order = S.shown;
    if (!order.length) return;
    const at = order.findIndex((s) => s.id === S.selected);
    const next = order[Math.max(0, Math.min(order.length - 1, at + delta))];
    if (next) select(next.id);
  }

  // -- adding a term ------------------------------------------------------------------------------

  function termForm() {
    const sel = window.getSelection();
    const text = sel ? sel.toString().trim() : "";
    const inZh = sel && sel.anchorNode && $("#zh") && $("#zh").contains(sel.anchorNode);
    const area = $("#en");
    const enSel = area.value.slice(area.selectionStart, area.selectionEnd).trim();
    const zh = el("input", { id: "t-zh", lang: "zh-Hans", value: inZh ? text : "", placeholder: "Chinese term" });
    const en = el("input", { id: "t-en", lang: "en", value: enSel, placeholder: "its English" });
    const bad = el("input", { id: "t-forbidden", placeholder: "forbidden variants, | between" });
    const note = el("input", { id: "t-note", placeholder: "note for translators" });
    $("#term-form").replaceChildren(el("form", { class: "term-form", onsubmit: async (e) => {
      e.preventDefault();
      const got = await api("/api/term", { zh: zh.value, en: en.value, forbidden: bad.value, note: note.value });
      if (!got.ok) { toast(got.data.error, "error"); return; }
      toast(`added to ${got.data.file}: ${got.data.term[0]}${got.data.problems.length ? ` — ${got.data.problems.join("; ")}` : ""}`, got.data.problems.length ? "warn" : "ok");
      $("#term-form").replaceChildren();
      await reload();
    } }, zh, en, bad, note, el("button", { type: "submit", class: "primary" }, "Add to the glossary"),
      el("button", { type: "button", onclick: () => $("#term-form").replaceChildren() }, "Cancel")));
    (zh.value ? en : zh).focus();
  }

  // -- side panels ----------------------------------------------------------------------------------

  function showTab(name) {
    S.tab = name;
    for (const b of document.querySelectorAll(".tabs button")) b.classList.toggle("on", b.dataset.tab === name);
    for (const t of document.querySelectorAll(".tab")) t.classList.toggle("on", t.id === `tab-${name}`);
    if (name === "page") refreshPreview();
  }

  async function refreshPreview() {
    const box = $("#tab-page");
    if (!box || !S.selected) return;
    const got = await api(`/api/page/${encodeURIComponent(S.selected)}`);
    if (!got.ok) return;
    const d = got.data;
    const note = d.error ? d.error : d.busy ? "rendering the edition… (the last good page stays on show)" : "";
    const where = d.box ? d.box.map((v) => v.toFixed(4)).join() : "";
    if (d.page && (d.image !== S.preview.image || where !== S.preview.where)) {
      S.preview = { image: d.image, version: d.version, where };
      box.replaceChildren(
        el("div", { class: "page-head" }, `Simplified–English edition · page ${d.page} of ${d.pages}`),
        el("div", { class: "page" }, pageImage(d), d.box ? placeMark(d.box) : null),
        el("div", { id: "page-note", class: "note" }, note));
    } else if (!d.page) {
      if (!box.querySelector("img")) box.replaceChildren(el("div", { id: "page-note", class: "note" }, note || "the page preview is not ready yet"));
    } else {
      const n = box.querySelector("#page-note");
      if (n) n.textContent = note;
    }
  }

  function pageImage(d) {
    const img = el("img", { id: "page-image", alt: `page ${d.page}` });
    if (/^\/preview\/\d+\/\d+\.png$/.test(d.image)) img.src = d.image; // the desk's own pages only
    return img;
  }

  // The segment's place on the page: a frame over the image, in percent of the page.
  function placeMark(b) {
    const mark = el("div", { class: "place", title: "the selected segment" });
    const pad = 0.004;
    const [left, top, right, bottom] = b.map(Number);
    mark.style.left = `${Math.max(0, left - pad) * 100}%`;
    mark.style.top = `${Math.max(0, top - pad) * 100}%`;
    mark.style.width = `${(right - left + 2 * pad) * 100}%`;
    mark.style.height = `${(bottom - top + 2 * pad) * 100}%`;
    return mark;
  }

  function queryCard(q) {
    const answer = el("textarea", { rows: "2", placeholder: "the author's answer", "aria-label": "answer" });
    answer.value = q.answer;
    const send = async (status) => {
      const got = await api("/api/answer", { id: q.id, status, answer: answer.value });
      if (!got.ok) { toast(got.data.error, "error"); return; }
      const i = S.data.queries.findIndex((x) => x.id === q.id);
      S.data.queries[i] = got.data;
      renderQueries();
      if (S.selected) renderSegmentQueries(S.byId.get(S.selected));
      toast(`query ${q.id}: ${got.data.status}`, "ok");
    };
    return el("div", { class: `query q-${q.status}`, "data-id": q.id },
      el("div", { class: "meta" },
        el("span", { class: "badge" }, q.kind), q.blocking ? el("span", { class: "badge f-error" }, "blocking") : null,
        el("span", { class: `badge q-${q.status}` }, q.status),
        el("button", { class: "link", onclick: () => select(q.segment, false) }, `line ${q.line}`)),
      el("div", { class: "question" }, q.question),
      answer,
      el("div", { class: "query-actions" },
        el("button", { onclick: () => send("answered") }, "Answer"),
        el("button", { onclick: () => send("accepted") }, "Accept as printed"),
        q.status !== "open" ? el("button", { onclick: () => send("open") }, "Reopen") : null));
  }

  function renderQueries() {
    const qs = S.data.queries;
    const open = qs.filter((q) => q.status === "open").length;
    document.querySelector('.tabs [data-tab="queries"]').textContent = `Queries · ${open} open`;
    $("#tab-queries").replaceChildren(...(qs.length ? qs.map(queryCard) : [el("p", { class: "empty" }, "No author query.")]));
  }

  function renderTraditional() {
    const rows = S.data.traditional;
    document.querySelector('.tabs [data-tab="traditional"]').textContent = `Traditional · ${rows.length}`;
    $("#tab-traditional").replaceChildren(
      el("p", { class: "note" }, `Words for a reviewer of the ${S.data.variant} edition: tier 1 likely errors, tier 2 house style. A choice is written to the document's decisions file.`),
      ...(rows.length ? rows.map((r) => el("div", { class: `trad tier-${r.tier}`, "data-key": r.key },
        el("div", { class: "meta" }, el("span", { class: `badge ${r.tier === 1 ? "f-error" : "f-warning"}` }, `tier ${r.tier}`), ` ×${r.count}`),
        el("div", { class: "words" }, el("span", { lang: "zh-Hans" }, r.word_zh), " → ", el("strong", { lang: "zh-Hant" }, r.word_hant)),
        el("div", { class: "context", lang: "zh-Hans" }, marked(r.context, [{ start: r.context_at, end: r.context_at + r.context_len, cls: "term" }])),
        el("div", { class: "reason" }, r.reason),
        el("div", { class: "trad-actions" },
          el("button", { onclick: () => decide(r.key, "accept") }, `Accept ${r.word_hant}`),
          r.others.map((o) => el("button", { onclick: () => decide(r.key, o) }, `Use ${o}`)),
          el("button", { class: "link", onclick: () => select(r.segments[0], false) }, "show")))) : [el("p", { class: "empty" }, "Nothing left to review.")]));
  }

  async function decide(key, choice) {
    const got = await api("/api/decide", { key, choice });
    if (!got.ok) { toast(got.data.error, "error"); return; }
    toast(`decided ${got.data.decided[0]} → ${got.data.decided[1]} in ${got.data.file}`, "ok");
    await reload();
  }

  // -- keys ---------------------------------------------------------------------------------------------

  document.addEventListener("keydown", (e) => {
    if (!S.data) return;
    const typing = ["INPUT", "TEXTAREA", "SELECT"].includes(document.activeElement.tagName);
    if ((e.ctrlKey || e.metaKey) && e.key === "Enter") { e.preventDefault(); approve(); return; }
    if (e.altKey && (e.key === "ArrowDown" || e.key === "ArrowUp")) { e.preventDefault(); step(e.key === "ArrowDown" ? 1 : -1); return; }
    if (e.altKey && /^Digit[1-9]$/.test(e.code)) { e.preventDefault(); take(Number(e.code.slice(5)) - 1); return; }
    if (e.altKey && e.code === "KeyT") { e.preventDefault(); termForm(); return; }
    if (e.key === "Escape" && document.activeElement.id === "en") { e.preventDefault(); revert(); return; }
    if (typing) return;
    if (e.key === "/") { e.preventDefault(); $("#f-text").focus(); }
    else if (e.key === "j" || e.key === "ArrowDown") { e.preventDefault(); step(1); }
    else if (e.key === "k" || e.key === "ArrowUp") { e.preventDefault(); step(-1); }
  });

  // -- start ------------------------------------------------------------------------------------------------

  async function reload() {
    const got = await api("/api/segments");
    if (!got.ok) { toast(got.data.error, "error"); return; }
    S.data = got.data;
    S.rows = got.data.segments;
    S.byId = new Map(S.rows.map((s) => [s.id, s]));
    for (const id of [...S.live.keys()]) if (S.drafts.has(id)) recheck(id); else S.live.delete(id);
    renderCounts();
    renderList();
    renderQueries();
    renderTraditional();
    if (S.selected && S.byId.has(S.selected)) {
      const area = $("#en");
      const keep = area ? [area.selectionStart, area.selectionEnd] : null;
      renderEditor(S.byId.get(S.selected));
      if (keep) { $("#en").focus(); $("#en").setSelectionRange(...keep); }
    }
  }

  async function start() {
    const got = await api("/api/segments");
    if (!got.ok) { document.body.replaceChildren(el("p", { class: "empty" }, got.data.error)); return; }
    S.data = got.data;
    S.rows = got.data.segments;
    S.byId = new Map(S.rows.map((s) => [s.id, s]));
    if (!S.rows.some(isOpen)) S.filter.state = "";
    layout();
    renderCounts();
    renderList();
    renderQueries();
    renderTraditional();
    showTab("page");
    const first = S.shown[0] || S.rows[0];
    if (first) select(first.id);
    setInterval(() => { if (S.tab === "page") refreshPreview(); }, 2000);
    document.body.dataset.ready = "yes";
  }

  start();
})();
