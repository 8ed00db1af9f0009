# One image, two roles: the server (default) or a training worker on a RabbitMQ broker (README, "Scaling out").
# Build: docker build -t rewardsmith .   Run: docker run -p 8080:8080 -v rewardsmith-data:/data rewardsmith
# Worker: docker run rewardsmith worker --broker amqp://user:pass@host:5672 [--concurrency N] (no port, no volume)

# --- build: Maven (via the wrapper) with a JDK 21 and Node 20 for the web UI (Quinoa runs npm during package)
FROM node:20-bookworm-slim AS build
COPY --from=eclipse-temurin:21-jdk /opt/java/openjdk /opt/java/openjdk
ENV JAVA_HOME=/opt/java/openjdk PATH=/opt/java/openjdk/bin:$PATH
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -B -q dependency:go-offline -Dquarkus.quinoa=false || true
COPY webui webui
COPY src src
RUN ./mvnw -B package -DskipTests

# --- run: a JRE, an unprivileged user, data in a volume (the embedded PostgreSQL keeps its files there)
FROM eclipse-temurin:21-jre
# a font for the text in exported rollouts (GIF, MP4); AWT draws headless
RUN apt-get update && apt-get install -y --no-install-recommends fontconfig fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 --create-home --home-dir /home/rewardsmith rewardsmith \
    && mkdir -p /data && chown rewardsmith:rewardsmith /data
COPY --from=build --chown=rewardsmith:rewardsmith /src/target/quarkus-app/ /app/
USER 10001
ENV REWARDSMITH_DATA_DIR=/data \
    QUARKUS_LOG_CONSOLE_JSON_ENABLED=true \
    JAVA_OPTS_APPEND="-XX:MaxRAMPercentage=75"
VOLUME /data
EXPOSE 8080
# arguments after the image name reach the jar: none for the server, "worker --broker ..." for a worker
ENTRYPOINT ["sh", "-c", "exec java --add-modules jdk.incubator.vector -Djava.awt.headless=true $JAVA_OPTS_APPEND -jar /app/quarkus-run.jar \"$@\"", "rewardsmith"]
