// Progressive enhancement only: every page works without this file.
document.documentElement.classList.add("js");

// A double tap on a slow phone should not send a form twice.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form.dataset.submitted) {
    event.preventDefault();
    return;
  }
  form.dataset.submitted = "true";
  form.querySelectorAll('button[type="submit"]').forEach((button) => {
    button.setAttribute("aria-disabled", "true");
  });
});

// Listing form: show only the details of the chosen kind, and the fee or exchange box only
// for those terms. Without this script every part is shown and the server ignores the rest.
(() => {
  const form = document.querySelector("form[data-listing-form]");
  if (!form) return;
  const chosen = (name) => form.querySelector(`input[name="${name}"]:checked`)?.value;
  const update = () => {
    const kind = chosen("kind");
    form.querySelectorAll("[data-kind]").forEach((fieldset) => {
      fieldset.hidden = fieldset.dataset.kind !== kind;
    });
    const note = form.querySelector("[data-kind-note]");
    if (note) note.hidden = true;
    const terms = chosen("terms");
    form.querySelectorAll("[data-terms]").forEach((box) => {
      box.hidden = box.dataset.terms !== terms;
    });
  };
  form.addEventListener("change", (event) => {
    if (event.target.name === "kind" || event.target.name === "terms") update();
  });
  update();
})();
