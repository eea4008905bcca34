// Keeps the home page's campaign status true on the day the page is read, not the day it was
// built. Without JavaScript the build-time status stays, which is right on the build date.
(function () {
  var el = document.querySelector(".status[data-start]");
  if (!el) return;
  var day = 24 * 60 * 60 * 1000;
  function parse(s) {
    var p = s.split("-");
    return Date.UTC(+p[0], +p[1] - 1, +p[2]);
  }
  var now = new Date();
  var today = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
  var start = parse(el.dataset.start);
  var end = parse(el.dataset.end);
  var state, n;
  if (today < start) {
    state = "upcoming";
    n = Math.round((start - today) / day);
  } else if (today <= end) {
    state = "running";
    n = Math.round((end - today) / day) + 1;
  } else {
    state = "ended";
    n = 0;
  }
  el.textContent = el.dataset[state].replace("{n}", n);
  el.className = "status status-" + state;
})();
