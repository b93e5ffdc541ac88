// The WAI-ARIA tabs pattern for the page's tab lists (the sections and the
// files of a section): only the selected tab is in the Tab order, and the
// arrow keys, Home and End move the selection within the list.

// selectTab marks the tab at index as the selected one of tabs, and the
// only one Tab reaches.
export function selectTab(tabs, index) {
  tabs.forEach((t, i) => {
    t.setAttribute('aria-selected', String(i === index));
    t.tabIndex = i === index ? 0 : -1;
    t.classList.toggle('active', i === index);
  });
}

const MOVES = {
  ArrowLeft: (i, n) => (i - 1 + n) % n,
  ArrowRight: (i, n) => (i + 1) % n,
  Home: () => 0,
  End: (_, n) => n - 1,
};

// keyboardTabs lets the keys move between the tabs of list: activate(i)
// selects tab i (it may redraw the list), then the tab at i takes the focus.
export function keyboardTabs(list, activate) {
  list.addEventListener('keydown', (e) => {
    const move = MOVES[e.key];
    if (!move || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    const tabs = [...list.querySelectorAll('[role=tab]')];
    const from = tabs.indexOf(e.target.closest('[role=tab]'));
    if (from < 0) return;
    e.preventDefault();
    const to = move(from, tabs.length);
    activate(to);
    list.querySelectorAll('[role=tab]')[to]?.focus();
  });
}
