// Week view: progressive enhancement only. Without this file every free slot is a link to the
// booking form with the slot filled in. With it, tapping a free slot selects it and opens the
// booking form on the page; tapping a later free slot of the same day extends the booking to
// it (if every slot in between is free); tapping the selected start again starts over.
(() => {
  const grid = document.querySelector("[data-slot-grid]");
  const panel = document.querySelector("[data-inline-booking]");
  if (!grid || !panel) return;
  const form = panel.querySelector("form");
  const summary = panel.querySelector("[data-inline-booking-summary]");
  const field = (name) => form.querySelector(`[name="${name}"]`);
  const links = new Map();
  grid.querySelectorAll("a[data-slot]").forEach((link) => {
    links.set(`${link.dataset.room}|${link.dataset.start}`, link);
  });
  let selection = null;

  const clear = () => {
    grid.querySelectorAll(".slot--selected").forEach((cell) => cell.classList.remove("slot--selected"));
    grid.querySelectorAll("a[aria-pressed]").forEach((link) => link.removeAttribute("aria-pressed"));
  };

  const show = () => {
    clear();
    let cursor = selection.start;
    while (cursor !== selection.end) {
      const link = links.get(`${selection.room}|${cursor}`);
      if (!link) break;
      link.closest("td").classList.add("slot--selected");
      link.setAttribute("aria-pressed", "true");
      cursor = link.dataset.end;
    }
    field("room").value = selection.room;
    field("date").value = selection.start.slice(0, 10);
    field("start_time").value = selection.start.slice(11, 16);
    field("end_time").value = selection.end.slice(11, 16);
    const day = selection.start.slice(5, 10).replace("-", "/");
    summary.textContent = `${day} ${selection.start.slice(11, 16)}–${selection.end.slice(11, 16)}`;
  };

  // The slots from the selection's end up to `link` are all free: extend to it.
  const reachable = (link) => {
    let cursor = selection.end;
    while (cursor < link.dataset.start) {
      const next = links.get(`${selection.room}|${cursor}`);
      if (!next) return false;
      cursor = next.dataset.end;
    }
    return cursor === link.dataset.start;
  };

  grid.addEventListener("click", (event) => {
    const link = event.target.closest("a[data-slot]");
    if (!link) return;
    event.preventDefault();
    const sameDay = selection && selection.room === link.dataset.room
      && selection.start.slice(0, 10) === link.dataset.start.slice(0, 10);
    const first = !selection;
    if (sameDay && link.dataset.start >= selection.end && reachable(link)) {
      selection.end = link.dataset.end;
    } else if (sameDay && link.dataset.start === selection.start && selection.end !== link.dataset.end) {
      selection.end = link.dataset.end;
    } else {
      selection = { room: link.dataset.room, start: link.dataset.start, end: link.dataset.end };
    }
    panel.hidden = false;
    show();
    if (first) {
      panel.scrollIntoView({ block: "nearest" });
      field("purpose").focus({ preventScroll: true });
    }
  });

  panel.querySelector("[data-inline-booking-cancel]").addEventListener("click", () => {
    selection = null;
    clear();
    panel.hidden = true;
    grid.closest(".slot-grid").focus();
  });
})();
