// Search for the portal, run in the browser against the JSON index the build writes for each
// language (format: src/render/search.rs), so it needs no search service and no network beyond
// the site itself. Vietnamese is matched with or without diacritics: the query and the index are
// both folded (lower case, marks removed, đ → d), so "hoc tap" finds "học tập".
//
// The matching half below touches no DOM, so tests run it under Node with the built index.
(function () {
  "use strict";

  // \p{M} is every combining mark, as the build's folding removes them; đ is a letter of its
  // own, not d plus a mark, so it needs its own rule.
  function fold(s) {
    return String(s == null ? "" : s)
      .toLowerCase()
      .normalize("NFD")
      .replace(/\p{M}+/gu, "")
      .replace(/đ/g, "d");
  }

  // Folded words as " w1 w2 … wn ": with the spaces, " term" is found only at a word start.
  function words(s) {
    var list = fold(s).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    return list.length ? " " + list.join(" ") + " " : " ";
  }

  function terms(query) {
    return words(query).split(" ").filter(Boolean);
  }

  // A title hit outweighs anything elsewhere, so pages named by the query come first; tags and
  // the unit come next, then the summary, then the body.
  var WEIGHTS = { title: 100, meta: 10, summary: 4, body: 1 };

  function prepare(index) {
    var sections = (index && index.sections) || {};
    var pages = (index && index.pages) || [];
    return pages.map(function (p, order) {
      return {
        page: p,
        order: order,
        section: sections[p.section] || p.section || "",
        title: words(p.title),
        titleExact: String(p.title || "").normalize("NFC").toLowerCase(),
        meta: words([p.unit || ""].concat(p.tags || []).join(" ")),
        summary: words(p.summary),
        // Folded by the build already (src/render/search.rs); folding it again would be most of
        // the time a large site's index takes to load.
        body: " " + (p.body || "") + " ",
      };
    });
  }

  // How well `term` matches a field: a whole word fully, the start of a word (the reader is
  // still typing) by half.
  function fieldScore(text, term, weight) {
    if (text.indexOf(" " + term + " ") >= 0) return weight;
    if (text.indexOf(" " + term) >= 0) return weight / 2;
    return 0;
  }

  // Every word of the query must be found somewhere in a page (AND); each counts where it is
  // found best. Results: best first, then in index order (newest first).
  function search(records, query) {
    var ts = terms(query);
    if (!ts.length) return [];
    var phrase = " " + ts.join(" ") + " ";
    var exact = String(query).trim().normalize("NFC").toLowerCase();
    var hits = [];
    for (var r = 0; r < records.length; r++) {
      var rec = records[r];
      var score = 0;
      for (var i = 0; i < ts.length; i++) {
        var best = 0;
        for (var field in WEIGHTS) {
          var s = fieldScore(rec[field], ts[i], WEIGHTS[field]);
          if (s > best) best = s;
        }
        if (!best) break;
        score += best;
      }
      if (!best) continue;
      if (ts.length > 1) {
        if (rec.title.indexOf(phrase) >= 0) score += WEIGHTS.title;
        else if (rec.summary.indexOf(phrase) >= 0 || rec.body.indexOf(phrase) >= 0) score += 2;
      }
      // Typed with diacritics and they match as typed: "hóa" above "hòa".
      if (exact && rec.titleExact.indexOf(exact) >= 0) score += 5;
      hits.push({ page: rec.page, section: rec.section, score: score, order: rec.order });
    }
    hits.sort(function (a, b) {
      return b.score - a.score || a.order - b.order;
    });
    return hits;
  }

  // Where the query's words are in `text`, as [start, end) ranges of its characters: the text is
  // folded one character at a time so positions found in folded text lead back to the original.
  function matches(text, query) {
    var chars = Array.from(String(text || ""));
    var folded = "";
    var owner = [];
    chars.forEach(function (c, i) {
      var f = fold(c);
      for (var k = 0; k < f.length; k++) owner.push(i);
      folded += f;
    });
    var marked = chars.map(function () {
      return false;
    });
    terms(query).forEach(function (t) {
      for (var at = folded.indexOf(t); at >= 0; at = folded.indexOf(t, at + 1)) {
        if (at > 0 && /[\p{L}\p{N}]/u.test(folded[at - 1])) continue;
        for (var k = at; k < at + t.length; k++) marked[owner[k]] = true;
      }
    });
    var ranges = [];
    marked.forEach(function (m, i) {
      if (!m) return;
      var last = ranges[ranges.length - 1];
      if (last && last[1] === i) last[1] = i + 1;
      else ranges.push([i, i + 1]);
    });
    return { chars: chars, ranges: ranges };
  }

  var api = { fold: fold, words: words, prepare: prepare, search: search, matches: matches };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  if (typeof document === "undefined") return;

  var list = document.getElementById("search-results");
  var form = document.querySelector(".search-form-page");
  var status = document.querySelector(".search-status[role=status]");
  if (!list || !form || !status || !form.q) return;
  var input = form.q;
  var text = list.dataset;
  var STEP = 30;
  var records = null;
  var loading = null;
  var shown = 0;
  var hits = [];
  var query = "";

  function load() {
    if (!loading) {
      loading = fetch(text.index)
        .then(function (r) {
          if (!r.ok) throw new Error(r.status);
          return r.json();
        })
        .then(function (index) {
          records = prepare(index);
        });
      loading.catch(function () {
        loading = null;
      });
    }
    return loading;
  }

  function say(message) {
    status.hidden = false;
    status.textContent = message;
  }

  function fill(template, n, q) {
    return String(template || "").replace("{n}", n).replace("{q}", q);
  }

  function highlighted(parent, value, q) {
    var m = matches(value, q);
    var at = 0;
    m.ranges.forEach(function (r) {
      parent.appendChild(document.createTextNode(m.chars.slice(at, r[0]).join("")));
      var mark = document.createElement("mark");
      mark.textContent = m.chars.slice(r[0], r[1]).join("");
      parent.appendChild(mark);
      at = r[1];
    });
    parent.appendChild(document.createTextNode(m.chars.slice(at).join("")));
  }

  function item(hit) {
    var p = hit.page;
    var li = document.createElement("li");
    var meta = document.createElement("p");
    meta.className = "meta";
    meta.textContent = [hit.section, p.date, p.unit].filter(Boolean).join(" · ");
    var h = document.createElement("h2");
    var a = document.createElement("a");
    a.href = p.url;
    highlighted(a, p.title, query);
    h.appendChild(a);
    li.appendChild(meta);
    li.appendChild(h);
    if (p.summary) {
      var s = document.createElement("p");
      s.className = "summary";
      highlighted(s, p.summary, query);
      li.appendChild(s);
    }
    return li;
  }

  function more() {
    var old = document.querySelector(".search-more");
    if (old) old.remove();
    var end = Math.min(hits.length, shown + STEP);
    for (; shown < end; shown++) list.appendChild(item(hits[shown]));
    if (shown < hits.length) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button search-more";
      button.textContent = text.more;
      button.addEventListener("click", more);
      list.after(button);
    }
  }

  // The address keeps the query, so results can be linked and the back button returns to them;
  // the language switcher carries it over to the other language's search page.
  function remember(q) {
    var search = q ? "?q=" + encodeURIComponent(q) : "";
    history.replaceState(null, "", location.pathname + search);
    document.querySelectorAll(".lang-switch a").forEach(function (a) {
      a.search = search;
    });
  }

  function run() {
    query = input.value.trim();
    remember(query);
    list.textContent = "";
    var old = document.querySelector(".search-more");
    if (old) old.remove();
    if (!terms(query).length) {
      say(text.prompt);
      return;
    }
    if (!records) say(text.loading);
    var asked = query;
    load().then(
      function () {
        if (asked !== query) return;
        hits = search(records, query);
        shown = 0;
        var found = hits.length === 1 && text.resultsOne ? text.resultsOne : text.results;
        say(fill(hits.length ? found : text.none, hits.length, query));
        more();
      },
      function () {
        say(text.error);
      }
    );
  }

  var timer = 0;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 150);
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    clearTimeout(timer);
    run();
  });
  input.value = new URLSearchParams(location.search).get("q") || "";
  run();
  if (!input.value) load();
})();
