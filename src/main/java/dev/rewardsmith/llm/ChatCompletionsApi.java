package dev.rewardsmith.llm;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The OpenAI Chat Completions call, as a Quarkus REST client built per connection. The body goes out as text and
 * comes back as a stream, which {@link ChatClient} reads up to its size limit, so what is stored is exactly what
 * was exchanged and a malformed answer is kept as it came.
 */
public interface ChatCompletionsApi extends AutoCloseable {

    /**
     * @param authorization {@code Bearer <key>}; null to send none
     * @param apiKey Azure OpenAI's {@code api-key} header; null to send none
     * @param apiVersion Azure OpenAI's {@code api-version}; null to send none
     */
    @POST
    @Path("/chat/completions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<RestResponse<InputStream>> complete(
            @HeaderParam("Authorization") String authorization,
            @HeaderParam("api-key") String apiKey,
            @QueryParam("api-version") String apiVersion,
            String body);

    @Override
    void close();
}
