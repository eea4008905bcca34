// Search for the portal, run in the browser against the index the build writes for each
// language (format: src/render/search/), so it needs no search service and works offline.
// A query fetches the small manifest, the shards of its words (and of adjacent pairs, for
// phrases), then what the results shown need: a page's title, address and summary come in
// chunks of a few pages; years, units and tags for the filters come after the first results.
//
// Words are matched with or without Vietnamese marks: the index is keyed by folded words (lower
// case, marks removed, đ → d), so "hoc tap" finds "học tập"; each key keeps the forms written,
// so a reader who types "học" sees pages with "học" above pages with only "hóc".
//
// The half below `api` touches no DOM, so tests run it under Node against a built index.
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

  // Words as the build cuts them (src/render/search/words.rs): runs of letters, digits and
  // marks, in lower case, composed.
  function split(s) {
    return String(s == null ? "" : s)
      .toLowerCase()
      .normalize("NFC")
      .split(/[^\p{L}\p{N}\p{M}]+/u)
      .filter(Boolean);
  }

  // A query: its words, and which runs of them are quoted phrases. The last word is matched as
  // the start of a word too while the reader may still be typing it (no space or quote after).
  function parse(query) {
    var q = String(query == null ? "" : query);
    var terms = [];
    var phrases = [];
    q.split('"').forEach(function (part, i) {
      var ws = split(part);
      var quoted = i % 2 === 1 && ws.length > 1;
      if (quoted) phrases.push([terms.length, terms.length + ws.length]);
      ws.forEach(function (w) {
        var key = fold(w);
        terms.push({ exact: w, key: key, marked: key !== w, quoted: i % 2 === 1 });
      });
    });
    var last = terms[terms.length - 1];
    if (last && !last.quoted && /[\p{L}\p{N}\p{M}]$/u.test(q)) last.prefix = true;
    return { terms: terms, phrases: phrases };
  }

  // A hit in the title outweighs anything elsewhere; the unit and tags come next, then the
  // summary, then the body. A form typed with its marks outweighs every field: "học" in a body
  // ranks above "hóc" in a title. A word still being typed counts half.
  var FIELD = [100, 10, 4, 1];
  var EXACT = 1000;
  // Adjacent query words found side by side: in the title, or anywhere.
  var PAIR_TITLE = 200;
  var PAIR = 50;

  function Reader(bytes) {
    this.b = bytes;
    this.at = 0;
  }
  Reader.prototype.varint = function () {
    var v = 0;
    var shift = 0;
    var b;
    do {
      b = this.b[this.at++];
      v += (b & 0x7f) * Math.pow(2, shift);
      shift += 7;
    } while (b & 0x80);
    return v;
  };
  var utf8 = typeof TextDecoder !== "undefined" ? new TextDecoder() : null;
  Reader.prototype.str = function () {
    var n = this.varint();
    var s = utf8.decode(this.b.subarray(this.at, this.at + n));
    this.at += n;
    return s;
  };
  // A page set (format: src/render/search/index.rs): calls `each(page)` for each page in it,
  // or only skips past it when `each` is null.
  Reader.prototype.set = function (count, each) {
    var h = this.varint();
    var len = Math.floor(h / 4);
    var mode = h & 3;
    var i, p, next;
    if (mode === 1) {
      var start = this.at;
      this.at += len;
      if (!each) return;
      for (i = 0; i < len; i++) {
        var byte = this.b[start + i];
        for (p = 0; byte; p++, byte >>= 1) if (byte & 1) each(i * 8 + p);
      }
      return;
    }
    if (!each) {
      for (i = 0; i < len; i++) this.varint();
      return;
    }
    next = 0;
    if (mode === 0) {
      for (i = 0; i < len; i++) {
        p = next + this.varint();
        each(p);
        next = p + 1;
      }
      return;
    }
    for (i = 0; i < len; i++) {
      p = next + this.varint();
      for (; next < p; next++) each(next);
      next = p + 1;
    }
    for (; next < count; next++) each(next);
  };

  // The shard of `list` (each shard's first key, the first being "") that holds `key`.
  function shardOf(list, key) {
    var lo = 0;
    var hi = list.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (list[mid] <= key) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  // An index opened from its manifest; `get(name, json)` fetches a file of it (an ArrayBuffer,
  // or parsed JSON), so the browser and the tests can each bring their own.
  function open(manifest, get) {
    var files = {};
    function file(name, json) {
      if (!files[name]) {
        files[name] = get(name, json);
        files[name].catch(function () {
          delete files[name];
        });
      }
      return files[name];
    }
    return {
      manifest: manifest,
      count: manifest.pages,
      words: function (n) {
        return file("w" + n + ".bin").then(function (b) {
          return new Uint8Array(b);
        });
      },
      pairs: function (n) {
        return file("b" + n + ".bin").then(function (b) {
          return new Uint8Array(b);
        });
      },
      chunk: function (n) {
        return file("p" + n + ".json", true);
      },
      facets: function () {
        return file("facets.json", true);
      },
    };
  }

  // The word shards a term needs: its own, and while it is typed the next one too when the
  // words it starts run on into it (never more: a one-letter start would be half the index).
  function wordShards(index, term) {
    var list = index.manifest.words;
    var n = shardOf(list, term.key);
    var out = [n];
    if (term.prefix && n + 1 < list.length && list[n + 1].indexOf(term.key) === 0) out.push(n + 1);
    return out;
  }

  // Scores every page for `query`: resolves to { hits: [{ page, score }] } with every page
  // that has all the query's words (and its quoted phrases), best first, then in index order
  // (newest first).
  function search(index, query) {
    var parsed = typeof query === "string" ? parse(query) : query;
    var terms = parsed.terms;
    var count = index.count;
    // No words (a reader who only chose filters): every page, newest first.
    if (!terms.length) {
      var every = [];
      for (var p = 0; p < count; p++) every.push({ page: p, score: 0 });
      return Promise.resolve({ hits: every });
    }
    if (!index.manifest.words.length) return Promise.resolve({ hits: [] });
    var pairs = [];
    for (var i = 1; i < terms.length; i++) {
      var inPhrase = parsed.phrases.some(function (ph) {
        return i > ph[0] && i < ph[1];
      });
      pairs.push({ key: terms[i - 1].key + " " + terms[i].key, required: inPhrase });
    }
    var wordLoads = terms.map(function (t) {
      return Promise.all(wordShards(index, t).map(index.words));
    });
    var pairLoads = pairs.map(function (p) {
      var list = index.manifest.pairs;
      return list.length ? index.pairs(shardOf(list, p.key)) : new Uint8Array(0);
    });
    return Promise.all([Promise.all(wordLoads), Promise.all(pairLoads)]).then(function (loaded) {
      var total = new Float64Array(count);
      var found = new Uint8Array(count);
      terms.forEach(function (t, ti) {
        var best = new Float64Array(count);
        loaded[0][ti].forEach(function (bytes) {
          scoreTerm(bytes, t, count, best);
        });
        for (var p = 0; p < count; p++) {
          if (best[p] > 0 && found[p] === ti) {
            found[p]++;
            total[p] += best[p];
          }
        }
      });
      var need = terms.length;
      pairs.forEach(function (pair, pi) {
        var sets = pairSets(loaded[1][pi], pair.key, count);
        var inTitle = new Uint8Array(count);
        var anywhere = new Uint8Array(count);
        if (sets) {
          sets[0](function (p) {
            inTitle[p] = 1;
          });
          sets[1](function (p) {
            anywhere[p] = 1;
          });
        }
        var share = 1 / pairs.length;
        for (var p = 0; p < count; p++) {
          if (found[p] !== need) continue;
          if (pair.required && !anywhere[p]) found[p] = 0;
          else if (inTitle[p]) total[p] += PAIR_TITLE * share;
          else if (anywhere[p]) total[p] += PAIR * share;
        }
      });
      var hits = [];
      for (var p = 0; p < count; p++) {
        if (found[p] === need) hits.push({ page: p, score: total[p] });
      }
      hits.sort(function (a, b) {
        return b.score - a.score || a.page - b.page;
      });
      return { hits: hits };
    });
  }

  // The best each page does for `term` in one word shard, into `best`.
  function scoreTerm(bytes, term, count, best) {
    var r = new Reader(bytes);
    while (r.at < bytes.length) {
      var key = r.str();
      var whole = key === term.key;
      var starts = !whole && term.prefix && key.indexOf(term.key) === 0;
      var forms = r.varint();
      for (var f = 0; f < forms; f++) {
        var form = r.str() || key;
        var use = whole || starts;
        var bonus = 0;
        if (use && term.marked) {
          if (whole ? form === term.exact : form.indexOf(term.exact) === 0) bonus = EXACT;
        }
        for (var field = 0; field < 4; field++) {
          var s = (whole ? FIELD[field] : FIELD[field] / 2) + bonus;
          r.set(
            count,
            use
              ? function (p) {
                  if (s > best[p]) best[p] = s;
                }
              : null
          );
        }
      }
      // Keys are sorted: past the term and everything it starts, nothing more can match.
      if (key > term.key && !starts && !whole) break;
    }
  }

  // The two page sets of `key` in a pair shard, as functions that walk them; null if absent.
  function pairSets(bytes, key, count) {
    var r = new Reader(bytes);
    while (r.at < bytes.length) {
      var k = r.str();
      if (k === key) {
        var at = r.at;
        r.set(count, null);
        var second = r.at;
        return [
          function (each) {
            r.at = at;
            r.set(count, each);
          },
          function (each) {
            r.at = second;
            r.set(count, each);
          },
        ];
      }
      r.set(count, null);
      r.set(count, null);
      if (k > key) return null;
    }
    return null;
  }

  // What the results `hits[from..to)` show, fetched chunk by chunk: [{ page, entry }].
  function entries(index, hits) {
    var size = index.manifest.chunk;
    var chunks = {};
    hits.forEach(function (h) {
      chunks[Math.floor(h.page / size)] = true;
    });
    var names = Object.keys(chunks).map(Number);
    return Promise.all(names.map(index.chunk)).then(function (loaded) {
      var by = {};
      names.forEach(function (n, i) {
        by[n] = loaded[i];
      });
      return hits.map(function (h) {
        return { page: h.page, entry: by[Math.floor(h.page / size)][h.page % size] };
      });
    });
  }

  var FACETS = ["year", "kind", "unit", "tag"];

  // Each page's value ids for the filters: { year: [...], kind: [...], unit: [...], tag: [[...]] }.
  function pageValues(f) {
    return {
      year: f.year.of.map(function (v) {
        return v ? f.year.values[v - 1][0] : null;
      }),
      unit: f.unit.of.map(function (v) {
        return v ? f.unit.values[v - 1][0] : null;
      }),
      kind: f.unit.of.map(function (v) {
        return v ? f.kind.values[f.unit.values[v - 1][2]][0] : null;
      }),
      tag: f.tag.of.map(function (list) {
        return list.map(function (t) {
          return f.tag.values[t][0];
        });
      }),
    };
  }

  function has(values, name, page, want) {
    var v = values[name][page];
    return Array.isArray(v) ? v.indexOf(want) >= 0 : v === want;
  }

  // `hits` kept by the filters `chosen` ({ unit: "x", … }), and for every facet the count of
  // each value among the hits the *other* filters keep (so a reader sees what choosing it
  // would leave): { hits, counts: { year: { "2025": 12, … }, … } }.
  function filter(values, hits, chosen) {
    var active = FACETS.filter(function (n) {
      return chosen[n];
    });
    var counts = {};
    FACETS.forEach(function (n) {
      counts[n] = {};
    });
    var kept = [];
    hits.forEach(function (h) {
      var misses = active.filter(function (n) {
        return !has(values, n, h.page, chosen[n]);
      });
      if (!misses.length) kept.push(h);
      if (misses.length > 1) return;
      FACETS.forEach(function (n) {
        if (misses.length && misses[0] !== n) return;
        var v = values[n][h.page];
        (Array.isArray(v) ? v : v == null ? [] : [v]).forEach(function (x) {
          counts[n][x] = (counts[n][x] || 0) + 1;
        });
      });
    });
    return { hits: kept, counts: counts };
  }

  var api = {
    fold: fold,
    split: split,
    parse: parse,
    open: open,
    search: search,
    entries: entries,
    pageValues: pageValues,
    filter: filter,
    matches: matches,
  };
  if (typeof module !== "undefined" && module.exports) module.exports = api;

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
    parse(query).terms.forEach(function (t) {
      for (var at = folded.indexOf(t.key); at >= 0; at = folded.indexOf(t.key, at + 1)) {
        if (at > 0 && /[\p{L}\p{N}]/u.test(folded[at - 1])) continue;
        for (var k = at; k < at + t.key.length; k++) marked[owner[k]] = true;
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

  if (typeof document === "undefined") return;

  var list = document.getElementById("search-results");
  var form = document.querySelector(".search-form-page");
  var status = document.querySelector(".search-status[role=status]");
  var filters = document.getElementById("search-filters");
  if (!list || !form || !status || !form.q) return;
  var input = form.q;
  var text = list.dataset;
  var STEP = 20;
  var manifestUrl = new URL(text.index, location.href);
  var base = new URL(manifestUrl.pathname.replace(/\.json$/, "/"), manifestUrl);
  var index = null;
  var values = null;
  var chosen = {};
  var result = { hits: [] };
  var shown = 0;
  var query = "";
  var run = 0;

  function fetchOk(url, init) {
    return fetch(url, init).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r;
    });
  }

  var opening = null;
  function opened() {
    if (!opening) {
      opening = fetchOk(manifestUrl.href, { cache: "no-cache" })
        .then(function (r) {
          return r.json();
        })
        .then(function (m) {
          index = open(m, function (name, json) {
            return fetchOk(new URL(name + "?v=" + m.v, base).href).then(function (r) {
              return json ? r.json() : r.arrayBuffer();
            });
          });
          return index;
        });
      opening.catch(function () {
        opening = null;
      });
    }
    return opening;
  }

  function facetValues() {
    return opened()
      .then(function (i) {
        return i.facets();
      })
      .then(function (f) {
        if (!values) values = { facets: f, pages: pageValues(f) };
        return values;
      });
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

  function item(e) {
    var li = document.createElement("li");
    var meta = document.createElement("p");
    meta.className = "meta";
    var section = index.manifest.sections[e.section] || e.section;
    meta.textContent = [section, e.date, e.unit].filter(Boolean).join(" · ");
    var h = document.createElement("h2");
    var a = document.createElement("a");
    a.href = e.url;
    highlighted(a, e.title, query);
    h.appendChild(a);
    li.appendChild(meta);
    li.appendChild(h);
    if (e.summary) {
      var s = document.createElement("p");
      s.className = "summary";
      highlighted(s, e.summary, query);
      li.appendChild(s);
    }
    return li;
  }

  function more() {
    var old = document.querySelector(".search-more");
    if (old) old.remove();
    var mine = run;
    var batch = result.hits.slice(shown, shown + STEP);
    shown += batch.length;
    return entries(index, batch).then(function (got) {
      if (mine !== run) return;
      got.forEach(function (g) {
        list.appendChild(item(g.entry));
      });
      if (shown < result.hits.length) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "button search-more";
        button.textContent = text.more;
        button.addEventListener("click", more);
        list.after(button);
      }
    });
  }

  // The address keeps the query and the filters, so results can be linked and the back button
  // returns to them; the language switcher carries the query over to the other language.
  function remember(q) {
    var params = new URLSearchParams();
    if (q) params.set("q", q);
    FACETS.forEach(function (n) {
      if (chosen[n]) params.set(n, chosen[n]);
    });
    var search = params.toString() ? "?" + params : "";
    history.replaceState(null, "", location.pathname + search);
    document.querySelectorAll(".lang-switch a").forEach(function (a) {
      a.search = q ? "?q=" + encodeURIComponent(q) : "";
    });
  }

  // One <select> per facet with values among the results, each value with its count.
  function drawFilters(counts) {
    if (!filters || !values) return;
    filters.textContent = "";
    var f = values.facets;
    FACETS.forEach(function (n) {
      var options = f[n].values.filter(function (v) {
        return counts[n][v[0]] || chosen[n] === v[0];
      });
      if (!options.length) return;
      var label = document.createElement("label");
      var name = document.createElement("span");
      name.textContent = filters.dataset[n];
      var select = document.createElement("select");
      select.name = n;
      var all = document.createElement("option");
      all.value = "";
      all.textContent = filters.dataset.all;
      select.appendChild(all);
      options.forEach(function (v) {
        var o = document.createElement("option");
        o.value = v[0];
        o.textContent = v[1] + " (" + (counts[n][v[0]] || 0) + ")";
        o.selected = chosen[n] === v[0];
        select.appendChild(o);
      });
      select.addEventListener("change", function () {
        chosen[n] = select.value;
        go();
      });
      label.appendChild(name);
      label.appendChild(select);
      filters.appendChild(label);
    });
    filters.hidden = !filters.firstChild;
  }

  function show(all, q) {
    var filtered = values ? filter(values.pages, all.hits, chosen) : { hits: all.hits };
    result = filtered;
    shown = 0;
    list.textContent = "";
    var n = result.hits.length;
    var found = n === 1 && text.resultsOne ? text.resultsOne : text.results;
    var filtered1 = n === 1 && text.filteredOne ? text.filteredOne : text.filtered;
    say(q ? fill(n ? found : text.none, n, q) : fill(filtered1, n, ""));
    drawFilters(filtered.counts || {});
    return more();
  }

  function go() {
    query = input.value.trim();
    remember(query);
    var mine = ++run;
    var old = document.querySelector(".search-more");
    if (old) old.remove();
    var parsed = parse(query);
    var filtering = FACETS.some(function (n) {
      return chosen[n];
    });
    if (!parsed.terms.length && !filtering) {
      list.textContent = "";
      if (filters) filters.hidden = true;
      say(text.prompt);
      return;
    }
    if (!index) say(text.loading);
    // With filters in the address they are needed before anything is shown; without, the
    // results come first and the filters after them.
    var ready = filtering ? facetValues() : opened();
    ready
      .then(function () {
        return search(index, parsed);
      })
      .then(function (all) {
        if (mine !== run) return;
        return show(all, query).then(function () {
          if (values || mine !== run) return;
          return facetValues().then(function () {
            if (mine !== run) return;
            var counts = filter(values.pages, all.hits, chosen).counts;
            drawFilters(counts);
          });
        });
      })
      .catch(function () {
        if (mine === run) say(text.error);
      });
  }

  var timer = 0;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(go, 150);
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    clearTimeout(timer);
    go();
  });
  var params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  FACETS.forEach(function (n) {
    chosen[n] = params.get(n) || "";
  });
  go();
  if (!input.value) opened();
})();
