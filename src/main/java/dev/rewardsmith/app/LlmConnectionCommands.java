package dev.rewardsmith.app;

import dev.rewardsmith.llm.ApiKeyCipher;
import dev.rewardsmith.llm.LlmConnections;
import dev.rewardsmith.propose.LlmConnection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;
import java.time.Duration;

/**
 * Stored LLM connections: create or replace one, remove one (see docs/architecture.md, Proposers). The default
 * connection from configuration cannot be changed this way, and a key is only stored when it can be encrypted.
 */
@ApplicationScoped
public class LlmConnectionCommands {

    /**
     * The settings an admin writes; null fields take their defaults, a null key keeps the stored one (only while
     * the origin of the base URL stays the same).
     */
    public record Settings(
            String baseUrl,
            String apiKey,
            String apiVersion,
            String model,
            Double temperature,
            Integer maxTokens,
            String nPerRequest,
            Double timeoutSeconds,
            Integer concurrency,
            Integer maxRetries) {

        /** Everything but the key, which only says whether there is one. */
        @Override
        public String toString() {
            return "Settings[baseUrl=" + baseUrl + ", apiKey=" + (apiKey == null ? "absent" : "***") + ", model="
                    + model + "]";
        }
    }

    /** A stored connection, and whether it is new. */
    public record Saved(LlmConnection connection, boolean created) {}

    @Inject
    LlmConnections connections;

    @Inject
    ApiKeyCipher cipher;

    /**
     * Creates or replaces the connection {@code name}. {@code apiKey} absent keeps the stored key, "" removes it; a
     * new origin (scheme, host, port) of the base URL without {@code apiKey} is refused (field {@code apiKey}), so a
     * stored key never goes to a host it was not given for.
     */
    public Uni<CommandResult<Saved>> put(String name, Settings r) {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new InvalidInput("name", "name: letters, digits, '.', '_' and '-', at most 64");
        }
        var existing = connections.find(name);
        if (existing.isPresent() && existing.get().configured()) {
            return Uni.createFrom()
                    .item(CommandResult.conflict(
                            "connection '" + name + "' comes from configuration (REWARDSMITH_LLM_*)"));
        }
        if (r.apiKey() == null
                && existing.isPresent()
                && existing.get().apiKey() != null
                && !existing.get().sameOrigin(r.baseUrl())) {
            // the stored key was given for that host only: never send it to another one
            throw new InvalidInput("apiKey", "apiKey: the host changed: send the API key again (\"\" for none)");
        }
        String key = r.apiKey() == null || r.apiKey().isEmpty() ? null : r.apiKey();
        if (key != null && !cipher.available()) {
            return Uni.createFrom()
                    .item(CommandResult.conflict(
                            "apiKey: set rewardsmith.secrets.key (REWARDSMITH_SECRETS_KEY) so keys can be stored"
                                    + " encrypted"));
        }
        LlmConnection c;
        try {
            c = new LlmConnection(
                    name,
                    r.baseUrl(),
                    key,
                    blank(r.apiVersion()),
                    r.model(),
                    r.temperature() == null ? 1.0 : r.temperature(),
                    r.maxTokens(),
                    LlmConnection.NPerRequest.parse(r.nPerRequest()),
                    Duration.ofMillis(Math.round((r.timeoutSeconds() == null ? 120 : r.timeoutSeconds()) * 1000)),
                    r.concurrency() == null ? 4 : r.concurrency(),
                    r.maxRetries() == null ? 3 : r.maxRetries(),
                    false);
        } catch (IllegalArgumentException e) {
            throw new InvalidInput(ApiError.of(e.getMessage()).field(), e.getMessage());
        }
        boolean created = existing.isEmpty();
        return connections.save(c, r.apiKey() == null).map(saved -> CommandResult.done(new Saved(saved, created)));
    }

    /** Removes a stored connection; 404 when there is none, refused for the one from configuration. */
    public Uni<CommandResult<Void>> delete(String name) {
        var existing = connections.find(name);
        if (existing.isEmpty()) throw new NotFoundException("no connection " + name);
        if (existing.get().configured()) {
            return Uni.createFrom().item(CommandResult.conflict("connection '" + name + "' comes from configuration"));
        }
        return connections.delete(name).map(ignored -> CommandResult.done(null));
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
