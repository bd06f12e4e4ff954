// The one client of the relay's REST API: adds the key, reads problem documents, and reports a refused key.
const KEY_ITEM = 'relay.apiKey';
const BASE = '/api/v1';

let unauthorized = () => {};

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.code = problem.code || null;
  }
}

export function key() {
  return sessionStorage.getItem(KEY_ITEM);
}

export function signIn(apiKey) {
  sessionStorage.setItem(KEY_ITEM, apiKey);
}

export function signOut() {
  sessionStorage.removeItem(KEY_ITEM);
}

/** Runs when the relay answers 401: the key is wrong, rotated or its agent removed. */
export function onUnauthorized(handler) {
  unauthorized = handler;
}

function headers(extra) {
  return Object.assign({ Authorization: `Bearer ${key()}` }, extra);
}

async function failure(response) {
  let problem = {};
  try {
    problem = await response.json();
  } catch (e) {
    problem = { title: response.statusText };
  }
  if (response.status === 401) {
    unauthorized(problem.detail || 'the key was refused');
  }
  return new ApiError(response.status, problem);
}

export async function call(method, path, body) {
  if (!key()) {
    unauthorized('no key');
    throw new ApiError(401, { detail: 'no key' });
  }
  const init = { method, headers: headers(body === undefined ? {} : { 'Content-Type': 'application/json' }) };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
  }
  const response = await fetch(BASE + path, init);
  if (!response.ok) {
    throw await failure(response);
  }
  return response.status === 204 ? null : response.json();
}

export function get(path, params) {
  const query = new URLSearchParams();
  Object.entries(params || {}).forEach(([name, value]) => {
    if (value !== undefined && value !== null && value !== '') {
      query.set(name, value);
    }
  });
  const text = query.toString();
  return call('GET', text ? `${path}?${text}` : path);
}

export const post = (path, body) => call('POST', path, body);
export const put = (path, body) => call('PUT', path, body);
export const del = (path) => call('DELETE', path);

/**
 * Follows an SSE stream of the API (EventSource cannot send the key), calling onEvent({id, event, data}) for
 * each event and onState(text) as it connects and drops; it reconnects after a drop, resuming after the last
 * id it saw, until signal aborts.
 */
export async function follow(path, onEvent, onState, signal) {
  let lastId = null;
  while (!signal.aborted && key()) {
    try {
      const extra = { Accept: 'text/event-stream' };
      if (lastId !== null) {
        extra['Last-Event-ID'] = lastId;
      }
      const response = await fetch(BASE + path, { headers: headers(extra), signal });
      if (!response.ok) {
        const error = await failure(response);
        onState(`stopped: ${error.message}`);
        return;
      }
      onState('live');
      await readEvents(response.body, (event) => {
        if (event.id) {
          lastId = event.id;
        }
        onEvent(event);
      });
      onState('reconnecting');
    } catch (e) {
      if (signal.aborted) {
        return;
      }
      onState('reconnecting');
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

async function readEvents(body, dispatch) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let event = { id: null, event: 'message', data: [] };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      return;
    }
    buffer += value;
    let newline;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline).replace(/\r$/, '');
      buffer = buffer.slice(newline + 1);
      if (line === '') {
        if (event.data.length > 0) {
          dispatch({ id: event.id, event: event.event, data: JSON.parse(event.data.join('\n')) });
        }
        event = { id: null, event: 'message', data: [] };
      } else if (!line.startsWith(':')) {
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'data') {
          event.data.push(text);
        } else if (field === 'id' || field === 'event') {
          event[field] = text;
        }
      }
    }
  }
}
