// Pagefind's side of the search benchmark (scripts/bench_search.sh): this script replaces
// loa's js/search.js in a copy of loa's own search page (prepare-pagefind.mjs), so both tools
// are driven the same way: the query comes from `?q=` and the first result is an
// `<a href>` inside `#search-results`, in the same page, styles and fonts.
//
// It uses Pagefind's JS API as its documentation shows: import the bundle's pagefind.js,
// `await pagefind.search(q)`, then `await results[0].data()` for the first result only (the
// fragment of one page), and shows it. Pagefind picks the index of the page's <html lang>.
// Pagefind runs with `noWorker: true` (on the page's main thread, where the benchmark's CPU
// throttling applies) unless the address has `&pfworker=1` (Pagefind's default, a web worker).
// `window.__pfMore(n)` loads the first n results afterwards, for the benchmark's check of
// which pages were found; the benchmark counts no bytes after the first result.
(function () {
  "use strict";
  var list = document.getElementById("search-results");
  var form = document.querySelector(".search-form-page");
  var status = document.querySelector(".search-status[role=status]");
  if (!list || !form || !status || !form.q) return;
  var text = list.dataset;
  var bundle = text.pagefind || "/pagefind/";
  var params = new URLSearchParams(location.search);
  var q = params.get("q") || "";
  var worker = params.get("pfworker") === "1";
  form.q.value = q;
  var state = { search: null };

  function say(message) {
    status.hidden = false;
    status.textContent = message;
  }
  function fill(template, n, query) {
    return String(template || "").replace("{n}", n).replace("{q}", query);
  }
  function item(data) {
    var li = document.createElement("li");
    var h = document.createElement("h2");
    var a = document.createElement("a");
    a.href = data.url;
    a.textContent = (data.meta && data.meta.title) || data.url;
    h.appendChild(a);
    li.appendChild(h);
    var s = document.createElement("p");
    s.className = "summary";
    // Pagefind's excerpt is escaped text with <mark> around the matches.
    s.innerHTML = data.excerpt || "";
    li.appendChild(s);
    return li;
  }

  window.__pfMore = function (n) {
    if (!state.search) return Promise.resolve({ count: 0, results: [] });
    var slice = state.search.results.slice(0, n);
    return Promise.all(
      slice.map(function (r) {
        return r.data();
      })
    ).then(function (all) {
      return {
        count: state.search.results.length,
        results: all.map(function (d) {
          return { url: d.url, title: (d.meta && d.meta.title) || "" };
        }),
      };
    });
  };

  if (!q.trim()) {
    say(text.prompt);
    return;
  }
  say(text.loading);
  import(bundle + "pagefind.js")
    .then(function (pagefind) {
      return (worker ? Promise.resolve() : pagefind.options({ noWorker: true })).then(function () {
        return pagefind.search(q);
      }).then(function (search) {
        state.search = search;
        if (!search.results.length) {
          say(fill(text.none, 0, q.trim()));
          return;
        }
        return search.results[0].data().then(function (first) {
          var n = search.results.length;
          say(fill(n === 1 && text.resultsOne ? text.resultsOne : text.results, n, q));
          list.appendChild(item(first));
        });
      });
    })
    .catch(function (e) {
      say(text.error + " " + e);
    });
})();
