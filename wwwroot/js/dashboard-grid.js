// Drag and resize of dashboard widgets with the pointer. The grid's geometry turns pointer travel into whole cells; the
// widget previews where it will land, and on release the page (.NET) is told the cell, which it saves and re-renders,
// pushing colliding widgets down. Keyboard users have the same moves as buttons on each widget.
const GAP = 8;
const ROW = 90;
const COLUMNS = 12;

export function attach(grid, page) {
  const onDown = (down) => {
    // The title bar is the move handle, but its buttons (move, resize, configure, remove) must still click.
    if (down.target.closest('button, a, input, select, textarea, [role=button]')) return;
    const handle = down.target.closest('[data-dash-handle]');
    if (!handle || !grid.contains(handle) || down.button !== 0) return;
    const widget = handle.closest('[data-widget-id]');
    const mode = handle.dataset.dashHandle;
    down.preventDefault();
    handle.setPointerCapture(down.pointerId);
    const rect = grid.getBoundingClientRect();
    const column = (rect.width - GAP * (COLUMNS - 1)) / COLUMNS + GAP;
    const start = { x: +widget.dataset.x, y: +widget.dataset.y, w: +widget.dataset.w, h: +widget.dataset.h };
    let target = { ...start };
    const clamp = (v, lo, hi) => Math.max(lo, Math.min(hi, v));
    const onMove = (move) => {
      const dx = Math.round((move.clientX - down.clientX) / column);
      const dy = Math.round((move.clientY - down.clientY) / (ROW + GAP));
      target = mode === 'move'
        ? { ...start, x: clamp(start.x + dx, 0, COLUMNS - start.w), y: Math.max(0, start.y + dy) }
        : { ...start, w: clamp(start.w + dx, 1, COLUMNS - start.x), h: clamp(start.h + dy, 1, 12) };
      widget.style.gridColumn = `${target.x + 1} / span ${target.w}`;
      widget.style.gridRow = `${target.y + 1} / span ${target.h}`;
    };
    const onUp = () => {
      handle.removeEventListener('pointermove', onMove);
      handle.removeEventListener('pointerup', onUp);
      handle.removeEventListener('pointercancel', onUp);
      if (target.x === start.x && target.y === start.y && target.w === start.w && target.h === start.h) return;
      page.invokeMethodAsync('PlaceWidget', widget.dataset.widgetId, target.x, target.y, target.w, target.h);
    };
    handle.addEventListener('pointermove', onMove);
    handle.addEventListener('pointerup', onUp);
    handle.addEventListener('pointercancel', onUp);
  };
  grid.addEventListener('pointerdown', onDown);
  grid.dataset.dragReady = 'true';
  return {
    dispose: () => {
      grid.removeEventListener('pointerdown', onDown);
      delete grid.dataset.dragReady;
    },
  };
}
