// Sign-in, who the key belongs to, and which view the address names (#agents, #tasks, #task/ID, ...).
import * as api from './api.js';
import { clear, errorLine } from './dom.js';
import * as overview from './views/overview.js';
import * as agents from './views/agents.js';
import * as tasks from './views/tasks.js';
import * as task from './views/task.js';
import * as live from './views/live.js';
import * as audit from './views/audit.js';

const VIEWS = { overview, agents, tasks, task, live, audit };
const TIER1_ONLY = ['audit'];

const page = {
  signIn: document.getElementById('sign-in'),
  signInForm: document.getElementById('sign-in-form'),
  signInError: document.getElementById('sign-in-error'),
  keyInput: document.getElementById('api-key'),
  view: document.getElementById('view'),
  nav: document.getElementById('nav'),
  who: document.getElementById('who'),
  scope: document.getElementById('scope'),
  signOut: document.getElementById('sign-out'),
};

let session = null;
let leaveView = null;

function showSignIn(reason) {
  stopView();
  session = null;
  api.signOut();
  page.view.hidden = true;
  page.nav.hidden = true;
  page.scope.hidden = true;
  page.signOut.hidden = true;
  page.who.textContent = '';
  page.signIn.hidden = false;
  page.signInError.textContent = reason || '';
  page.keyInput.value = '';
  page.keyInput.focus();
}

async function start() {
  try {
    const me = await api.get('/whoami');
    session = { me, tier1: me.trust_tier === 1 };
  } catch (error) {
    if (error.status !== 401) {
      showSignIn(`The relay could not be asked who this key is: ${error.message}`);
    }
    return;
  }
  page.signIn.hidden = true;
  page.view.hidden = false;
  page.nav.hidden = false;
  page.signOut.hidden = false;
  page.who.textContent = `${session.me.agent_id} · tier ${session.me.trust_tier}`;
  page.nav.querySelectorAll('[data-tier1]').forEach((link) => { link.hidden = !session.tier1; });
  page.scope.hidden = false;
  page.scope.textContent = session.tier1
    ? 'Tier 1: you see every agent, inbox depth, task, delivery and the audit log, and may act on them.'
    : `Tier ${session.me.trust_tier}: you see what this key may read over REST: the agent list, your own tasks `
      + 'and your own inbox. Inbox depth of others, relay statistics and the audit log need a tier-1 key.';
  route();
}

function stopView() {
  if (leaveView) {
    leaveView();
    leaveView = null;
  }
}

function route() {
  if (!session) {
    return;
  }
  stopView();
  const [name, argument] = (location.hash.replace(/^#/, '') || 'overview').split('/');
  const chosen = VIEWS[name] && (session.tier1 || !TIER1_ONLY.includes(name)) ? name : 'overview';
  page.nav.querySelectorAll('a').forEach((link) => {
    if (link.dataset.view === chosen || (chosen === 'task' && link.dataset.view === 'tasks')) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  });
  clear(page.view);
  page.view.dataset.view = chosen;
  try {
    leaveView = VIEWS[chosen].render(page.view, session, argument ? decodeURIComponent(argument) : null) || null;
  } catch (error) {
    page.view.append(errorLine(error));
  }
}

page.signInForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const typed = page.keyInput.value.trim();
  if (!typed) {
    return;
  }
  api.signIn(typed);
  page.signInError.textContent = '';
  start();
});

page.signOut.addEventListener('click', () => showSignIn(''));
api.onUnauthorized((detail) => showSignIn(`Signed out: ${detail}. Paste a valid key.`));
window.addEventListener('hashchange', route);
window.addEventListener('unhandledrejection', (event) => {
  // a refused key is handled by the sign-in; anything else is shown where the user looks
  event.preventDefault();
  if (!(event.reason instanceof api.ApiError && event.reason.status === 401) && session) {
    page.view.prepend(errorLine(event.reason));
  }
});

if (api.key()) {
  start();
} else {
  showSignIn('');
}
