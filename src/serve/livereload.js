// Injected by `loa serve` into every HTML page it serves (never written by `loa build`): reloads
// the page when a rebuild finishes, swaps stylesheets when only CSS changed, and shows a failed
// build over the page (the server keeps serving the last good build).
(() => {
  const box = document.createElement("div");
  box.id = "loa-build-error";
  box.setAttribute("role", "alert");
  box.style.cssText =
    "position:fixed;inset:auto 1rem 1rem 1rem;max-height:60vh;overflow:auto;z-index:2147483647;" +
    "background:#2b0b0b;color:#ffe9e9;border:2px solid #ff6b6b;border-radius:8px;padding:1rem 1.2rem;" +
    "font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap;box-shadow:0 8px 30px #0008";
  const show = (text) => {
    box.textContent = text;
    if (!box.isConnected) document.body.appendChild(box);
  };
  const hide = () => box.remove();
  const connect = () => {
    const events = new EventSource("/__loa/events");
    events.addEventListener("reload", () => location.reload());
    events.addEventListener("css", () => {
      hide();
      for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
        const url = new URL(link.href);
        url.searchParams.set("loa-reload", Date.now());
        link.href = url.href;
      }
    });
    events.addEventListener("build-error", (e) => show(e.data));
    events.addEventListener("build-ok", hide);
    // The server restarted or the connection dropped: try again shortly, reload when back.
    events.onerror = () => {
      events.close();
      setTimeout(() => fetch("/__loa/ping").then(() => location.reload(), connect), 1000);
    };
  };
  connect();
})();
