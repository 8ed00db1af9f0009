# One image, two roles: the server (default) or a training worker on a RabbitMQ broker (README, "Scaling out").
# Build: docker build -t rewardsmith .   Run: docker run -p 8080:8080 -v rewardsmith-data:/data rewardsmith
# Worker: docker run rewardsmith worker --broker amqp://user:pass@host:5672 [--concurrency N] (no port, no volume)

# --- build: Maven (via the wrapper) with a JDK 25 and Node 20 for the web UI (Quinoa runs npm during package);
# gcc and MuJoCo's headers build the MuJoCo shim (native-mujoco/)
FROM node:20-bookworm-slim AS build
COPY --from=eclipse-temurin:25-jdk /opt/java/openjdk /opt/java/openjdk
RUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev libmujoco-dev \
    && rm -rf /var/lib/apt/lists/*
ENV JAVA_HOME=/opt/java/openjdk PATH=/opt/java/openjdk/bin:$PATH
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -B -q dependency:go-offline -Dquarkus.quinoa=false || true
COPY webui webui
COPY src src
COPY native-mujoco native-mujoco
RUN ./mvnw -B package -DskipTests

# --- run: a JRE on Debian (for Debian's MuJoCo 2.2.2), an unprivileged user, data in a volume (the embedded
# PostgreSQL keeps its files there)
FROM debian:bookworm-slim
COPY --from=eclipse-temurin:25-jre /opt/java/openjdk /opt/java/openjdk
ENV JAVA_HOME=/opt/java/openjdk PATH=/opt/java/openjdk/bin:$PATH
# a font for the text in exported rollouts (GIF, MP4); AWT draws headless; MuJoCo for the robot tasks
RUN apt-get update && apt-get install -y --no-install-recommends fontconfig fonts-dejavu-core libmujoco2.2.2 \
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
ENTRYPOINT ["sh", "-c", "exec java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Djava.awt.headless=true $JAVA_OPTS_APPEND -jar /app/quarkus-run.jar \"$@\"", "rewardsmith"]
