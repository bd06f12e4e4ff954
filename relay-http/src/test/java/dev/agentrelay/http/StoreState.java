package dev.agentrelay.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

/**
 * What a refused write must leave as it was, read through the API with the admin key and a worker's: the audit
 * log, the tasks, the worker's pending count and the agents. Every read must answer 200.
 */
record StoreState(int auditEntries, int tasks, int workerPending, String agents) {

  static StoreState of(Api api, String workerKey) {
    String admin = TestRelay.ADMIN_KEY;
    Api.Reply audit = api.get("/api/v1/audit?limit=200", admin);
    Api.Reply tasks = api.get("/api/v1/tasks?limit=200", admin);
    Api.Reply inbox = api.get("/api/v1/inbox?limit=1", workerKey);
    Api.Reply agents = api.get("/api/v1/agents", admin);
    for (Api.Reply reply : List.of(audit, tasks, inbox, agents)) {
      assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    }
    return new StoreState(audit.array("entries").size(), tasks.array("tasks").size(),
        inbox.json().getInteger("pending"), agents.body());
  }
}
