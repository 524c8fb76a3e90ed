// Small behaviours the templates mark with data attributes instead of inline handlers, which the
// Content-Security-Policy forbids (script-src 'self', no 'unsafe-inline').
//   data-confirm="question"  a button or link asks before it acts
//   data-print               a button prints the page
//   data-back                a link goes back in history (its href is the fallback)
"use strict";

document.addEventListener("click", (event) => {
  const target = event.target instanceof Element ? event.target : null;
  const confirmable = target && target.closest("[data-confirm]");
  if (confirmable && !window.confirm(confirmable.dataset.confirm)) {
    event.preventDefault();
    return;
  }
  if (target && target.closest("[data-print]")) {
    event.preventDefault();
    window.print();
    return;
  }
  if (target && target.closest("a[data-back]") && window.history.length > 1) {
    event.preventDefault();
    window.history.back();
  }
});
