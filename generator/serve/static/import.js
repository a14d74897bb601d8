/* The import page: upload an article, show what the importer made of it and its warnings. */
"use strict";
(() => {
  const {t, send, showProblems, boot} = PW;
  const $ = id => document.getElementById(id);

  $("upload").addEventListener("submit", async e => {
    e.preventDefault();
    const file = $("file").files[0];
    $("import-result").textContent = "";
    $("import-next").hidden = true;
    showProblems($("import-warnings"), []);
    showProblems($("import-problems"), []);
    if (!file) return;
    $("import-button").disabled = true;
    try {
      const answer = await send("/api/import?filename=" + encodeURIComponent(file.name),
        {body: file, headers: {"Content-Type": "application/octet-stream"}});
      $("import-result").textContent = t("imported", {n: answer.excerpts, file: answer.file});
      $("import-result").dataset.state = "ok";
      if (answer.warnings.length) showProblems($("import-warnings"), answer.warnings);
      else $("import-result").textContent += " " + t("no_warnings");
      if (answer.campaign.length) showProblems($("import-problems"), [t("import_campaign"), ...answer.campaign]);
      $("import-next").hidden = false;
    } catch (error) {
      showProblems($("import-problems"), error.problems);
    } finally {
      $("import-button").disabled = false;
    }
  });
  void boot;
})();
