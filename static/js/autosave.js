// Autosave: a form marked data-autosave is sent in the background after a pause in typing,
// so that nothing typed is lost. The server saves it as the form's button would
// (core.pages.autosave_reply) and answers in JSON with the London time, which is shown as
// "Saved at 10:42am" in the form's polite live region. Without JavaScript the button
// saves, as ever. Files are never sent in the background.
//
// A session that has ended, a stale token or any other failure is shown, and the next
// pause tries again; the person's button then keeps what was typed (core/held_posts.py).

const PAUSE_MS = 2000;

function formBody(form) {
  const body = new FormData(form);
  for (const [name, value] of [...body.entries()]) {
    if (value instanceof File) body.delete(name);
  }
  return body;
}

function fingerprint(body) {
  return new URLSearchParams(body).toString();
}

function setUp(form) {
  const status = form.querySelector("[data-autosave-status]");
  if (!status) return;
  const pause = Number(form.dataset.autosavePause || PAUSE_MS);
  let lastSaved = fingerprint(formBody(form));
  let timer = null;
  let sending = false;
  let again = false;

  const show = (text) => {
    status.textContent = text;
  };

  const save = () => {
    const body = formBody(form);
    const sent = fingerprint(body);
    if (sent === lastSaved) return;
    if (sending) {
      again = true;
      return;
    }
    sending = true;
    fetch(form.action, {
      method: "POST",
      body,
      credentials: "same-origin",
      headers: { "X-Autosave": "1" },
      // A redirect means signed out (or sent to a page to confirm): not saved.
      redirect: "manual",
    })
      .then((response) => {
        const type = response.headers.get("Content-Type") || "";
        if (!response.ok || !type.startsWith("application/json")) throw new Error("not saved");
        return response.json();
      })
      .then((reply) => {
        if (reply.saved) {
          // Fields the server moves on (a section's version): what was typed stays as it is.
          const unchanged = fingerprint(formBody(form)) === sent;
          for (const [name, value] of Object.entries(reply.fields || {})) {
            const input = form.elements.namedItem(name);
            if (input) input.value = value;
          }
          lastSaved = unchanged ? fingerprint(formBody(form)) : sent;
        }
        show(reply.message);
      })
      .catch(() => show(status.dataset.failedMessage))
      .finally(() => {
        sending = false;
        if (again) {
          again = false;
          schedule();
        }
      });
  };

  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(save, pause);
  };

  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
  // The button saves by itself: nothing left to send in the background.
  form.addEventListener("submit", () => clearTimeout(timer));
}

for (const form of document.querySelectorAll("form[data-autosave]")) {
  setUp(form);
}
