// Building the page from data: every string goes in as text (textContent or a text node), never as HTML.

/**
 * A new element. props: class, text, attrs (attribute name to value), on (event name to handler), and any of
 * the element properties listed in PROPERTIES. Children: nodes, strings (as text) or null (skipped).
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  applyProps(node, props);
  append(node, children);
  return node;
}

const PROPERTIES = ['type', 'name', 'value', 'href', 'htmlFor', 'id', 'disabled', 'required', 'placeholder',
  'title', 'checked', 'hidden', 'min', 'max', 'download', 'rel', 'target', 'selected'];

function applyProps(node, props) {
  Object.entries(props).forEach(([name, value]) => {
    if (value === undefined || value === null) {
      return;
    }
    if (name === 'class') {
      node.className = value;
    } else if (name === 'text') {
      node.textContent = String(value);
    } else if (name === 'attrs') {
      Object.entries(value).forEach(([attr, v]) => node.setAttribute(attr, String(v)));
    } else if (name === 'on') {
      Object.entries(value).forEach(([event, handler]) => node.addEventListener(event, handler));
    } else if (PROPERTIES.includes(name)) {
      node[name] = value;
    } else {
      throw new Error(`unknown property ${name}`);
    }
  });
}

export function append(node, children) {
  children.flat().forEach((child) => {
    if (child === null || child === undefined || child === false) {
      return;
    }
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  });
  return node;
}

export function clear(node) {
  node.replaceChildren();
  return node;
}

/** "3 min ago" for an RFC 3339 instant; the exact time goes in the title. */
export function ago(iso) {
  if (!iso) {
    return el('span', { text: 'never' });
  }
  const seconds = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  let text;
  if (seconds < 10) {
    text = 'just now';
  } else if (seconds < 60) {
    text = `${seconds} s ago`;
  } else if (seconds < 3600) {
    text = `${Math.floor(seconds / 60)} min ago`;
  } else if (seconds < 86400) {
    text = `${Math.floor(seconds / 3600)} h ago`;
  } else {
    text = `${Math.floor(seconds / 86400)} d ago`;
  }
  return el('time', { text, title: iso, attrs: { datetime: iso } });
}

/** A table; columns: [{title, cell(row) -> node or text}]. Scrolls sideways on a narrow screen. */
export function table(columns, rows, caption) {
  const head = el('tr', {}, columns.map((column) => el('th', { text: column.title, attrs: { scope: 'col' } })));
  const body = rows.map((row) => el('tr', {}, columns.map((column) => el('td', { attrs: { 'data-label': column.title } },
    column.cell(row)))));
  return el('div', { class: 'table-wrap' },
    el('table', {}, caption ? el('caption', { text: caption }) : null, el('thead', {}, head), el('tbody', {}, body)));
}

/** A labelled input, select or textarea. */
export function field(label, control) {
  control.id = control.id || `f-${label.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${Math.random().toString(36).slice(2, 7)}`;
  return el('div', { class: 'field' }, el('label', { text: label, htmlFor: control.id }), control);
}

export function select(name, options, value) {
  return el('select', { name }, options.map((option) => el('option', { value: option, text: option || 'any',
    selected: option === value })));
}

/** Asks before something is destroyed; resolves true when the user confirms. */
export function confirmAction(message) {
  const dialog = document.getElementById('confirm');
  document.getElementById('confirm-text').textContent = message;
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
    dialog.returnValue = '';
    dialog.showModal();
    document.getElementById('confirm-ok').focus();
  });
}

/** A line saying what went wrong, in the page rather than the console. */
export function errorLine(error) {
  return el('p', { class: 'error', attrs: { role: 'alert' }, text: error.message || String(error) });
}

/** Shows a secret once, with a button that copies it. */
export function secretBox(label, secret) {
  const value = el('code', { class: 'secret', text: secret });
  const status = el('span', { class: 'muted' });
  const copy = el('button', { type: 'button', text: 'Copy', on: { click: async () => {
    try {
      await navigator.clipboard.writeText(secret);
      status.textContent = 'copied';
    } catch (e) {
      window.getSelection().selectAllChildren(value);
      status.textContent = 'selected: press Ctrl+C';
    }
  } } });
  return el('div', { class: 'secret-box', attrs: { role: 'status' } },
    el('p', { text: `${label} (shown once: keep it now)` }), value, el('div', { class: 'row' }, copy, status));
}
