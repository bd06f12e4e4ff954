// Live: deliveries as they happen (tier 1: every agent's, from /deliveries/stream; otherwise the caller's own
// inbox stream), with pause, and deliveries and acknowledgements per second over the last five minutes.
import * as api from '../api.js';
import { el, append } from '../dom.js';
import { every } from '../poll.js';
import { sendForm } from './send.js';

const SECONDS = 300;
const MAX_ROWS = 200;
const SVG = 'http://www.w3.org/2000/svg';

function summary(data) {
  if (data.state) {
    // a receipt (the relay-wide stream): no content, only where the delivery stands
    return `${data.delivery_id} · ${data.state}`;
  }
  const part = ((data.message || data.artifact || data.task || {}).parts || [])[0];
  if (part && part.kind === 'text') {
    return part.text.length > 160 ? `${part.text.slice(0, 160)}…` : part.text;
  }
  return data.task ? data.task.title : '';
}

function row(event) {
  const data = event.data;
  const to = data.to_agent ? ` → ${data.to_agent}` : '';
  return el('li', { class: 'delivery', attrs: { 'data-seq': String(data.seq) } },
    el('span', { class: 'seq', text: `#${data.seq}` }),
    el('span', { class: 'badge', text: data.event }),
    el('span', { class: 'route', text: `${data.from_agent}${to}` }),
    data.task_id ? el('a', { href: `#task/${encodeURIComponent(data.task_id)}`, class: 'muted', text: data.task_id }) : null,
    el('span', { class: 'summary', text: summary(data) }));
}

class Chart {
  constructor(withAcks) {
    this.withAcks = withAcks;
    this.sends = new Array(SECONDS).fill(0);
    this.acks = new Array(SECONDS).fill(0);
    this.svg = document.createElementNS(SVG, 'svg');
    this.svg.setAttribute('viewBox', `0 0 ${SECONDS} 60`);
    this.svg.setAttribute('preserveAspectRatio', 'none');
    this.svg.setAttribute('role', 'img');
    this.svg.setAttribute('class', 'chart');
    this.sendLine = this.line('send-line');
    this.ackLine = this.line('ack-line');
    this.ackLine.setAttribute('visibility', withAcks ? 'visible' : 'hidden');
    this.caption = el('p', { class: 'muted chart-caption' });
  }

  line(cssClass) {
    const line = document.createElementNS(SVG, 'polyline');
    line.setAttribute('class', cssClass);
    line.setAttribute('fill', 'none');
    this.svg.append(line);
    return line;
  }

  tick() {
    this.sends.shift();
    this.sends.push(0);
    this.acks.shift();
    this.acks.push(0);
    this.draw();
  }

  draw() {
    const top = Math.max(1, ...this.sends, ...this.acks);
    const points = (series) => series.map((v, i) => `${i},${(60 - (v / top) * 56).toFixed(1)}`).join(' ');
    this.sendLine.setAttribute('points', points(this.sends));
    this.ackLine.setAttribute('points', points(this.acks));
    const last = (series) => series[SECONDS - 2];
    this.svg.setAttribute('aria-label', `deliveries and acknowledgements per second, last five minutes, peak ${top}`);
    const acked = this.withAcks ? ` · ${last(this.acks)} acked` : '';
    this.caption.textContent = `last second: ${last(this.sends)} delivered${acked} · peak ${top}/s`;
  }
}

export function render(container, session, toAgent) {
  let paused = false;
  const held = [];
  const list = el('ol', { class: 'tail', id: 'live-tail', attrs: { reversed: '' } });
  const state = el('span', { class: 'badge', id: 'live-state', text: 'connecting' });
  const heldNote = el('span', { class: 'muted' });
  const pause = el('button', { type: 'button', id: 'live-pause', text: 'Pause', attrs: { 'aria-pressed': 'false' } });
  const chart = new Chart(session.tier1);
  const show = (event) => {
    list.prepend(row(event));
    while (list.childElementCount > MAX_ROWS) {
      list.lastElementChild.remove();
    }
  };
  pause.addEventListener('click', () => {
    paused = !paused;
    pause.textContent = paused ? 'Resume' : 'Pause';
    pause.setAttribute('aria-pressed', String(paused));
    if (!paused) {
      held.splice(0).forEach(show);
      heldNote.textContent = '';
    }
  });
  const tier1 = session.tier1;
  append(container, [el('h2', { text: 'Live' }),
    el('p', { class: 'muted', text: tier1 ? 'Every delivery of the relay as it is committed (GET /deliveries/stream).'
      : 'Your inbox as it fills (GET /inbox/stream): unacknowledged items first, then new ones. Showing them here '
        + 'hands them to you (their receipts say delivered via sse) but acknowledges nothing. Relay-wide deliveries '
        + 'and acknowledgements need a tier-1 key.' }),
    el('div', { class: 'row' }, state, pause, heldNote),
    el('div', { class: 'chart-box' }, chart.svg,
      el('p', { class: 'legend' }, el('span', { class: 'key send-key', text: 'delivered/s' }),
        tier1 ? el('span', { class: 'key ack-key', text: 'acked/s' }) : null)),
    chart.caption,
    list,
    tier1 ? el('details', { class: 'panel', attrs: toAgent ? { open: '' } : {} },
      el('summary', { text: 'Send a message or a task' }), sendForm(toAgent)) : null]);
  const aborter = new AbortController();
  api.follow(tier1 ? '/deliveries/stream' : '/inbox/stream', (event) => {
    chart.sends[SECONDS - 1] += 1;
    if (paused) {
      held.push(event);
      held.splice(0, Math.max(0, held.length - MAX_ROWS));
      heldNote.textContent = `${held.length} held while paused`;
    } else {
      show(event);
    }
  }, (text) => { state.textContent = text; }, aborter.signal);
  const ticker = setInterval(() => chart.tick(), 1000);
  chart.draw();
  let acked = null;
  const stopAcks = tier1 ? every(1000, async () => {
    const stats = await api.get('/stats');
    if (acked !== null) {
      chart.acks[SECONDS - 1] += Math.max(0, stats.deliveries.acked - acked);
    }
    acked = stats.deliveries.acked;
  }) : () => {};
  return () => {
    aborter.abort();
    clearInterval(ticker);
    stopAcks();
  };
}
