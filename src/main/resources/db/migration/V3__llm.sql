-- LLM connections and every exchange with a model (DESIGN.md sections 7 and 10).

-- Named connections an admin defines; api_key is AES-GCM ciphertext (base64) under rewardsmith.secrets.key.
create table llm_connections (
    name            varchar(64)  primary key,
    base_url        text         not null,
    api_key         text,
    api_version     varchar(32),
    model           varchar(128) not null,
    temperature     double precision not null default 1.0,
    max_tokens      int,
    n_per_request   varchar(8)   not null default 'auto',
    timeout_millis  int          not null default 120000,
    concurrency     int          not null default 4,
    max_retries     int          not null default 3,
    created_at      timestamptz  not null default now(),
    updated_at      timestamptz  not null default now()
);

-- One request to a model (with its retries): what was sent, what came back, what it cost.
create table llm_exchanges (
    id                uuid primary key,
    search_id         uuid         not null references searches (id) on delete cascade,
    restart           int          not null,
    iteration         int          not null,
    round             int          not null,
    connection        varchar(64)  not null,
    model             varchar(128) not null,
    request           text         not null,
    response          text,
    status            int,
    error             text,
    choices           int          not null default 0,
    finish_reasons    text         not null default '[]',
    prompt_tokens     int          not null default 0,
    completion_tokens int          not null default 0,
    usage_estimated   boolean      not null default false,
    cost              double precision not null default 0,
    latency_ms        bigint       not null default 0,
    attempts          int          not null default 0,
    created_at        timestamptz  not null default now()
);
create index llm_exchanges_search on llm_exchanges (search_id, created_at);

alter table candidates add column exchange_id uuid;
