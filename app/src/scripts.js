((js, wasm) => {
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    import(js).then((code) => code.default({ module_or_path: wasm }).then(() => code.hydrate()));
  };
  if (document.visibilityState !== "visible" || !PerformanceObserver.supportedEntryTypes?.includes("paint")) {
    start();
    return;
  }
  new PerformanceObserver((list, observer) => {
    if (!list.getEntriesByName("first-contentful-paint").length) return;
    observer.disconnect();
    setTimeout(start, 0);
  }).observe({ type: "paint", buffered: true });
  document.addEventListener("visibilitychange", start, { once: true });
  setTimeout(start, 3000);
})
