package dev.rewardsmith.propose;

import java.time.Instant;
import java.util.List;

/**
 * One request to a model with its retries, as stored: what was sent (the JSON body with the messages), what came
 * back (the raw body of the last attempt), tokens, cost, latency, model and finish reasons.
 *
 * @param status the HTTP status of the last attempt; null when none came (timeout, connection error)
 * @param error why the exchange yielded no completion; null when it did
 * @param usageEstimated the server reported no usage: tokens are estimated at four characters per token
 * @param latencyMillis from the first attempt to the end, waits between retries included
 */
public record Exchange(
        String id,
        String searchId,
        int restart,
        int iteration,
        int round,
        String connection,
        String model,
        String request,
        String response,
        Integer status,
        String error,
        int choices,
        List<String> finishReasons,
        int promptTokens,
        int completionTokens,
        boolean usageEstimated,
        double cost,
        long latencyMillis,
        int attempts,
        Instant createdAt) {

    public Exchange {
        finishReasons = List.copyOf(finishReasons);
    }

    /** What the exchanges cost together (the same compensated sum everywhere they are shown). */
    public static double totalCost(List<Exchange> exchanges) {
        return exchanges.stream().mapToDouble(Exchange::cost).sum();
    }

    /** The same exchange without the endpoint's response text. */
    public Exchange withoutResponse() {
        return new Exchange(
                id,
                searchId,
                restart,
                iteration,
                round,
                connection,
                model,
                request,
                null,
                status,
                error,
                choices,
                finishReasons,
                promptTokens,
                completionTokens,
                usageEstimated,
                cost,
                latencyMillis,
                attempts,
                createdAt);
    }
}
