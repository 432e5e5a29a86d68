// Progressive enhancement: every page works without this file.
//
// govuk-frontend's module is imported from the address in the script tag's
// data-govuk-frontend attribute, which {% static %} gives with its content hash, so that
// both files are cached for good and the module is loaded once.
const script = document.querySelector("script[data-govuk-frontend]");

if (script) {
  import(script.dataset.govukFrontend).then(({ initAll }) => initAll());
}

// Radios and checkboxes that reveal a question (data-app-reveal, from the govuk form
// pack's choices.html): show the question of each checked choice, hide the others.
// govuk-frontend's own version marks the input aria-expanded, which radios and checkboxes
// may not have; this one changes only the question's class. Without JavaScript, or before
// this runs, every question shows.
const revealing = document.querySelectorAll("input[data-app-reveal]");

function syncReveals() {
  for (const input of revealing) {
    const question = document.getElementById(input.dataset.appReveal);
    if (!question) continue;
    const block = question.classList.contains("govuk-checkboxes__conditional")
      ? "govuk-checkboxes"
      : "govuk-radios";
    question.classList.toggle(`${block}__conditional--hidden`, !input.checked);
  }
}

if (revealing.length) {
  document.addEventListener("change", (event) => {
    if (event.target instanceof HTMLInputElement) syncReveals();
  });
  // A page restored from the back-forward cache keeps the choices made on it.
  window.addEventListener("pageshow", syncReveals);
  syncReveals();
}
