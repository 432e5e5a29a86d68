// Word counts for long answers, by the rule the server checks a word limit with
// (commissioning/questions/words.py): a word is a run of characters that are not white
// space, white space being exactly what Python's `\s` matches (str.isspace), so the page
// and the server never disagree about a limit. (JavaScript's own `\s` differs: it counts
// U+FEFF as a space and U+001C-U+001F and U+0085 as not.) A test feeds the same strings
// to both (tests/accessibility/test_autosave.py).
//
// govuk-frontend 6.6 counts words with Intl.Segmenter, which disagrees with that rule on
// dashes and numbers, so a word limit is drawn with data-module="app-word-count" and
// counted here, with govuk-frontend's classes and the messages the server rendered into
// data-i18n.* attributes. Without JavaScript the hint says the limit and the server checks.

const WORD = /[^\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/g;

export function wordCount(text) {
  const words = (text || "").match(WORD);
  return words ? words.length : 0;
}

// How long typing must pause before the count is announced to screen readers.
const ANNOUNCE_AFTER_MS = 1000;

function message(root, count, limit) {
  const plural = new Intl.PluralRules(document.documentElement.lang || "en");
  const left = limit - count;
  let key;
  let shown = Math.abs(left);
  if (left === 0) {
    key = "words-at-limit";
  } else {
    const form = plural.select(shown) === "one" ? "one" : "other";
    key = `${left > 0 ? "words-under-limit" : "words-over-limit"}.${form}`;
  }
  const text = root.getAttribute(`data-i18n.${key}`) || "";
  return text.replace("%{count}", String(shown));
}

function setUp(root) {
  const textarea = root.querySelector("textarea");
  const hint = root.querySelector(".govuk-character-count__message");
  const limit = Number(root.dataset.maxlength);
  if (!textarea || !hint || !limit) return;
  const threshold = Number(root.dataset.threshold || 0);
  // An answer the server refused keeps its red border whatever the count says.
  const refused = textarea.classList.contains("govuk-textarea--error");
  // The hint stays as the textarea's description for screen readers; a visible status and
  // a polite live region take its place on screen, as govuk-frontend's component does.
  hint.classList.add("govuk-visually-hidden");
  const status = document.createElement("div");
  status.className = "govuk-hint govuk-character-count__message govuk-character-count__status";
  status.setAttribute("aria-hidden", "true");
  status.dataset.appWordCountStatus = "";
  const spoken = document.createElement("div");
  spoken.className = "govuk-character-count__sr-status govuk-visually-hidden";
  spoken.setAttribute("aria-live", "polite");
  hint.after(status, spoken);
  let timer = null;

  const update = () => {
    const count = wordCount(textarea.value);
    const text = message(root, count, limit);
    const over = count > limit;
    const hidden = threshold > 0 && count < (limit * threshold) / 100;
    status.textContent = text;
    status.classList.toggle("govuk-error-message", over);
    status.classList.toggle("govuk-hint", !over);
    status.classList.toggle("govuk-character-count__message--disabled", hidden);
    textarea.classList.toggle("govuk-textarea--error", over || refused);
    return hidden ? "" : text;
  };

  textarea.addEventListener("input", () => {
    const text = update();
    clearTimeout(timer);
    timer = setTimeout(() => {
      spoken.textContent = text;
    }, ANNOUNCE_AFTER_MS);
  });
  update();
}

for (const root of document.querySelectorAll('[data-module="app-word-count"]')) {
  setUp(root);
}
