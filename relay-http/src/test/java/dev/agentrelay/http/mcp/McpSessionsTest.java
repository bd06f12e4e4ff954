package dev.agentrelay.http.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentrelay.core.model.Agent;
import dev.agentrelay.core.model.AgentStatus;
import dev.agentrelay.core.model.Contact;
import dev.agentrelay.core.model.Permissions;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class McpSessionsTest {

  private final McpSessions sessions = new McpSessions();

  @Test
  void anAgentWhoseLastSessionIsRemovedLeavesNothingBehind() {
    Agent alice = agent("alice");
    sessions.add(session("s1"), alice);
    sessions.add(session("s2"), alice);
    sessions.add(session("s3"), agent("bob"));
    assertThat(sessions.agentsWithSessions()).isEqualTo(2);

    sessions.remove("s1");
    assertThat(sessions.agentsWithSessions()).isEqualTo(2);
    sessions.remove("s2");
    assertThat(sessions.agentsWithSessions()).isEqualTo(1);
    assertThat(sessions.all()).hasSize(1);
  }

  private static McpStreamableServerSession session(String id) {
    return new McpStreamableServerSession(id, null, null, Duration.ofSeconds(5), Map.of(), Map.of());
  }

  private static Agent agent(String id) {
    return new Agent(id, id, null, null, List.of(), 2, Contact.POLL, Permissions.ALL, AgentStatus.OFFLINE, null,
        null, "2026-11-27T00:00:00.000Z", "2026-11-27T00:00:00.000Z");
  }
}
