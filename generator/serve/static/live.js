/* The campaign preview: one card per material, kept up to date by the server's events. */
"use strict";
(() => {
  const {t, el} = PW;
  const cards = document.getElementById("cards");
  const problems = document.getElementById("problems");
  const waiting = document.getElementById("waiting");
  const disconnected = document.getElementById("disconnected");
  let lostTimer = null;

  function pagesLabel(n) { return n === 1 ? t("pages_one") : t("pages_many", {n}); }

  function statusText(status) { return t("status_" + status); }

  function card(state) {
    let node = cards.querySelector(`[data-id="${CSS.escape(state.id)}"]`);
    if (!node) {
      node = el("article", {class: "card", "data-id": state.id, "data-version": "-1"},
        el("header", {}, el("h2", {text: state.id}), el("span", {class: "status"})),
        el("p", {class: "meta"}),
        el("div", {class: "thumbs"}),
        el("pre", {class: "card-problems", hidden: true}),
        el("ul", {class: "warnings"}),
        el("footer", {}, el("span", {class: "files"}),
          el("a", {class: "button small", href: `/live/${encodeURIComponent(state.id)}.pdf`, target: "_blank",
                   rel: "noopener", text: t("open_pdf")})));
    }
    node.dataset.status = state.status;
    node.classList.toggle("multi", state.pages > 1 || state.page.includes("landscape"));
    node.querySelector(".status").textContent = statusText(state.status);
    node.querySelector(".meta").textContent =
      [t("kind_" + state.kind), PW.pageName(state.page), state.pages ? pagesLabel(state.pages) : ""]
        .filter(Boolean).join(" · ");
    // the material's name in presswork.toml, when it makes several files (one poster per excerpt)
    node.querySelector(".files").textContent = state.source !== state.id ? `[[materials]] ${state.source}` : "";
    node.querySelector("h2").title = state.files.join("\n");
    const box = node.querySelector(".card-problems");
    box.hidden = !state.problems.length;
    box.textContent = state.problems.join("\n");
    const warnings = node.querySelector(".warnings");
    warnings.replaceChildren(...state.warnings.map(w => el("li", {text: w})));
    if (String(state.version) !== node.dataset.version && state.pages) {
      node.dataset.version = String(state.version);
      const thumbs = node.querySelector(".thumbs");
      thumbs.replaceChildren(...Array.from({length: state.pages}, (_, i) => el("img", {
        src: `/live/${encodeURIComponent(state.id)}/page-${i + 1}.png?v=${state.version}`,
        alt: `${state.id}, ${t("page_n", {n: i + 1})}`, loading: i > 2 ? "lazy" : null})));
    }
    return node;
  }

  function show(state) {
    problems.hidden = !state.problems.length;
    document.getElementById("problem-lines").textContent = state.problems.join("\n");
    waiting.hidden = state.cards.length > 0 || state.problems.length > 0;
    const nodes = state.cards.map(card);
    cards.replaceChildren(...nodes);
    document.body.dataset.version = String(state.version);
    document.body.dataset.busy = String(state.busy);
  }

  function connect() {
    const events = new EventSource("/events");
    events.addEventListener("state", e => show(JSON.parse(e.data)));
    events.addEventListener("open", () => { clearTimeout(lostTimer); disconnected.hidden = true; });
    // EventSource reconnects by itself; say so only when it takes a while
    events.addEventListener("error", () => {
      clearTimeout(lostTimer);
      lostTimer = setTimeout(() => { disconnected.hidden = false; }, 3000);
    });
  }

  connect();
})();
