package dev.agentrelay.core.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.agentrelay.core.model.Agent;
import dev.agentrelay.core.model.AuditEntry;
import dev.agentrelay.core.model.ContactMethod;
import dev.agentrelay.core.store.AuditStore;
import dev.agentrelay.core.store.ReadContext;
import dev.agentrelay.core.bus.StoreQuery;
import io.vertx.core.Future;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Per-agent figures for {@code GET /stats/agents}: inbox depth (from memory) and, for agents that are or were
 * reached by webhook, how their webhook fares (from the audit log's latest attempts).
 */
public record ReadAgentFigures() implements StoreQuery<ReadAgentFigures.Figures> {

  /** How many of an agent's latest attempts are looked at to count its failures since the last success. */
  public static final int RECENT_ATTEMPTS = 50;

  public record Figures(@JsonProperty("agents") List<AgentFigures> agents) {
  }

  /** @param webhook null for an agent never reached by webhook */
  public record AgentFigures(
      @JsonProperty("agent_id") String agentId,
      @JsonProperty("pending") long pending,
      @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("webhook") WebhookHealth webhook) {
  }

  /**
   * @param failures failed attempts since the last delivered one, among the latest {@link #RECENT_ATTEMPTS}
   * @param disabledAt when an answer 410 switched the agent to polling; null if never, or if it is a webhook
   *     agent again
   */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record WebhookHealth(
      @JsonProperty("active") boolean active,
      @JsonProperty("last_attempt_at") String lastAttemptAt,
      @JsonProperty("last_outcome") String lastOutcome,
      @JsonProperty("last_result") String lastResult,
      @JsonProperty("failures") int failures,
      @JsonProperty("disabled_at") String disabledAt) {
  }

  @Override
  public Future<Figures> run(ReadContext reads) {
    List<Future<AgentFigures>> each = reads.agents().all().stream()
        .sorted(Comparator.comparing(Agent::agentId))
        .map(agent -> figures(reads, agent))
        .toList();
    return Future.all(each).map(all -> new Figures(each.stream().map(Future::result).toList()));
  }

  private static Future<AgentFigures> figures(ReadContext reads, Agent agent) {
    long pending = reads.pending().of(agent.agentId());
    boolean active = agent.contact().method() == ContactMethod.WEBHOOK;
    Future<Optional<AuditEntry>> disabled = active ? Future.succeededFuture(Optional.empty())
        : AuditStore.latestAbout(reads.pool(), agent.agentId(), DisableWebhook.EVENT, 1)
            .map(entries -> entries.stream().findFirst());
    return disabled.compose(disabledEntry -> {
      if (!active && disabledEntry.isEmpty()) {
        return Future.succeededFuture(new AgentFigures(agent.agentId(), pending, null));
      }
      return AuditStore.latestAbout(reads.pool(), agent.agentId(), RecordWebhookAttempt.EVENT, RECENT_ATTEMPTS)
          .map(attempts -> new AgentFigures(agent.agentId(), pending,
              health(active, attempts, disabledEntry.map(AuditEntry::at).orElse(null))));
    });
  }

  private static WebhookHealth health(boolean active, List<AuditEntry> attemptsNewestFirst, String disabledAt) {
    int failures = 0;
    for (AuditEntry attempt : attemptsNewestFirst) {
      if (RecordWebhookAttempt.DELIVERED.equals(attempt.detail().path("outcome").asText())) {
        break;
      }
      failures++;
    }
    Optional<AuditEntry> last = attemptsNewestFirst.stream().findFirst();
    return new WebhookHealth(active, last.map(AuditEntry::at).orElse(null),
        last.map(a -> a.detail().path("outcome").asText(null)).orElse(null),
        last.map(a -> a.detail().path("result").asText(null)).orElse(null), failures, disabledAt);
  }
}
