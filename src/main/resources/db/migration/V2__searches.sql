-- Searches, their iterations and candidates, per-epoch metrics and best checkpoints (DESIGN.md section 10).
-- JSON-valued columns hold documents written by the application (spec, problems, checkpoints, metrics).

create table searches (
    id                 uuid primary key,
    task               varchar(64)  not null,
    proposer           varchar(16)  not null,
    selection          varchar(16)  not null,
    state              varchar(20)  not null,
    reason             text,
    spec               text         not null,
    samples            int          not null,
    iterations         int          not null,
    restarts           int          not null,
    seed               bigint       not null,
    created_by         varchar(64)  not null,
    created_by_id      bigint       not null,
    idempotency_key    varchar(128),
    forked_from        uuid,
    best_candidate     uuid,
    best_fitness       double precision,
    prompt_tokens      bigint       not null default 0,
    completion_tokens  bigint       not null default 0,
    cost               double precision not null default 0,
    created_at         timestamptz  not null default now(),
    updated_at         timestamptz  not null default now(),
    finished_at        timestamptz,
    unique (created_by_id, idempotency_key)
);
create index searches_created on searches (created_at desc);
create index searches_task_state on searches (task, state);

create table iterations (
    search_id    uuid not null references searches (id) on delete cascade,
    restart      int  not null,
    position     int  not null,
    selected     uuid,
    finished_at  timestamptz not null default now(),
    primary key (search_id, restart, position)
);

create table candidates (
    id                uuid primary key,
    search_id         uuid        not null references searches (id) on delete cascade,
    restart           int         not null,
    iteration         int         not null,
    round             int         not null,
    position          int         not null,
    parent_id         uuid,
    origin            varchar(16) not null,
    summary           text        not null default '',
    response          text        not null,
    program           text,
    components        text        not null default '[]',
    problems          text        not null default '[]',
    state             varchar(16) not null,
    attempt           int         not null default 0,
    fitness           double precision,
    checkpoints       text        not null default '[]',
    reflection        text,
    failure           text,
    prompt_tokens     int         not null default 0,
    completion_tokens int         not null default 0,
    proposed_at       timestamptz not null,
    started_at        timestamptz,
    finished_at       timestamptz,
    unique (search_id, restart, iteration, position)
);
create index candidates_search on candidates (search_id, restart, iteration, position);

create table metric_records (
    candidate_id uuid not null references candidates (id) on delete cascade,
    attempt      int  not null,
    epoch        int  not null,
    data         text not null,
    primary key (candidate_id, attempt, epoch)
);

create table checkpoints (
    candidate_id uuid primary key references candidates (id) on delete cascade,
    policy       bytea            not null,
    fitness      double precision not null,
    created_at   timestamptz      not null default now()
);
