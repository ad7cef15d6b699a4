"use strict";
// Sorting the heat map by a column, and marking the cell whose report is
// open. The reports themselves open with CSS (:target), script or not.
(function () {
  var table = document.getElementById("heat");
  if (!table) {
    return;
  }
  var body = table.tBodies[0];
  var heads = table.tHead.rows[0].cells;
  function key(row, col, text) {
    var cell = row.cells[col];
    return text ? cell.textContent : parseFloat(cell.getAttribute("data-v"));
  }
  Array.prototype.forEach.call(heads, function (th, col) {
    var button = th.querySelector("button");
    var text = th.getAttribute("data-kind") === "text";
    button.addEventListener("click", function () {
      var now = th.getAttribute("aria-sort");
      // Names A to Z first, scores highest first; a second click reverses.
      var ascending = now ? now === "descending" : text;
      Array.prototype.forEach.call(heads, function (other) {
        other.removeAttribute("aria-sort");
      });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = key(a, col, text);
        var y = key(b, col, text);
        var order = text ? x.localeCompare(y) : x - y;
        if (!ascending) {
          order = -order;
        }
        return order || a.getAttribute("data-i") - b.getAttribute("data-i");
      });
      rows.forEach(function (row) {
        body.appendChild(row);
      });
    });
  });
  function mark() {
    var on = table.querySelector("a.on");
    if (on) {
      on.classList.remove("on");
    }
    var id = location.hash.slice(1);
    if (/^l\d+c\d+$/.test(id)) {
      var cell = table.querySelector('a[href="#' + id + '"]');
      if (cell) {
        cell.classList.add("on");
      }
    }
  }
  window.addEventListener("hashchange", mark);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && location.hash.length > 1) {
      location.hash = "_";
    }
  });
  mark();
})();
