// "Stay signed in": warn before an idle session ends (WCAG 2.2.1 Timing Adjustable).
//
// The server ends the session (core.middleware.SessionExpiryMiddleware); this only warns.
// The banner is drawn hidden with the seconds left in data attributes (no inline script).
// Its button posts to the server, which counts the request as activity; here by fetch, so
// the page and anything typed on it stay, and without this file by an ordinary form post.
const banner = document.querySelector("[data-app-session-warning]");

if (banner) {
  const form = banner.querySelector("form");
  const button = banner.querySelector("[data-app-session-extend]");
  const warningSeconds = Number(banner.dataset.warningSeconds);
  const idleSeconds = Number(banner.dataset.idleSeconds);
  let timers = [];

  const schedule = (secondsLeft) => {
    timers.forEach(clearTimeout);
    timers = [
      setTimeout(show, Math.max(0, secondsLeft - warningSeconds) * 1000),
      // When the time is up, reloading shows the sign-in page with the reason. The server
      // records activity at most once a minute, so the session may last up to a minute
      // longer than `secondsLeft`: wait that out rather than reload a live page.
      setTimeout(() => window.location.reload(), (secondsLeft + 61) * 1000),
    ];
  };

  const show = () => {
    banner.hidden = false;
    banner.setAttribute("role", "alert");
    button.focus();
  };

  const hide = () => {
    banner.hidden = true;
    banner.removeAttribute("role");
  };

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
      redirect: "manual",
    })
      .then((response) => {
        if (response.status !== 204) throw new Error("not extended");
        hide();
        schedule(idleSeconds);
      })
      .catch(() => form.submit());
  });

  schedule(Number(banner.dataset.secondsLeft));
}
