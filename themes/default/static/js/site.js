// Says on the home page whether the campaign week is ahead, running or over, on the day the
// page is read. The build does not say it: the page would be stale the next day. Without
// JavaScript the week's dates above it say the same.
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
  // The words for one day where the language has them (data-upcoming-one).
  var text = (n === 1 && el.dataset[state + "One"]) || el.dataset[state];
  el.textContent = text.replace("{n}", n);
  el.className = "status status-" + state;
  el.hidden = false;
})();

// Lightbox for page galleries. Without JavaScript each thumbnail is a plain link to the photo.
// With it: a native <dialog> (Esc closes, focus is trapped by the browser), arrow keys and
// buttons move between photos, and focus returns to the thumbnail that opened it.
(function () {
  var galleries = document.querySelectorAll(".gallery");
  if (!galleries.length || typeof HTMLDialogElement !== "function") return;
  galleries.forEach(function (gallery) {
    var links = Array.prototype.slice.call(gallery.querySelectorAll("a"));
    if (!links.length) return;
    var labels = gallery.dataset;
    var dialog = document.createElement("dialog");
    dialog.className = "lightbox";
    dialog.setAttribute("aria-label", gallery.getAttribute("aria-label") || "");
    dialog.innerHTML =
      '<figure><img alt=""><figcaption></figcaption></figure>' +
      '<button type="button" class="lb-prev"></button>' +
      '<button type="button" class="lb-next"></button>' +
      '<button type="button" class="lb-close"></button>';
    var img = dialog.querySelector("img");
    var caption = dialog.querySelector("figcaption");
    var prev = dialog.querySelector(".lb-prev");
    var next = dialog.querySelector(".lb-next");
    var close = dialog.querySelector(".lb-close");
    prev.textContent = "‹";
    next.textContent = "›";
    close.textContent = "×";
    prev.setAttribute("aria-label", labels.previous || "Previous");
    next.setAttribute("aria-label", labels.next || "Next");
    close.setAttribute("aria-label", labels.close || "Close");
    document.body.appendChild(dialog);
    var current = 0;
    var opener = null;
    function show(i) {
      current = (i + links.length) % links.length;
      var thumb = links[current].querySelector("img");
      img.src = links[current].getAttribute("data-webp") || links[current].href;
      img.alt = thumb ? thumb.alt : "";
      caption.textContent = (current + 1) + " / " + links.length + (thumb && thumb.alt ? " · " + thumb.alt : "");
    }
    links.forEach(function (a, i) {
      a.addEventListener("click", function (e) {
        if (e.ctrlKey || e.metaKey || e.shiftKey) return;
        e.preventDefault();
        opener = a;
        show(i);
        dialog.showModal();
        close.focus();
      });
    });
    prev.addEventListener("click", function () { show(current - 1); });
    next.addEventListener("click", function () { show(current + 1); });
    close.addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("click", function (e) { if (e.target === dialog) dialog.close(); });
    dialog.addEventListener("keydown", function (e) {
      if (e.key === "ArrowLeft") { show(current - 1); e.preventDefault(); }
      if (e.key === "ArrowRight") { show(current + 1); e.preventDefault(); }
    });
    dialog.addEventListener("close", function () { if (opener) opener.focus(); });
  });
})();

// Print buttons (report, printable panos): shown only where a script can print, so a reader
// without JavaScript never meets a button that does nothing. No inline onclick: the theme
// works under a Content-Security-Policy without 'unsafe-inline'. A pano's button names the
// picture its print stylesheet shows (data-print="…svg"), which screens never load: it is
// fetched first, so the print preview does not open before it has arrived.
(function () {
  document.querySelectorAll("button[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var picture = button.getAttribute("data-print");
      if (!picture) { window.print(); return; }
      var img = new Image();
      img.onload = img.onerror = function () { window.print(); };
      img.src = picture;
    });
  });
})();

// A table in a post that is wider than the screen scrolls in its box (.table-scroll): only
// then is the box made a stop for the keyboard, so it can be scrolled without a mouse.
(function () {
  var boxes = document.querySelectorAll(".table-scroll:not([tabindex])");
  function mark() {
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      if (box.scrollWidth > box.clientWidth) box.setAttribute("tabindex", "0");
      else box.removeAttribute("tabindex");
    }
  }
  if (boxes.length) {
    mark();
    window.addEventListener("resize", mark);
  }
})();
