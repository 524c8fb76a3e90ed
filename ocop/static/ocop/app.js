// Small behaviours the templates mark with data attributes instead of inline handlers, which the
// Content-Security-Policy forbids (script-src 'self', no 'unsafe-inline').
//   data-confirm="question"  a button or link asks before it acts
//   data-print               a button prints the page
//   data-back                a link goes back in history (its href is the fallback)
//   data-day                 a text box for a day: a small calendar writes dd/mm/yyyy into it
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

// A day picker for <input data-day>. The box stays a plain text box typed dd/mm/yyyy (never
// <input type=date>, whose display follows the browser's locale); the calendar only fills it.
const DAY_WORDS = {
  vi: { open: "Chọn ngày", prev: "Tháng trước", next: "Tháng sau", days: ["T2", "T3", "T4", "T5", "T6", "T7", "CN"] },
  en: { open: "Choose a day", prev: "Previous month", next: "Next month", days: ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"] },
};

function dayWords() {
  return (document.documentElement.lang || "vi").startsWith("en") ? DAY_WORDS.en : DAY_WORDS.vi;
}

function twoDigits(n) {
  return String(n).padStart(2, "0");
}

function readDay(text) {
  const m = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(text) || null;
  const iso = m ? null : /^\s*(\d{4})-(\d{2})-(\d{2})\s*$/.exec(text);
  const [d, mo, y] = m ? [+m[1], +m[2], +m[3]] : iso ? [+iso[3], +iso[2], +iso[1]] : [0, 0, 0];
  const day = new Date(y, mo - 1, d);
  return y && day.getDate() === d && day.getMonth() === mo - 1 ? day : null;
}

function closeDayPickers(except) {
  document.querySelectorAll(".day-calendar").forEach((cal) => {
    if (cal !== except) cal.remove();
  });
}

function drawCalendar(cal, input, month) {
  const words = dayWords();
  const chosen = readDay(input.value);
  const today = new Date();
  cal.replaceChildren();
  const head = document.createElement("div");
  head.className = "day-head";
  const button = (text, label, onClick) => {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    if (label) b.setAttribute("aria-label", label);
    b.addEventListener("click", onClick);
    return b;
  };
  const shift = (n) => () => drawCalendar(cal, input, new Date(month.getFullYear(), month.getMonth() + n, 1));
  const title = document.createElement("span");
  title.textContent = `${twoDigits(month.getMonth() + 1)}/${month.getFullYear()}`;
  head.append(button("‹", words.prev, shift(-1)), title, button("›", words.next, shift(1)));
  const grid = document.createElement("div");
  grid.className = "day-grid";
  words.days.forEach((name) => {
    const cell = document.createElement("span");
    cell.textContent = name;
    grid.append(cell);
  });
  const blanks = (new Date(month.getFullYear(), month.getMonth(), 1).getDay() + 6) % 7;
  for (let i = 0; i < blanks; i += 1) grid.append(document.createElement("span"));
  const last = new Date(month.getFullYear(), month.getMonth() + 1, 0).getDate();
  for (let d = 1; d <= last; d += 1) {
    const text = `${twoDigits(d)}/${twoDigits(month.getMonth() + 1)}/${month.getFullYear()}`;
    const b = button(String(d), text, () => {
      input.value = text;
      input.dispatchEvent(new Event("change", { bubbles: true }));
      cal.remove();
      input.focus();
    });
    const same = (day) => day && day.getFullYear() === month.getFullYear() && day.getMonth() === month.getMonth() && day.getDate() === d;
    if (same(chosen)) b.classList.add("chosen");
    if (same(today)) b.classList.add("today");
    grid.append(b);
  }
  cal.append(head, grid);
}

function openDayPicker(input) {
  const holder = input.closest(".day-field");
  const open = holder.querySelector(".day-calendar");
  closeDayPickers(null);
  if (open) return;
  const cal = document.createElement("div");
  cal.className = "day-calendar";
  cal.setAttribute("role", "dialog");
  const chosen = readDay(input.value) || new Date();
  drawCalendar(cal, input, new Date(chosen.getFullYear(), chosen.getMonth(), 1));
  holder.append(cal);
}

function addDayPickers(root) {
  root.querySelectorAll("input[data-day]").forEach((input) => {
    if (input.closest(".day-field")) return;
    const holder = document.createElement("span");
    holder.className = "day-field";
    input.replaceWith(holder);
    const opener = document.createElement("button");
    opener.type = "button";
    opener.className = "day-open";
    opener.textContent = "📅";
    opener.setAttribute("aria-label", dayWords().open);
    opener.addEventListener("click", () => openDayPicker(input));
    holder.append(input, opener);
  });
}

document.addEventListener("DOMContentLoaded", () => addDayPickers(document));
document.addEventListener("htmx:load", (event) => addDayPickers(event.target));
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape") closeDayPickers(null);
});
document.addEventListener("click", (event) => {
  const target = event.target instanceof Element ? event.target : null;
  if (target && !target.closest(".day-field") && target.isConnected) closeDayPickers(null);
});
