// Tells govuk-frontend's CSS, before the page is drawn, that its JavaScript is going to run:
// components then start in their enhanced state instead of jumping into it. Browsers without
// ES modules (which cannot run govuk-frontend) keep the plain, JavaScript-free page.
// A file rather than an inline script, so that a Content-Security-Policy need not allow those.
if ("noModule" in HTMLScriptElement.prototype) {
  document.body.classList.add("govuk-frontend-supported");
}
