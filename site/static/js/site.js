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
