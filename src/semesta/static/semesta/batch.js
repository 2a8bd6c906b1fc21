// Live progress of an import: poll the batch's JSON until it reaches a final status.
(function () {
  const panel = document.getElementById("batch");
  if (!panel || panel.dataset.final === "yes") return;
  const number = (n) => Number(n).toLocaleString("id-ID");
  async function poll() {
    const response = await fetch(panel.dataset.statusUrl, { credentials: "same-origin" });
    if (!response.ok) return;
    const batch = await response.json();
    document.getElementById("progress").value = batch.progress;
    document.getElementById("message").textContent = batch.message;
    for (const key of ["rows_total", "rows_accepted", "rows_rejected", "rows_warned"]) {
      document.getElementById(key).textContent = number(batch[key]);
    }
    if (["received", "checking", "applying"].includes(batch.status)) {
      setTimeout(poll, 1000);
    } else {
      window.location.reload(); // show the problems, report link and decisions
    }
  }
  setTimeout(poll, 1000);
})();
