/* duizhao: small enhancements over server-rendered pages. Everything works without this file. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // After a successful save the server names the mark the digest editor's form was sent with: the copy
  // of it kept in this browser is now the server's, so it is not offered back again.
  (function () {
    var params = new URLSearchParams(location.search);
    var holder = document.querySelector("[data-kept]");
    var sent = (holder && holder.getAttribute("data-kept")) || params.get("kept");
    if (!sent) return;
    try {
      for (var i = localStorage.length - 1; i >= 0; i -= 1) {
        var k = localStorage.key(i);
        if (!k || k.indexOf("duizhao:write:") !== 0) continue;
        var copy = null;
        try { copy = JSON.parse(localStorage.getItem(k) || "null"); } catch (e) { copy = null; }
        if (copy && copy.sent === sent) localStorage.removeItem(k);
      }
    } catch (e) { /* storage blocked: nothing was kept */ }
    if (params.has("kept") && window.history.replaceState) {
      params.delete("kept");
      var rest = params.toString();
      window.history.replaceState(null, "", location.pathname + (rest ? "?" + rest : "") + location.hash);
    }
  })();

  function ready(fn) {
    if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn);
  }

  // Hovering (or focusing) a sentence highlights its twin in the other language.
  function twins(target) {
    var s = target && target.closest ? target.closest(".s[data-s]") : null;
    if (!s) return [];
    var unit = s.closest("[data-unit-id]");
    return unit ? unit.querySelectorAll('.s[data-s="' + s.getAttribute("data-s") + '"]') : [];
  }
  function mark(event, on) {
    twins(event.target).forEach(function (el) { el.classList.toggle("hl", on); });
  }
  document.addEventListener("mouseover", function (e) { mark(e, true); });
  document.addEventListener("mouseout", function (e) { mark(e, false); });

  // A long document comes a page at a time: a link to one of its units (/doc/ID#u512, from search,
  // the queue, history) that lands on a page without that unit asks the server for the page holding it.
  ready(function () {
    var reading = document.querySelector("[data-paged]");
    var id = decodeURIComponent((location.hash || "").slice(1));
    if (!reading || !id || document.getElementById(id) || !/^[A-Za-z0-9_.-]{1,80}$/.test(id)) return;
    var params = new URLSearchParams(location.search);
    if (params.get("unit") === id) return;  // asked already: no such unit
    params.delete("page");
    params.set("unit", id);
    location.replace(location.pathname + "?" + params.toString() + "#" + encodeURIComponent(id));
  });

  // Copy buttons (citations).
  document.addEventListener("click", function (e) {
    var btn = e.target.closest ? e.target.closest("button.copy[data-copy]") : null;
    if (!btn) return;
    var src = document.getElementById(btn.getAttribute("data-copy"));
    if (!src) return;
    var text = src.textContent;
    var done = function () {
      var old = btn.textContent;
      btn.textContent = "Copied";
      setTimeout(function () { btn.textContent = old; }, 1500);
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, function () { selectText(src); });
    } else {
      selectText(src);
    }
  });
  function selectText(el) {
    var range = document.createRange();
    range.selectNodeContents(el);
    var sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
  }

  // A select that submits its form when changed (the form keeps a submit button without JS).
  document.addEventListener("change", function (e) {
    var t = e.target;
    if (t.matches && t.matches("select[data-autosubmit]") && t.form) t.form.submit();
    // Report form: switching sides swaps in that side's current text, unless the reader already edited it.
    if (t.matches && t.matches('.report-form input[name="side"]')) {
      var form = t.form, area = form.querySelector('textarea[name="text"]');
      var texts = Array.prototype.map.call(form.querySelectorAll('input[name="side"]'), function (r) { return r.getAttribute("data-current") || ""; });
      if (area && (area.value === "" || texts.indexOf(area.value) >= 0)) area.value = t.getAttribute("data-current") || "";
    }
  });

  // Cancel inside an inline report form closes it instead of navigating.
  document.addEventListener("click", function (e) {
    var a = e.target.closest ? e.target.closest("[data-close-report]") : null;
    if (!a) return;
    var slot = a.closest(".report-slot");
    if (!slot) return;
    e.preventDefault();
    slot.innerHTML = "";
    var unit = slot.closest("[data-unit-id]");
    var link = unit && unit.querySelector("a.report");
    if (link) link.focus();
  });

  // After htmx puts a report form in place, move the keyboard focus into it.
  document.addEventListener("htmx:afterSwap", function (e) {
    var first = e.target.querySelector && e.target.querySelector('textarea[name="text"], .alert');
    if (first) {
      if (!first.hasAttribute("tabindex") && first.tagName !== "TEXTAREA") first.setAttribute("tabindex", "-1");
      first.focus();
    }
  });

  // A menu opened near the right edge is moved left so that it stays on the screen.
  document.addEventListener("toggle", function (e) {
    var menu = e.target;
    if (!menu.classList || !menu.classList.contains("menu") || !menu.open) return;
    var body = menu.querySelector(".menu-body");
    if (!body || getComputedStyle(body).position !== "absolute") return;
    body.style.left = "";
    var over = body.getBoundingClientRect().right - (document.documentElement.clientWidth - 8);
    if (over > 0) body.style.left = -over + "px";
  }, true);

  // Uploads: one request per file, with progress, instead of one opaque form post.
  ready(function () {
    var form = document.getElementById("upload-form");
    var list = document.getElementById("upload-progress");
    if (!form || !list || !window.FormData || !window.XMLHttpRequest) return;
    form.addEventListener("submit", function (e) {
      var input = form.querySelector('input[type="file"]');
      if (!input || !input.files.length) return;
      e.preventDefault();
      var csrf = form.querySelector('input[name="csrf"]').value;
      var files = Array.prototype.slice.call(input.files);
      list.innerHTML = "";
      var rows = files.map(function (f) {
        var li = document.createElement("li");
        var badge = document.createElement("span");
        badge.className = "badge";
        badge.textContent = "waiting";
        var name = document.createElement("span");
        name.className = "file";
        name.textContent = f.name;
        var info = document.createElement("span");
        info.className = "info";
        var bar = document.createElement("progress");
        bar.max = 100;
        bar.value = 0;
        li.append(badge, name, bar, info);
        list.appendChild(li);
        return { li: li, badge: badge, bar: bar, info: info };
      });
      var i = 0;
      function next() {
        if (i >= files.length) return;
        var file = files[i], row = rows[i];
        i += 1;
        var data = new FormData();
        data.append("csrf", csrf);
        data.append("files", file, file.name);
        var xhr = new XMLHttpRequest();
        xhr.open("POST", form.action);
        xhr.setRequestHeader("X-CSRF-Token", csrf);
        xhr.setRequestHeader("Accept", "application/json");
        row.badge.textContent = "uploading";
        xhr.upload.addEventListener("progress", function (ev) {
          if (ev.lengthComputable) row.bar.value = Math.round((ev.loaded / ev.total) * 100);
          if (ev.loaded === ev.total) row.badge.textContent = "reading";
        });
        xhr.addEventListener("load", function () {
          row.bar.value = 100;
          var result = null;
          try { result = JSON.parse(xhr.responseText); } catch (err) { result = null; }
          var r = result && result.results ? result.results[0] : null;
          if (xhr.status === 200 && r) {
            row.badge.textContent = r.status;
            row.li.className = "st-" + r.status;
            if (r.id) {
              var a = document.createElement("a");
              a.href = "/doc/" + encodeURIComponent(r.id);
              a.textContent = r.title || r.id;
              row.info.append(a);
            }
            if (r.error) row.info.append(r.error);
            row.bar.remove();
          } else {
            row.badge.textContent = "failed";
            row.li.className = "st-failed";
            row.info.append((result && result.error) || ("HTTP " + xhr.status));
            row.bar.remove();
          }
          next();
        });
        xhr.addEventListener("error", function () {
          row.badge.textContent = "failed";
          row.li.className = "st-failed";
          row.info.append("— the connection failed");
          next();
        });
        xhr.send(data);
      }
      next();
    });
  });
})();
