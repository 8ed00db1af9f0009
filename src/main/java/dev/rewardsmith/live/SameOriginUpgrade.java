package dev.rewardsmith.live;

import dev.rewardsmith.security.Origins;
import dev.rewardsmith.security.WebConfig;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Refuses WebSocket upgrades from other sites' pages (cross-site WebSocket hijacking): a browser always sends
 * {@code Origin}, and it must be this server's. Tools without a browser send none and authenticate by token.
 */
@ApplicationScoped
public class SameOriginUpgrade implements HttpUpgradeCheck {

    @Inject
    WebConfig web;

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        var request = context.httpRequest();
        if (request.getHeader("Origin") == null) return CheckResult.permitUpgrade();
        String problem = Origins.check(request, web.publicOrigin());
        return problem == null ? CheckResult.permitUpgrade() : CheckResult.rejectUpgrade(403);
    }
}
