// The session's sweeps in the side column: tick to overlay, "show" to open.

export function renderHistory(list, history, { shown, onOverlay, onShow }) {
  list.replaceChildren(...history.entries.map((entry) => {
    const item = document.createElement('li');
    item.className = 'history-entry';
    const overlay = Object.assign(document.createElement('input'), { type: 'checkbox', checked: entry.overlay, title: 'overlay on the speedup chart', id: `overlay-${entry.id}` });
    overlay.disabled = entry.record.mode !== 'speedup';
    overlay.addEventListener('change', () => onOverlay(entry, overlay.checked));
    const open = Object.assign(document.createElement('button'), { type: 'button', textContent: 'show' });
    open.addEventListener('click', () => onShow(entry));
    // The sweep's name labels its overlay box, so that a screen reader says which sweep the box overlays.
    const text = Object.assign(document.createElement('label'), { htmlFor: overlay.id, textContent: `${entry.label} (${entry.record.mode}, k ≤ ${Math.max(...entry.record.ks)})` });
    open.setAttribute('aria-label', `show ${entry.label}`);
    if (entry === shown) text.style.fontWeight = '600';
    item.append(overlay, text, open);
    return item;
  }));
}
