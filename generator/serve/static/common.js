/* presswork serve: what every page shares: its words, requests with the CSRF token, small DOM helpers. */
"use strict";
const PW = (() => {
  const boot = JSON.parse(document.getElementById("boot").textContent);

  function t(key, vars) {
    let text = boot.text[key] ?? key;
    for (const [name, value] of Object.entries(vars || {})) text = text.split("{" + name + "}").join(String(value));
    return text;
  }

  async function answer(response) {
    let data = null;
    try { data = await response.json(); } catch (e) { data = null; }
    if (!response.ok) {
      const error = new Error("request failed");
      error.problems = (data && data.problems) || [response.status + " " + response.statusText];
      throw error;
    }
    return data;
  }

  async function get(url) {
    return answer(await fetch(url, {credentials: "same-origin", cache: "no-store"}));
  }

  // every request that changes anything carries the token the page was served with
  async function send(url, {json, body, headers = {}} = {}) {
    const all = {"X-CSRF-Token": boot.token, ...headers};
    if (json !== undefined) { all["Content-Type"] = "application/json"; body = JSON.stringify(json); }
    return answer(await fetch(url, {method: "POST", body, headers: all, credentials: "same-origin"}));
  }

  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "text") node.textContent = value;
      else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? "" : value);
    }
    for (const child of children) if (child !== null && child !== undefined) node.append(child);
    return node;
  }

  function showProblems(box, problems) {
    box.hidden = !problems || !problems.length;
    box.querySelector("pre").textContent = (problems || []).join("\n");
  }

  // "A4 portrait (595 × 842 pt)" as the page's language says it: "A4 纵向"
  function pageName(page) {
    const [size, orientation] = page.split(" (")[0].split(" ");
    return `${size} ${t(orientation).toLowerCase()}`;
  }

  return {boot, t, get, send, el, showProblems, pageName};
})();
