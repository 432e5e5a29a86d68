// Progressive enhancement: every page works without this file.
//
// govuk-frontend's module is imported from the address in the script tag's
// data-govuk-frontend attribute, which {% static %} gives with its content hash, so that
// both files are cached for good and the module is loaded once.
const script = document.querySelector("script[data-govuk-frontend]");

if (script) {
  import(script.dataset.govukFrontend).then(({ initAll }) => initAll());
}
