// Drives /mcp as an MCP 2026-07-28 client, with the TypeScript SDK's v2 client: version negotiation, tools,
// the inbox resource, and subscriptions/listen hearing of a new delivery. Arguments: the relay's root URL, then
// alice's and bob's API keys. Prints one line per check and "N passed, M failed"; exits 1 on a failure.
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';

const [relay, aliceKey, bobKey] = process.argv.slice(2);
let passed = 0;
let failed = 0;

async function check(description, body) {
  try {
    await body();
    console.log(`ok: ${description}`);
    passed++;
  } catch (error) {
    console.log(`FAILED: ${description}: ${error?.message ?? error}`);
    failed++;
  }
}

function assert(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

async function connect(key) {
  const client = new Client({ name: 'mcp-modern-check', version: '1.0.0' }, { versionNegotiation: { mode: 'auto' } });
  const transport = new StreamableHTTPClientTransport(new URL(`${relay}/mcp`), {
    requestInit: { headers: { Authorization: `Bearer ${key}` } },
  });
  await client.connect(transport);
  return client;
}

function withTimeout(promise, millis, what) {
  return Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error(`no ${what} within ${millis} ms`)), millis))]);
}

let alice;
let bob;
await check('both clients negotiate 2026-07-28', async () => {
  alice = await connect(aliceKey);
  bob = await connect(bobKey);
  assert(alice.getProtocolEra() === 'modern', `era ${alice.getProtocolEra()}`);
  assert(alice.getNegotiatedProtocolVersion() === '2026-07-28', `version ${alice.getNegotiatedProtocolVersion()}`);
});

if (alice && bob) {
  await check('tools/list shows the twelve tools', async () => {
    const { tools } = await alice.listTools();
    assert(tools.length === 12 && tools.some((tool) => tool.name === 'relay_wait_inbox'), `${tools.length} tools`);
  });

  await check('resources/list shows relay://inbox', async () => {
    const { resources } = await bob.listResources();
    assert(resources.some((resource) => resource.uri === 'relay://inbox'), JSON.stringify(resources));
  });

  let subscription;
  let updated;
  const update = new Promise((resolve) => { updated = resolve; });
  await check('subscriptions/listen acknowledges relay://inbox', async () => {
    bob.setNotificationHandler('notifications/resources/updated', (notification) => updated(notification));
    subscription = await bob.listen({ resourceSubscriptions: ['relay://inbox'] });
    const honoured = subscription.honoredFilter.resourceSubscriptions ?? [];
    assert(honoured.includes('relay://inbox'), JSON.stringify(subscription.honoredFilter));
  });

  await check('tools/call relay_send_task sends a task', async () => {
    const result = await alice.callTool({ name: 'relay_send_task', arguments: { to_agent: 'bob', title: 'Modern hello' } });
    assert(!result.isError, JSON.stringify(result.content));
  });

  await check('the listen stream hears of the delivery', async () => {
    const notification = await withTimeout(update, 10000, 'notifications/resources/updated');
    assert(notification.params.uri === 'relay://inbox', JSON.stringify(notification));
  });

  await check('resources/read shows the task', async () => {
    const read = await bob.readResource({ uri: 'relay://inbox' }, { cacheMode: 'bypass' });
    assert(read.contents[0].text.includes('Modern hello'), read.contents[0].text);
  });

  await check('a refused call is an isError result', async () => {
    const result = await alice.callTool({ name: 'relay_send_task', arguments: { to_agent: 'ghost', title: 'x' } });
    assert(result.isError && result.content[0].text.includes("agent 'ghost' is not registered"), JSON.stringify(result));
  });

  await subscription?.close().catch(() => {});
  await alice.close().catch(() => {});
  await bob.close().catch(() => {});
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
