// Extends a plot's traces with the points newer than those it holds (x, y and the block number each point carries in
// customdata, which the hover shows), keeping the newest `keep`: a live chart grows by a point per block instead of being
// drawn again. Points the plot already has are skipped, so a call repeated or crossing a first plot adds nothing twice.
// Answers false when the plot is not what the server believes it drew (not plotted yet, other traces, a gap after
// `after`, the block the server last drew): the server then draws the whole figure.
export function extendTraces(id, after, x, blocks, ys, keep) {
  const plot = document.getElementById(id);
  if (!plot || !window.Plotly || !Array.isArray(plot.data) || plot.data.length !== ys.length) return false;
  const drawn = plot.data[0].customdata;
  if (!drawn || drawn.length === 0) return false;
  const last = Number(drawn[drawn.length - 1]);
  if (last < after) return false;
  let from = 0;
  while (from < blocks.length && blocks[from] <= last) from++;
  if (from === blocks.length) return true;
  const traces = ys.map((_, i) => i);
  window.Plotly.extendTraces(plot, {
    x: traces.map(() => x.slice(from)),
    y: ys.map((y) => y.slice(from)),
    customdata: traces.map(() => blocks.slice(from)),
  }, traces, keep);
  return true;
}
