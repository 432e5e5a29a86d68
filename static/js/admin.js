// The Django admin's autocomplete boxes (select2): name the box that select2 draws.
// select2 labels its box by the text shown in it, and marks that text a textbox, which
// takes its name only from an aria-label; without one the box is unnamed (axe:
// aria-input-field-name). Loaded by templates/admin/base_site.html.
function nameAutocompleteBoxes() {
  for (const select of document.querySelectorAll("select.admin-autocomplete")) {
    const box = document.getElementById(`select2-${select.id}-container`);
    if (!box) continue;
    const label = document.querySelector(`label[for="${select.id}"]`);
    const name = label
      ? label.textContent.trim().replace(/:$/, "")
      : select.dataset.placeholder || select.name;
    const chosen = select.selectedOptions[0];
    box.setAttribute(
      "aria-label",
      chosen && chosen.value ? `${name}: ${chosen.textContent.trim()}` : name,
    );
  }
}

window.addEventListener("load", () => {
  nameAutocompleteBoxes();
  const jQuery = window.django && window.django.jQuery;
  if (jQuery) {
    // select2 tells jQuery's handlers, not the browser's, about a change.
    jQuery(document).on("change select2:select select2:clear", nameAutocompleteBoxes);
  }
  document.addEventListener("formset:added", nameAutocompleteBoxes);
});
