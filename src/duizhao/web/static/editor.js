/* duizhao: the digest editor's enhancements. The form works without this file; with it, nothing typed
   is lost before the server has it (kept in localStorage until a save succeeds), rows move and indent
   by keyboard, and a selected phrase is looked up in the concordance. */
(function () {
  "use strict";
  var page = document.querySelector("[data-autosave]");
  var form = document.getElementById("write-form");
  if (!page || !form) return;
  var key = "duizhao:write:" + page.getAttribute("data-autosave");
  var note = page.querySelector(".autosave-note");
  if (note) note.hidden = false;

  function state() {
    var out = [];
    form.querySelectorAll("input[name], textarea[name], select[name]").forEach(function (el) {
      if (el.name !== "csrf" && el.name !== "kept") out.push([el.name, el.value]);
    });
    return out;
  }
  function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }
  var initial = state();
  var saved = null;
  try { saved = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { saved = null; }
  // A page that comes back from a save (or a fresh editor) is what the server holds: only an unsaved
  // state that differs from it is offered back.
  if (page.querySelector(".alert.ok")) { localStorage.removeItem(key); saved = null; }
  var box = page.querySelector(".restore");
  if (saved && saved.fields && !same(saved.fields, initial) && box) {
    box.hidden = false;
    box.querySelector(".restore-now").addEventListener("click", function () { restore(saved.fields); box.hidden = true; });
    box.querySelector(".restore-drop").addEventListener("click", function () { localStorage.removeItem(key); box.hidden = true; });
  }

  function restore(fields) {
    // Same rows as now: fill them in; otherwise send the rows to the server to lay the form out anew.
    var names = state().map(function (p) { return p[0]; });
    if (same(names, fields.map(function (p) { return p[0]; }))) {
      var els = form.querySelectorAll("input[name], textarea[name], select[name]");
      var j = 0;
      els.forEach(function (el) { if (el.name !== "csrf") { el.value = fields[j][1]; j += 1; } });
      keep();
      return;
    }
    form.querySelectorAll(".write-rows, input[name='doc_id'], input[name='version']").forEach(function (el) { el.remove(); });
    fields.forEach(function (p) {
      if (["title_zh", "title_en", "authors", "source", "url", "published", "keywords"].indexOf(p[0]) >= 0) return;
      var input = document.createElement("input");
      input.type = "hidden"; input.name = p[0]; input.value = p[1];
      form.appendChild(input);
    });
    var op = document.createElement("input");
    op.type = "hidden"; op.name = "op"; op.value = "layout";
    form.appendChild(op);
    form.submit();
  }

  var timer = null;
  function keep(sent) {
    var now = state();
    if (same(now, initial)) { localStorage.removeItem(key); return; }
    var copy = { at: Date.now(), fields: now };
    if (sent) copy.sent = sent;
    try { localStorage.setItem(key, JSON.stringify(copy)); } catch (e) { /* full or blocked: the form still posts */ }
  }
  form.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(keep, 300); });
  form.addEventListener("change", function () { keep(); });
  window.addEventListener("beforeunload", function (e) {
    if (!same(state(), initial) && !form.dataset.submitting) { keep(); e.preventDefault(); e.returnValue = ""; }
  });
  // The copy kept at a submit is tagged with a random mark the form sends along; the page the server
  // answers a successful save with (this editor, or the document after Publish) names it, and app.js
  // drops that copy, whatever key it was kept under ("new" for a new digest).
  form.addEventListener("submit", function () {
    var sent = Math.random().toString(36).slice(2) + Date.now().toString(36);
    var mark = form.querySelector("input[name='kept']");
    if (!mark) { mark = document.createElement("input"); mark.type = "hidden"; mark.name = "kept"; form.appendChild(mark); }
    mark.value = sent;
    clearTimeout(timer);  // a pending keep() would write the copy again without its mark
    keep(sent);
    form.dataset.submitting = "1";
  });

  // Alt+arrows / Alt+Enter in a row press that row's buttons.
  form.addEventListener("keydown", function (e) {
    if (!e.altKey) return;
    var row = e.target.closest ? e.target.closest(".write-row") : null;
    if (!row) return;
    var btn = row.querySelector('button[data-key="' + e.key + '"]');
    if (btn) { e.preventDefault(); btn.click(); }
  });

  // A phrase selected in a row: look it up in the concordance.
  var q = document.getElementById("cc-q");
  form.addEventListener("mouseup", function (e) {
    var el = e.target;
    if (!q || !el.matches || !el.matches("textarea")) return;
    var text = el.value.substring(el.selectionStart, el.selectionEnd).trim();
    if (text.length < 2 || text.length > 200) return;
    q.value = text;
    if (window.htmx) window.htmx.ajax("GET", "/write/concordance?q=" + encodeURIComponent(text), "#concordance");
  });
})();
