/* The office page: find excerpts, choose kind and options, see the preview, download or add to the campaign. */
"use strict";
(() => {
  const {t, el, get, send, showProblems} = PW;
  const $ = id => document.getElementById(id);
  let catalogue = null, chosen = [], made = null, asked = 0, timer = null, searchTimer = null;

  const kind = () => document.querySelector("input[name=kind]:checked").value;
  const value = id => $(id).value.trim();

  function option(select, value, label, selected) {
    select.append(el("option", {value, text: label, selected: selected || null}));
  }

  async function init() {
    try {
      catalogue = await get("/api/catalogue");
    } catch (error) {
      showProblems($("preview-problems"), error.problems);
      return;
    }
    for (const tag of catalogue.tags) option($("tag"), tag, tag);
    for (const c of catalogue.collections) option($("collection"), c.name, `${c.title} (${c.excerpts})`);
    option($("theme"), "", t("theme_default"));
    for (const theme of catalogue.themes) option($("theme"), theme, theme);
    document.querySelectorAll("input[name=kind]").forEach(r => r.addEventListener("change", kindChanged));
    for (const id of ["q", "tag", "since", "until", "collection"]) {
      $(id).addEventListener("input", () => { clearTimeout(searchTimer); searchTimer = setTimeout(search, 250); });
    }
    $("order").addEventListener("input", e => { if (!e.target.closest(".filters")) schedule(); });
    $("order").addEventListener("change", e => { if (!e.target.closest(".filters")) schedule(); });
    $("order").addEventListener("submit", e => e.preventDefault());
    $("add").addEventListener("click", addToCampaign);
    kindChanged();
    search();
  }

  function kindChanged() {
    const k = kind(), size = $("size");
    size.replaceChildren();
    for (const name of catalogue.sizes[k]) option(size, name, name, name === catalogue.defaults[k].size);
    const landscape = catalogue.defaults[k].landscape ? "landscape" : "portrait";
    document.querySelector(`input[name=orientation][value=${landscape}]`).checked = true;
    document.querySelectorAll("[data-kinds]").forEach(node => {
      node.hidden = !node.dataset.kinds.split(" ").includes(k);
    });
    if (k === "poster" && chosen.length > 1) chosen = chosen.slice(-1);
    showChosen();
    schedule();
  }

  async function search() {
    const params = new URLSearchParams();
    for (const [key, id] of [["q", "q"], ["tag", "tag"], ["since", "since"], ["until", "until"], ["collection", "collection"]]) {
      if (value(id)) params.set(key, value(id));
    }
    let rows;
    try {
      rows = (await get("/api/excerpts?" + params)).excerpts;
    } catch (error) {
      $("result-count").textContent = error.problems.join(" ");
      $("results").replaceChildren();
      return;
    }
    $("result-count").textContent = rows.length ? t("results", {n: rows.length}) : t("no_results");
    $("results").replaceChildren(...rows.map(row => {
      const box = el("input", {type: "checkbox", value: row.id, checked: chosen.some(c => c.id === row.id)});
      box.addEventListener("change", () => toggle(row, box.checked));
      return el("li", {}, el("label", {},
        box,
        el("span", {class: "excerpt"},
          el("span", {class: "when", text: row.attribution || row.id}),
          el("span", {class: "text", lang: row.lang === "zh" ? "zh-Hans" : "en", text: row.text}),
          el("span", {class: "tags", text: [...row.tags, row.pull_quote ? t("has_pull") : null]
            .filter(Boolean).join(" · ")}))));
    }));
  }

  function toggle(row, on) {
    chosen = chosen.filter(c => c.id !== row.id);
    if (on) chosen = kind() === "poster" ? [row] : [...chosen, row];
    document.querySelectorAll("#results input[type=checkbox]").forEach(box => {
      box.checked = chosen.some(c => c.id === box.value);
    });
    showChosen();
    schedule();
  }

  function showChosen() {
    $("chosen-none").hidden = chosen.length > 0;
    $("chosen").replaceChildren(...chosen.map(row => el("li", {},
      el("span", {text: row.attribution || row.id}),
      el("button", {type: "button", class: "link", text: t("remove"),
                    onclick: () => toggle(row, false)}))));
  }

  function order() {
    const k = kind(), o = {};
    const visible = id => !$(id).closest("[data-kinds]") || !$(id).closest("[data-kinds]").hidden;
    o.size = value("size");
    const landscape = document.querySelector("input[name=orientation]:checked").value === "landscape";
    if (landscape !== catalogue.defaults[k].landscape) o.landscape = landscape;  // else the kind's own
    if (value("theme")) o.theme = value("theme");
    if (value("lang")) o.lang = value("lang");
    if ($("bilingual").checked) o.bilingual = true;
    for (const id of ["title", "org", "date", "headline", "footer", "qr", "meeting_date", "time", "venue", "host", "issue", "slogan"]) {
      if (visible(id) && value(id)) o[id] = value(id);
    }
    if (k === "poster" && $("pull").checked) o.pull = true;
    if (k === "handout") {
      const rows = parseInt(value("sign_in") || "0", 10);
      if (rows) o.sign_in = Number.isNaN(rows) ? value("sign_in") : rows;
      if (!$("notes").checked) o.notes = false;
    }
    if (k === "bulletin" && value("columns")) o.columns = parseInt(value("columns"), 10);
    return {kind: k, excerpts: chosen.map(c => c.id), collection: value("collection") || null, options: o};
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(preview, 300);
  }

  function setStatus(state, text) {
    $("preview-status").dataset.state = state;
    $("preview-status").textContent = text || "";
    $("preview-pages").dataset.state = state;
  }

  function downloads(key) {
    for (const fmt of ["pdf", "png", "docx"]) {
      const link = $("dl-" + fmt);
      if (key) {
        link.href = `/made/${key}/download.${fmt}`;
        link.setAttribute("download", "");
        link.removeAttribute("aria-disabled");
      } else {
        link.removeAttribute("href");
        link.setAttribute("aria-disabled", "true");
      }
    }
    $("add").disabled = !key;
  }

  async function preview() {
    if (!catalogue) return;
    const body = order(), mine = ++asked;
    if (body.kind === "poster" && body.excerpts.length !== 1) {
      setStatus("empty");
      $("preview-pages").replaceChildren(el("p", {class: "hint", text: t("preview_empty")}));
      $("preview-info").textContent = "";
      $("preview-warnings").replaceChildren();
      showProblems($("preview-problems"), []);
      downloads(null);
      made = null;
      return;
    }
    setStatus("rendering", t("rendering"));
    try {
      const answer = await send("/api/preview", {json: body});
      if (mine !== asked) return;
      made = answer;
      showProblems($("preview-problems"), []);
      $("preview-info").textContent = [t("kind_" + answer.kind), PW.pageName(answer.page),
        answer.pages === 1 ? t("pages_one") : t("pages_many", {n: answer.pages})].join(" · ");
      $("preview-pages").replaceChildren(...Array.from({length: answer.pages}, (_, i) => el("img", {
        src: `/made/${answer.id}/page-${i + 1}.png`, alt: `${answer.name}, ${t("page_n", {n: i + 1})}`})));
      $("preview-pages").dataset.id = answer.id;
      $("preview-warnings").replaceChildren(...answer.warnings.map(w => el("li", {text: w})));
      downloads(answer.id);
      setStatus("ok", "");
    } catch (error) {
      if (mine !== asked) return;
      showProblems($("preview-problems"), error.problems);
      setStatus("error", t("status_error"));
      downloads(made ? made.id : null);
    }
  }

  async function addToCampaign() {
    $("message").textContent = "";
    try {
      const answer = await send("/api/campaign", {json: order()});
      $("message").textContent = t("added", {name: answer.name});
      $("message").dataset.state = "ok";
    } catch (error) {
      $("message").textContent = error.problems.join("\n");
      $("message").dataset.state = "error";
    }
  }

  init();
})();
